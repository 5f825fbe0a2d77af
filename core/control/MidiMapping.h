#pragma once
// MIDI controller mappings ("MIDI learn"): a controller (channel, CC number, optionally a
// 14-bit MSB/LSB pair per the MIDI 1.0 spec: MSB on CC 0 … 31, LSB on CC + 32) drives one
// parameter over a sub-range, optionally inverted. Stored in projects as JSON:
//   {"parameter": "track.2.gain", "channel": 1, "cc": 7, "highResolution": false,
//    "min": 0.0, "max": 1.0, "invert": false}
// (channel 1 … 16, or 0 for any channel; min/max are normalised 0 … 1 of the parameter range).
//
// MidiMapTable turns a list of mappings into an allocation-free lookup for the MIDI thread.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/control/Parameters.h"

namespace latentrack::core::control {

struct MidiMapping {
    std::string parameter; ///< ParameterInfo::id
    int channel = 0;       ///< 1 … 16, 0 = any
    int cc = 0;            ///< 0 … 127 (0 … 31 when highResolution)
    bool highResolution = false;
    float min = 0.0f; ///< normalised sub-range 0 … 1 (min > max is allowed and inverts)
    float max = 1.0f;
    bool invert = false;

    /// Normalised parameter position for a controller value 0 … 1.
    float map(float controller) const noexcept;
    friend bool operator==(const MidiMapping&, const MidiMapping&) = default;
};

/// Throws std::invalid_argument naming the field for out-of-range values.
void validate(const MidiMapping& m);
nlohmann::json toJson(const std::vector<MidiMapping>& mappings);
/// Throws std::invalid_argument with the position and field of a bad entry.
std::vector<MidiMapping> mappingsFromJson(const nlohmann::json& array);

/// Lookup for the MIDI thread. Built on the owner thread; immutable afterwards.
class MidiMapTable {
public:
    static constexpr std::int16_t kNone = -1;
    /// Mappings whose parameter is unknown to the registry are skipped (reported by unknown()).
    MidiMapTable(const std::vector<MidiMapping>& mappings, const ParameterRegistry& registry);
    /// Mapping index for channel 0 … 15 and controller 0 … 127, or kNone.
    std::int16_t forController(int channel, int cc) const noexcept {
        return m_byCc[static_cast<std::size_t>(channel & 15)][static_cast<std::size_t>(cc & 127)];
    }
    /// For an LSB controller (32 … 63): the high-resolution mapping it completes, or kNone.
    std::int16_t forLsb(int channel, int cc) const noexcept {
        return m_byLsb[static_cast<std::size_t>(channel & 15)][static_cast<std::size_t>(cc & 127)];
    }
    const MidiMapping& mapping(int index) const noexcept {
        return m_mappings[static_cast<std::size_t>(index)];
    }
    int parameterIndex(int index) const noexcept {
        return m_parameter[static_cast<std::size_t>(index)];
    }
    const std::vector<std::string>& unknown() const noexcept { return m_unknown; }

private:
    std::vector<MidiMapping> m_mappings;
    std::vector<int> m_parameter;
    std::vector<std::string> m_unknown;
    std::array<std::array<std::int16_t, 128>, 16> m_byCc{};
    std::array<std::array<std::int16_t, 128>, 16> m_byLsb{};
};

} // namespace latentrack::core::control
