#pragma once
// The module's screen: a 128 × 64 SSD1306 OLED over I²C (address 0x3C; datasheet SSD1306
// rev 1.1). Control byte 0x00 precedes commands, 0x40 display data. The constructor sends the
// power-up sequence (charge pump on, horizontal addressing, segment/COM remapped so that (0,0)
// is the top left); show() sets the column and page windows and writes the 1024-byte frame in
// chunks of kChunk bytes (~25 ms at 400 kHz: call it from the display thread only).
//
// Thread: the display thread.

#include <cstdint>
#include <vector>

#include "embedded/hw/Hardware.h"
#include "embedded/hw/I2cBus.h"

namespace latentrack::embedded::hw {

class Ssd1306 final : public Display {
public:
    static constexpr std::uint8_t kCommand = 0x00;
    static constexpr std::uint8_t kData = 0x40;
    static constexpr int kChunk = 128;

    /// The power-up command bytes (without control bytes), as sent by the constructor.
    static const std::vector<std::uint8_t>& initSequence();

    /// Sends initSequence(). Throws HardwareError when the display does not answer.
    Ssd1306(I2cBus& bus, std::uint8_t address = 0x3C);
    /// Turns the panel off (0xAE), ignoring errors.
    ~Ssd1306() override;

    bool show(const Frame& frame) override;

private:
    void command(std::initializer_list<std::uint8_t> bytes);
    I2cBus& m_bus;
    std::uint8_t m_address;
};

} // namespace latentrack::embedded::hw
