#include "embedded/hw/GpioPanel.h"

namespace latentrack::embedded::hw {

GpioPanel::GpioPanel(GpioLines& lines, const PinMap& map) : m_lines(lines), m_map(map) {}

bool GpioPanel::level(Pin pin, bool activeLow) {
    return m_lines.get(pin) != activeLow;
}

bool GpioPanel::read(double, std::array<float, kGateInputs>& volts) {
    try {
        volts[0] = level(Pin::Gate1, m_map.gatesActiveLow) ? 5.0f : 0.0f;
        volts[1] = level(Pin::Gate2, m_map.gatesActiveLow) ? 5.0f : 0.0f;
        return true;
    } catch (const HardwareError&) {
        return false;
    }
}

bool GpioPanel::read(double, int& detents, bool& pushed) {
    try {
        detents = m_decoder.process(level(Pin::EncoderA, m_map.encoderActiveLow),
                                    level(Pin::EncoderB, m_map.encoderActiveLow));
        pushed = level(Pin::EncoderPush, m_map.encoderActiveLow);
        return true;
    } catch (const HardwareError&) {
        detents = 0;
        pushed = false;
        return false;
    }
}

bool GpioPanel::set(LedColour c) {
    try {
        m_lines.set(Pin::LedRed, c.r >= 128);
        m_lines.set(Pin::LedGreen, c.g >= 128);
        m_lines.set(Pin::LedBlue, c.b >= 128);
        return true;
    } catch (const HardwareError&) {
        return false;
    }
}

} // namespace latentrack::embedded::hw
