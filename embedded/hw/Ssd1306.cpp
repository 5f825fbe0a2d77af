#include "embedded/hw/Ssd1306.h"

#include <algorithm>

namespace latentrack::embedded::hw {

const std::vector<std::uint8_t>& Ssd1306::initSequence() {
    static const std::vector<std::uint8_t> seq{
        0xAE,       // display off
        0xD5, 0x80, // clock divide / oscillator
        0xA8, 0x3F, // multiplex ratio: 64 rows
        0xD3, 0x00, // display offset 0
        0x40,       // start line 0
        0x8D, 0x14, // charge pump on (internal DC-DC)
        0x20, 0x00, // horizontal addressing
        0xA1,       // segment remap: column 127 at SEG0
        0xC8,       // COM scan from COM63: row 0 at the top
        0xDA, 0x12, // COM pins: alternative, no remap
        0x81, 0xCF, // contrast
        0xD9, 0xF1, // pre-charge
        0xDB, 0x40, // VCOMH deselect level
        0xA4,       // show the RAM
        0xA6,       // not inverted
        0xAF,       // display on
    };
    return seq;
}

Ssd1306::Ssd1306(I2cBus& bus, std::uint8_t address) : m_bus(bus), m_address(address) {
    std::vector<std::uint8_t> bytes{kCommand};
    const auto& seq = initSequence();
    bytes.insert(bytes.end(), seq.begin(), seq.end());
    try {
        m_bus.write(m_address, bytes);
    } catch (const HardwareError& e) {
        throw HardwareError(std::string("SSD1306 (screen): no answer: ") + e.what());
    }
}

Ssd1306::~Ssd1306() {
    try {
        command({0xAE});
    } catch (const HardwareError&) {
    }
}

void Ssd1306::command(std::initializer_list<std::uint8_t> bytes) {
    std::vector<std::uint8_t> out{kCommand};
    out.insert(out.end(), bytes.begin(), bytes.end());
    m_bus.write(m_address, out);
}

bool Ssd1306::show(const Frame& frame) {
    try {
        command({0x21, 0, Frame::kWidth - 1, 0x22, 0, Frame::kHeight / 8 - 1});
        std::vector<std::uint8_t> chunk;
        chunk.reserve(kChunk + 1);
        for (std::size_t at = 0; at < frame.bytes.size(); at += kChunk) {
            chunk.assign(1, kData);
            const auto end = std::min(frame.bytes.size(), at + static_cast<std::size_t>(kChunk));
            chunk.insert(chunk.end(), frame.bytes.begin() + static_cast<std::ptrdiff_t>(at),
                         frame.bytes.begin() + static_cast<std::ptrdiff_t>(end));
            m_bus.write(m_address, chunk);
        }
        return true;
    } catch (const HardwareError&) {
        return false;
    }
}

} // namespace latentrack::embedded::hw
