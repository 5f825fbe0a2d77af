#pragma once
// The module's hardware as the runtime sees it: CV inputs, gate inputs, a push encoder, an RGB
// LED and a 128 × 64 monochrome display. Each has backends chosen by the configuration (as
// norns picks its devices at boot): simulated (a scripted scenario, OSC from a desktop, the
// display as a PNG or on the terminal) and Linux (libgpiod, an ADS1115 and an SSD1306 over
// i2c-dev). The logic above (CvScaler, GateDetector, the menu) never knows which.
//
// Thread: every call from the module's control thread, except Display::show(), which the
// display thread calls (an I²C frame takes ~25 ms: never on the audio or control path).
// Errors: a backend that cannot reach its device throws HardwareError from its constructor;
// a failed read later returns false (the runtime keeps the last values and shows the error).

#include <array>
#include <cstdint>
#include <stdexcept>

namespace latentrack::embedded::hw {

class HardwareError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr int kCvInputs = 4;
inline constexpr int kGateInputs = 2;

class CvInput {
public:
    virtual ~CvInput() = default;
    /// Raw readings of the kCvInputs inputs (ADC volts, or jack volts for a simulation), at
    /// `seconds` since the module started. Returns false when the device did not answer.
    virtual bool read(double seconds, std::array<float, kCvInputs>& raw) = 0;
};

class GateInput {
public:
    virtual ~GateInput() = default;
    /// Input voltages of the kGateInputs gates (a GPIO reads 0 V or 5 V). False on failure.
    virtual bool read(double seconds, std::array<float, kGateInputs>& volts) = 0;
};

class Encoder {
public:
    virtual ~Encoder() = default;
    /// Detents turned since the last call (+ clockwise) and whether the knob is pushed in now.
    /// False on failure.
    virtual bool read(double seconds, int& detents, bool& pushed) = 0;
};

struct LedColour {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const LedColour&) const = default;
};

class Led {
public:
    virtual ~Led() = default;
    /// Sets the LED (a GPIO LED is on/off per channel: a channel ≥ 128 lights). False on failure.
    virtual bool set(LedColour colour) = 0;
};

/// A 128 × 64 one-bit frame in the SSD1306's page layout: byte [page · 128 + x], bit y % 8 of
/// page y / 8 (1 = lit).
struct Frame {
    static constexpr int kWidth = 128;
    static constexpr int kHeight = 64;
    std::array<std::uint8_t, kWidth * kHeight / 8> bytes{};
    void set(int x, int y, bool on) noexcept;
    bool get(int x, int y) const noexcept;
    void clear() noexcept { bytes.fill(0); }
};

class Display {
public:
    virtual ~Display() = default;
    /// Shows `frame`. Called from the display thread; may block for the transfer. False on
    /// failure.
    virtual bool show(const Frame& frame) = 0;
};

} // namespace latentrack::embedded::hw
