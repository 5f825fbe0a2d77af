#include "embedded/hw/Ads1115.h"

namespace latentrack::embedded::hw {

std::uint16_t Ads1115::configWord(int channel) noexcept {
    const auto mux = static_cast<std::uint16_t>(0x4 + (channel & 3)); // AINx vs GND
    return static_cast<std::uint16_t>(0x8000u     // OS: start a single conversion
                                      | mux << 12 // MUX
                                      | 0x1u << 9 // PGA ±4.096 V
                                      | 0x1u << 8 // MODE single-shot
                                      | 0x7u << 5 // DR 860 SPS
                                      | 0x3u);    // COMP_QUE: comparator off
}

Ads1115::Ads1115(I2cBus& bus, std::uint8_t address) : m_bus(bus), m_address(address) {
    try {
        readRegister(kConfigRegister);
    } catch (const HardwareError& e) {
        throw HardwareError(std::string("ADS1115 (CV inputs): no answer: ") + e.what());
    }
}

std::uint16_t Ads1115::readRegister(std::uint8_t reg) {
    const std::array<std::uint8_t, 1> pointer{reg};
    m_bus.write(m_address, pointer);
    std::array<std::uint8_t, 2> word{};
    m_bus.read(m_address, word);
    return static_cast<std::uint16_t>(word[0] << 8 | word[1]);
}

void Ads1115::startConversion(int channel) {
    const auto c = configWord(channel);
    const std::array<std::uint8_t, 3> bytes{kConfigRegister, static_cast<std::uint8_t>(c >> 8),
                                            static_cast<std::uint8_t>(c & 0xFF)};
    m_bus.write(m_address, bytes);
    m_converting = channel;
}

bool Ads1115::read(double, std::array<float, kCvInputs>& raw) {
    try {
        int next = 0;
        if (m_converting >= 0) {
            if ((readRegister(kConfigRegister) & 0x8000u) == 0) { // still converting
                raw = m_values;
                return true;
            }
            const auto code = static_cast<std::int16_t>(readRegister(kConversionRegister));
            m_values[static_cast<std::size_t>(m_converting)] =
                static_cast<float>(code * kVoltsPerCode);
            next = (m_converting + 1) % kCvInputs;
        }
        startConversion(next);
    } catch (const HardwareError&) {
        m_converting = -1;
        raw = m_values;
        return false;
    }
    raw = m_values;
    return true;
}

} // namespace latentrack::embedded::hw
