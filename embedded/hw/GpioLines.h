#pragma once
// GPIO lines by role, for the gate inputs, the encoder and the LED: a small interface so that
// the pin logic (GpioPanel) is tested against a fake, with one backend on libgpiod's v1 API
// (Debian 12's libgpiod 1.6, the right one for a Jetson Nano's 4.9 kernel).
//
// Thread: the control thread.

#include <array>
#include <memory>
#include <string>

#include "embedded/hw/Hardware.h"

namespace latentrack::embedded::hw {

/// The module's GPIO roles. Inputs first, then outputs.
enum class Pin { Gate1, Gate2, EncoderA, EncoderB, EncoderPush, LedRed, LedGreen, LedBlue };
inline constexpr int kPins = 8;
inline constexpr int kInputPins = 5;
const char* pinName(Pin p) noexcept;

/// Line offsets on the chip per role (−1: not wired), and whether the input pins are active low
/// (an encoder's switch to ground with a pull-up; Eurorack gates through a transistor stage).
struct PinMap {
    std::string chip = "gpiochip0";
    std::array<int, kPins> offsets{-1, -1, -1, -1, -1, -1, -1, -1};
    bool gatesActiveLow = true;
    bool encoderActiveLow = true;
};

class GpioLines {
public:
    virtual ~GpioLines() = default;
    /// Level of an input pin (true = high on the wire); false for an unwired pin. Throws
    /// HardwareError when the line cannot be read.
    virtual bool get(Pin pin) = 0;
    /// Drives an output pin (unwired: nothing). Throws HardwareError on failure.
    virtual void set(Pin pin, bool high) = 0;
};

/// The lines through libgpiod v1: gpiod_chip_open_lookup(chip), each wired role requested as
/// an input or output under the consumer name "latentrack-module". Throws HardwareError naming
/// the chip, role and line when the chip is missing or a line is busy.
std::unique_ptr<GpioLines> openLibgpiodLines(const PinMap& map);

} // namespace latentrack::embedded::hw
