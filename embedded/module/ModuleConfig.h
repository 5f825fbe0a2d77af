#pragma once
// The module's configuration file (JSON), read at start:
// {
//   "mode": "faders",                       // the NeuroRave instrument ("drums": drum machine)
//   "model": "models/rave-percussion",      // attribute-fader model folder, or an nn~ / RAVE
//                                           // TorchScript file (.ts) (relative: to the assets
//                                           // folder, else to this file's folder)
//   "drumModel": "models/drums8",           // mode "drums": the grain-VAE kit
//   "audio": {"api": "alsa", "device": "", "sampleRate": 48000, "bufferFrames": 256},
//   "volumeDb": -6,                         // −60 … 0 dB
//   "cv": [ {"target": "latent", "range": "bipolar",
//            "calibration": {"raw": [0.0, 3.3], "volts": [-5, 5]}},
//           {"target": "rms"}, {"target": "centroid"}, {"target": "bandwidth"} ],
//   "gate": {"highVolts": 2.5, "lowVolts": 1.0, "minGateSeconds": 0.002,
//            "attackSeconds": 0.005, "releaseSeconds": 0.25},
//   "smoothingSeconds": 0.01, "controlRate": 500, "displayRate": 15,
//   "macroSeed": 1,                         // gate 2's sequence of attribute sets
//   "hardware": "simulated",                // or "linux"
//   "linux": {"i2c": "/dev/i2c-1", "adc": 72, "oled": 60, "chip": "gpiochip0",
//             "pins": {"gate1": 12, "gate2": 13, "encoderA": 5, "encoderB": 6,
//                      "encoderPush": 19, "ledRed": 16, "ledGreen": 20, "ledBlue": 21}},
//   "osc": 0,                               // UDP port for /cv /gate /encoder /push (0: off)
//   "displayPng": "", "displayTerminal": false
// }
// Every key is optional; a missing one takes the default above. A CV target is "latent" (the
// prior's first latent dimension), "none", a descriptor (rms, centroid, bandwidth,
// sharpness, boominess), or "pitch": 1 V/octave, 0 V = C4 (MIDI 60), the note a model given
// its pitch plays (RaveConfig::pitchInput; other models ignore it).
//
// Thread: any (plain data). Errors: ModuleConfigError naming the file, key and reason.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/audio/AudioDevice.h"
#include "embedded/control/CvScaler.h"
#include "embedded/control/GateDetector.h"
#include "embedded/hw/GpioLines.h"
#include "embedded/hw/Hardware.h"

namespace latentrack::embedded::module {

class ModuleConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What a CV input drives: the latent, nothing, descriptor attribute 0 … 4, or the pitch.
struct CvTarget {
    enum class Kind { None, Latent, Attribute, Pitch };
    Kind kind = Kind::None;
    int attribute = 0;
    /// "none", "latent", "pitch" or a descriptor name; throws ModuleConfigError for another.
    static CvTarget fromName(const std::string& name);
    std::string name() const;
    bool operator==(const CvTarget&) const = default;
};

struct CvInputConfig {
    CvTarget target;
    control::CvRange range = control::CvRange::Bipolar;
    control::Calibration calibration;
};

struct ModuleConfig {
    std::string mode = "faders";
    std::filesystem::path model = "models/rave-percussion";
    std::filesystem::path drumModel = "models/drums8"; ///< mode "drums": a granular model
    core::audio::AudioConfig audio{"", "", 48000, 256, false};
    float volumeDb = -6.0f;
    std::array<CvInputConfig, hw::kCvInputs> cv;
    control::GateSettings gate;
    float attackSeconds = 0.005f;
    float releaseSeconds = 0.25f;
    float smoothingSeconds = 0.01f;
    double controlRate = 500.0;
    double displayRate = 15.0;
    std::uint64_t macroSeed = 1;
    std::string hardware = "simulated";
    std::string i2cDevice = "/dev/i2c-1";
    std::uint8_t adcAddress = 0x48;
    std::uint8_t oledAddress = 0x3C;
    hw::PinMap pins;
    int oscPort = 0;
    std::filesystem::path displayPng;
    bool displayTerminal = false;

    ModuleConfig(); ///< the defaults above (CV 1 latent, 2–4 rms, centroid, bandwidth)

    /// Reads `file`; relative paths in it are kept as written (see resolveModel()).
    static ModuleConfig load(const std::filesystem::path& file);
    /// Parses `j` (what: the file, for messages). Throws ModuleConfigError.
    static ModuleConfig fromJson(const nlohmann::json& j, const std::string& what = "config");
    nlohmann::json toJson() const;
};

/// The model folder (or TorchScript file): `model` if absolute; else `assets`/model if it
/// exists; else relative to `configDir`. Throws ModuleConfigError when none exists.
std::filesystem::path resolveModel(const std::filesystem::path& model,
                                   const std::filesystem::path& assets,
                                   const std::filesystem::path& configDir);

/// The shipped assets: <exe dir>/../share/latentrack/assets (installed), <exe dir>/assets (the
/// module bundle), else the source tree's (a build-tree binary); empty when none exists.
std::filesystem::path moduleAssets();

} // namespace latentrack::embedded::module
