#pragma once
// The simulated backend: the module's inputs come from a Scenario (scripted, for tests and
// demos) and from OSC messages from a desktop (a sequencer, TouchOSC, oscsend), the LED's
// colour is remembered, and the display is written to a PNG file and/or drawn on the terminal.
//
// OSC address space (liblo, UDP; inputs numbered from 1 as on the panel):
//   /cv i f        CV input 1–4 at f volts (−10 … 10)
//   /gate i i      gate 1–2 low (0) or high (≠ 0: 5 V); /gate i f sets the voltage
//   /encoder i     turn by i detents (+ clockwise)
//   /push i        encoder pushed (1) or released (0)
// A value set over OSC replaces the scenario's for that input from then on. Anything else is
// answered to the sender with /error s s (address, reason).
//
// Thread: read()/set() on the control thread, show() on the display thread; the OSC server's
// own thread only stores atomics.

#include <array>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "embedded/hw/Hardware.h"
#include "embedded/hw/Scenario.h"

namespace latentrack::embedded::hw {

class SimulatedInputs final : public CvInput, public GateInput, public Encoder {
public:
    /// `scenario` may be empty (inputs at 0 V until OSC sets them). `oscPort` 0: no OSC;
    /// otherwise the UDP port to listen on (throws HardwareError when it cannot be bound).
    explicit SimulatedInputs(std::optional<Scenario> scenario = std::nullopt, int oscPort = 0);
    ~SimulatedInputs() override;

    bool read(double seconds, std::array<float, kCvInputs>& raw) override;
    bool read(double seconds, std::array<float, kGateInputs>& volts) override;
    bool read(double seconds, int& detents, bool& pushed) override;

    /// The OSC port actually bound (0 without OSC).
    int oscPort() const noexcept { return m_port; }
    /// OSC messages accepted and refused so far.
    int oscAccepted() const noexcept { return m_accepted.load(); }
    int oscRefused() const noexcept { return m_refused.load(); }

    /// The OSC handlers' entry (public for liblo's C callback): validates and stores one
    /// message; returns the reason when it is refused, empty when accepted.
    std::string handle(const std::string& path, const std::string& types, const float* numbers,
                       int count);

    struct Osc; ///< the liblo server thread and its handler's context

private:
    std::optional<Scenario> m_scenario;
    std::array<std::atomic<float>, kCvInputs> m_cv{};
    std::array<std::atomic<bool>, kCvInputs> m_cvSet{};
    std::array<std::atomic<float>, kGateInputs> m_gate{};
    std::array<std::atomic<bool>, kGateInputs> m_gateSet{};
    std::atomic<int> m_detents{0};
    std::atomic<int> m_push{-1}; ///< −1: not set over OSC
    std::atomic<int> m_accepted{0}, m_refused{0};
    double m_lastEncoderSeconds = 0.0;
    std::unique_ptr<Osc> m_osc;
    int m_port = 0;
};

class SimulatedLed final : public Led {
public:
    bool set(LedColour colour) override {
        m_colour = colour;
        return true;
    }
    LedColour colour() const noexcept { return m_colour; }

private:
    LedColour m_colour;
};

/// The display as a PNG (each pixel 4 × 4, lit pixels in the OLED's blue-white), rewritten
/// atomically at each show(), and/or as Unicode half blocks on a terminal stream.
class SimulatedDisplay final : public Display {
public:
    /// `png` empty: no file. `terminal`: also draw to stdout (cursor home, 32 lines).
    SimulatedDisplay(std::filesystem::path png, bool terminal);
    bool show(const Frame& frame) override;
    /// The last frame shown (for tests), under a short lock.
    Frame last() const;
    int frames() const noexcept { return m_count.load(); }

private:
    std::filesystem::path m_png;
    bool m_terminal;
    mutable std::mutex m_mutex;
    Frame m_last;
    std::atomic<int> m_count{0};
};

/// The frame as text: 64 / 2 lines of 128 Unicode half blocks (▀ ▄ █ and space).
std::string frameAsText(const Frame& frame);

} // namespace latentrack::embedded::hw
