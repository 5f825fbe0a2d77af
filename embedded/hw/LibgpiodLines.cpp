#include <cerrno>
#include <cstring>

#include <gpiod.h>

#include "embedded/hw/GpioLines.h"

namespace latentrack::embedded::hw {

const char* pinName(Pin p) noexcept {
    switch (p) {
    case Pin::Gate1:
        return "gate 1";
    case Pin::Gate2:
        return "gate 2";
    case Pin::EncoderA:
        return "encoder A";
    case Pin::EncoderB:
        return "encoder B";
    case Pin::EncoderPush:
        return "encoder push";
    case Pin::LedRed:
        return "LED red";
    case Pin::LedGreen:
        return "LED green";
    case Pin::LedBlue:
        return "LED blue";
    }
    return "?";
}

namespace {

class LibgpiodLines final : public GpioLines {
public:
    explicit LibgpiodLines(const PinMap& map) : m_map(map) {
        m_chip = gpiod_chip_open_lookup(map.chip.c_str());
        if (!m_chip)
            throw HardwareError("GPIO: cannot open chip \"" + map.chip +
                                "\": " + std::strerror(errno) + " (gpiodetect lists the chips)");
        for (int i = 0; i < kPins; ++i) {
            const int offset = map.offsets[static_cast<std::size_t>(i)];
            if (offset < 0)
                continue;
            const auto role = static_cast<Pin>(i);
            gpiod_line* line = gpiod_chip_get_line(m_chip, static_cast<unsigned>(offset));
            const int rc = !line ? -1
                           : i < kInputPins
                               ? gpiod_line_request_input(line, "latentrack-module")
                               : gpiod_line_request_output(line, "latentrack-module", 0);
            if (rc < 0) {
                const std::string why = std::strerror(errno);
                close();
                throw HardwareError("GPIO: " + std::string(pinName(role)) + " on " + map.chip +
                                    " line " + std::to_string(offset) + ": " + why +
                                    " (gpioinfo shows who holds it)");
            }
            m_lines[static_cast<std::size_t>(i)] = line;
        }
    }
    ~LibgpiodLines() override { close(); }

    bool get(Pin pin) override {
        auto* line = m_lines[static_cast<std::size_t>(pin)];
        if (!line)
            return false;
        const int v = gpiod_line_get_value(line);
        if (v < 0)
            throw HardwareError("GPIO: cannot read " + std::string(pinName(pin)) + ": " +
                                std::strerror(errno));
        return v == 1;
    }
    void set(Pin pin, bool high) override {
        auto* line = m_lines[static_cast<std::size_t>(pin)];
        if (line && gpiod_line_set_value(line, high ? 1 : 0) < 0)
            throw HardwareError("GPIO: cannot drive " + std::string(pinName(pin)) + ": " +
                                std::strerror(errno));
    }

private:
    void close() {
        for (auto*& line : m_lines)
            if (line) {
                gpiod_line_release(line);
                line = nullptr;
            }
        if (m_chip) {
            gpiod_chip_close(m_chip);
            m_chip = nullptr;
        }
    }
    PinMap m_map;
    gpiod_chip* m_chip = nullptr;
    std::array<gpiod_line*, kPins> m_lines{};
};

} // namespace

std::unique_ptr<GpioLines> openLibgpiodLines(const PinMap& map) {
    return std::make_unique<LibgpiodLines>(map);
}

} // namespace latentrack::embedded::hw
