#pragma once
// The module's instrument (NeuroRave's default): an attribute-fader (F-RAVE) voice on the
// realtime engine, played from the panel.
// - gate 1 opens the voice's VCA (GatedStream) while it is high;
// - each CV drives what its assignment says: the prior's first latent dimension, one
//   attribute (fader travel −1 … 1 added to the attribute's base value; models::rave::FaderScale
//   maps travel 0, i.e. 0 V at rest, to the training data's median, ±1 to its extremes), or the
//   pitch of a model given its pitch (1 V/octave, 0 V = C4; RaveVoice::setNote);
// - gate 2's rising edge changes all attributes at once (the macro): every base value jumps to
//   the next of a seeded sequence of random points in −0.8 … 0.8;
// - the encoder drives the menu (model, CV assignments, CV range, volume);
// - the LED shows the state: green running (dim while the gate is closed), red on a clip
//   (master peak ≥ 0 dBFS) for a moment, blinking red on an error; the screen shows the model,
//   the attributes and the CPU load.
// The model decodes on RaveVoice's worker (LibTorch never on the audio or control thread).
//
// An nn~ / RAVE TorchScript file (`"model": "models/NAME.ts"`, or one in the menu) plays the
// same way through a models::torchscript::TorchScriptVoice generating from a latent walk: it
// has no descriptors, so the CV targets drive latent dimensions instead — "latent" z1 and rms,
// centroid, bandwidth, sharpness, boominess z2 … z6 (the default CVs: z1 … z4) — each a bias
// of ±kLatentRange on the dimension, and gate 2's macro moves z2 … z6.
//
// Threads: construct, start() and the accessors on the owner thread; tick() on the control
// thread (one at a time); drawDisplay() on the display thread; the engine's process() on the
// audio thread. state() from any thread (short lock).
// Errors: the constructor throws ModuleConfigError or models::rave::RaveModelError for a
// missing or mismatched model; hardware read failures are shown (LED, screen), not thrown.

#include <array>
#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "core/engine/Engine.h"
#include "embedded/control/CvScaler.h"
#include "embedded/control/GateDetector.h"
#include "embedded/hw/Hardware.h"
#include "embedded/module/GatedStream.h"
#include "embedded/module/ModuleConfig.h"
#include "embedded/module/ModuleInstrument.h"
#include "embedded/module/ModuleMenu.h"
#include "embedded/module/ModuleScreen.h"
#include "embedded/module/ProcessCpuMeter.h"
#include "models/rave/FaderScale.h"
#include "models/rave/RaveModelIo.h"
#include "models/rave/RaveVoice.h"
#include "models/torchscript/TorchScriptVoice.h"

namespace latentrack::embedded::module {

/// The hardware the runtime drives (not owned; each may be null: that part is absent).
struct Panel {
    hw::CvInput* cv = nullptr;
    hw::GateInput* gates = nullptr;
    hw::Encoder* encoder = nullptr;
    hw::Led* led = nullptr;
    hw::Display* display = nullptr;
};

class ModuleRuntime final : public ModuleInstrument {
public:
    static constexpr float kMacroSpread = 0.8f;
    static constexpr float kLatentRange = 2.0f;      ///< a TorchScript model's knob bias at ±1
    static constexpr float kPitchCentreMidi = 60.0f; ///< a pitch CV at 0 V: C4

    /// Loads the configured model (resolved against `assets` and `configDir`) and adds the
    /// voice's source to the engine. Throws as said above.
    ModuleRuntime(ModuleConfig config, Panel panel, std::filesystem::path assets,
                  std::filesystem::path configDir = ".");
    ~ModuleRuntime() override;
    ModuleRuntime(const ModuleRuntime&) = delete;
    ModuleRuntime& operator=(const ModuleRuntime&) = delete;

    core::engine::Engine& engine() noexcept override { return m_engine; }
    GatedStream& stream() noexcept { return *m_stream; }

    /// Starts the voice's worker for an engine running at `engineRate` Hz with blocks of up to
    /// `bufferFrames` (it keeps two blocks, at least 30 ms, decoded ahead). Call after the
    /// engine is prepared (by the audio device or an offline renderer); again after a rate
    /// change.
    void start(double engineRate, int bufferFrames) override;

    /// One control tick at `seconds` since start (non-decreasing): reads the panel, updates
    /// the voice, the menu and the LED.
    void tick(double seconds) override;

    /// Draws the screen from the current state and shows it. Display thread.
    void drawDisplay() override;
    /// The voice's worker has `frames` decoded in the ring.
    bool ready(int frames) override {
        return m_stream->ring().available() >= static_cast<std::size_t>(frames);
    }
    /// The TorchScript voice, when the model is one (else null).
    const models::torchscript::TorchScriptVoice* torchScriptVoice() const {
        return m_tsVoice.get();
    }

    struct State {
        std::string model;
        bool gate1 = false;
        int macroCount = 0;                    ///< gate 2 edges so far
        std::array<float, hw::kCvInputs> cv{}; ///< positions −1 … 1
        std::array<float, 5> attributes{};     ///< the faders sent to the voice (travel −1 … 1)
        float latent = 0.0f;
        std::string error; ///< hardware or model error, "" if none
        hw::LedColour led;
        bool menuOpen = false; ///< the menu, as the screen shows it
        bool editing = false;
        int menuItem = 0;
        std::vector<std::string> menuLines;
    };
    State state() const;
    /// What the voice decoded its last block with and measured on it (normalised −1 … 1).
    std::array<float, 5> voiceTargets() const;
    std::array<float, 5> voiceMeasured() const;
    /// The pitch (MIDI) a model given its pitch played its last block at; 0 for another model.
    float voicePitch() const;
    /// Seconds from a CV change's setter call to the sound (RaveVoice), −1 before one.
    double reactionSeconds() const;
    const ModuleConfig& config() const noexcept override { return m_config; }

private:
    /// A loaded model: LatentRack's attribute-fader folder or a TorchScript file.
    struct Loaded {
        std::shared_ptr<models::rave::RaveBundle> bundle;
        std::shared_ptr<models::torchscript::TorchScriptModel> script;
    };
    static Loaded load(const std::filesystem::path& path);
    void adopt(Loaded loaded); ///< the loaded model becomes the current one (control thread)
    void loadModel(const std::string& name); ///< starts loading on a loader thread
    void finishLoad();                       ///< swaps the voice once the load is done
    void applyControls();
    void applyMenu(unsigned changes);
    void setError(std::string e);

    ModuleConfig m_config;
    Panel m_panel;
    std::filesystem::path m_assets, m_configDir;
    core::engine::Engine m_engine;
    GatedStream* m_stream = nullptr;
    std::shared_ptr<models::rave::RaveBundle> m_bundle;
    std::shared_ptr<models::torchscript::TorchScriptModel> m_script;
    models::rave::FaderScale m_scale; ///< the bundle's travel → attribute (identity otherwise)
    std::future<Loaded> m_loading;    ///< a menu's model choice
    std::string m_loadingName;
    std::unique_ptr<models::rave::RaveVoice> m_voice;
    std::unique_ptr<models::torchscript::TorchScriptVoice> m_tsVoice;
    double m_rate = 0.0;
    int m_buffer = 256;

    std::array<control::CvScaler, hw::kCvInputs> m_scalers;
    std::array<control::GateDetector, hw::kGateInputs> m_gates;
    std::unique_ptr<ModuleMenu> m_menu;
    std::mt19937_64 m_macroRng;
    std::array<float, 5> m_macro{};
    std::array<float, 5> m_sent{};
    float m_sentLatent = 0.0f;
    float m_sentNote = kPitchCentreMidi;
    bool m_sentAny = false;
    double m_lastSeconds = -1.0;
    double m_clipUntil = -1.0;

    ProcessCpuMeter m_cpuMeter; ///< display thread
    mutable std::mutex m_stateMutex;
    State m_state;
};

/// The model folders under `assets`/models that hold an attribute-fader model (kind "rave"),
/// and the TorchScript files there (NAME.ts), by name, sorted.
std::vector<std::string> faderModels(const std::filesystem::path& assets);

} // namespace latentrack::embedded::module
