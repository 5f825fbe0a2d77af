#pragma once
// The app's controllable parameters by stable string id ("transport.bpm", "track.3.gain",
// "fm.param.134" …), so that MIDI mappings, OSC and the GUI name them the same way and
// projects can store mappings. Each parameter has a physical range and an apply function that
// sets it from a control thread (MIDI, OSC): it must only store atomics or push engine
// commands — never block or allocate.
//
// Thread: build (add) on the owner thread before any control thread starts; afterwards the
// registry is read-only and apply() may be called from any one control thread at a time.

#include <functional>
#include <string>
#include <vector>

namespace latentrack::core::control {

struct ParameterInfo {
    std::string id;   ///< stable id, stored in projects
    std::string name; ///< for people, e.g. "Track 3 gain"
    float min = 0.0f; ///< physical range (dB, BPM, 0 … 99 …)
    float max = 1.0f;
    bool integer = false; ///< values are rounded
    bool toggle = false;  ///< a button: ≥ half the range is on
};

class ParameterRegistry {
public:
    /// Adds a parameter; returns its index. Throws std::invalid_argument on a duplicate id or
    /// an empty range.
    int add(ParameterInfo info, std::function<void(float)> apply);
    /// Index of an id, −1 when unknown.
    int find(const std::string& id) const noexcept;
    int size() const noexcept { return static_cast<int>(m_entries.size()); }
    const ParameterInfo& info(int index) const {
        return m_entries.at(static_cast<std::size_t>(index)).info;
    }
    /// Sets parameter `index` to `value` (clamped to its range, rounded if integer).
    /// Thread: a control thread. Does nothing for an invalid index.
    void apply(int index, float value) const noexcept;
    /// Physical value of a normalised position 0 … 1 (clamped, rounded if integer).
    float fromNormalised(int index, float normalised) const noexcept;

private:
    struct Entry {
        ParameterInfo info;
        std::function<void(float)> apply;
    };
    std::vector<Entry> m_entries;
};

} // namespace latentrack::core::control
