#include "core/control/MidiMapping.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace latentrack::core::control {

float MidiMapping::map(float controller) const noexcept {
    float v = std::clamp(controller, 0.0f, 1.0f);
    if (invert)
        v = 1.0f - v;
    return min + v * (max - min);
}

void validate(const MidiMapping& m) {
    if (m.parameter.empty())
        throw std::invalid_argument("mapping has no parameter");
    if (m.channel < 0 || m.channel > 16)
        throw std::invalid_argument("channel " + std::to_string(m.channel) + " is outside 0 … 16");
    if (m.cc < 0 || m.cc > (m.highResolution ? 31 : 127))
        throw std::invalid_argument("cc " + std::to_string(m.cc) + " is outside 0 … " +
                                    (m.highResolution ? "31 for a 14-bit pair" : "127"));
    if (m.min < 0.0f || m.min > 1.0f || m.max < 0.0f || m.max > 1.0f)
        throw std::invalid_argument("min and max must lie in 0 … 1");
}

nlohmann::json toJson(const std::vector<MidiMapping>& mappings) {
    auto array = nlohmann::json::array();
    for (const auto& m : mappings)
        array.push_back({{"parameter", m.parameter},
                         {"channel", m.channel},
                         {"cc", m.cc},
                         {"highResolution", m.highResolution},
                         {"min", m.min},
                         {"max", m.max},
                         {"invert", m.invert}});
    return array;
}

std::vector<MidiMapping> mappingsFromJson(const nlohmann::json& array) {
    if (!array.is_array())
        throw std::invalid_argument("midiMappings must be an array");
    std::vector<MidiMapping> out;
    for (std::size_t i = 0; i < array.size(); ++i) {
        const auto& j = array[i];
        try {
            MidiMapping m;
            m.parameter = j.at("parameter").get<std::string>();
            m.channel = j.value("channel", 0);
            m.cc = j.at("cc").get<int>();
            m.highResolution = j.value("highResolution", false);
            m.min = j.value("min", 0.0f);
            m.max = j.value("max", 1.0f);
            m.invert = j.value("invert", false);
            validate(m);
            out.push_back(m);
        } catch (const std::exception& e) {
            throw std::invalid_argument("midiMappings[" + std::to_string(i) + "]: " + e.what());
        }
    }
    return out;
}

MidiMapTable::MidiMapTable(const std::vector<MidiMapping>& mappings,
                           const ParameterRegistry& registry) {
    for (auto& row : m_byCc)
        row.fill(kNone);
    for (auto& row : m_byLsb)
        row.fill(kNone);
    for (const auto& m : mappings) {
        const int parameter = registry.find(m.parameter);
        if (parameter < 0) {
            m_unknown.push_back(m.parameter);
            continue;
        }
        const auto index = static_cast<std::int16_t>(m_mappings.size());
        m_mappings.push_back(m);
        m_parameter.push_back(parameter);
        for (int ch = 0; ch < 16; ++ch) {
            if (m.channel != 0 && m.channel != ch + 1)
                continue;
            m_byCc[static_cast<std::size_t>(ch)][static_cast<std::size_t>(m.cc)] = index;
            if (m.highResolution)
                m_byLsb[static_cast<std::size_t>(ch)][static_cast<std::size_t>(m.cc + 32)] = index;
        }
    }
}

} // namespace latentrack::core::control
