#pragma once
// The DX7 operator envelope: four rates and levels, in the log domain. Decays are linear in
// dB (exponential in amplitude); attacks start with a jump to kAttackJumpCounts above the floor
// and then rise at the decay speed times 2 + ⌊(full scale − level)/256⌋, which gives the
// DX7's near-linear attack shape (the measurements in DxTables.h's source).
//
// Gate on: L4 → L1 (R1) → L2 (R2) → L3 (R3), hold L3; gate off: → L4 (R4), then idle.
// A retriggered note starts from the level it has, as on the DX7, so retriggers do not click.
// Levels are in counts (DxTables.h). Thread: audio; no allocation.

#include <array>

namespace latentrack::core::fm {

struct EnvelopeTargets {
    std::array<float, 4> level{}; ///< counts, already clipped at kFloorCounts
    std::array<float, 4> speed{}; ///< decay speed, counts per second
};

class Envelope {
public:
    /// Starts at L4 (the note's first key-on) or from the current level (retrigger).
    void keyOn(const EnvelopeTargets& targets, bool fromCurrentLevel) noexcept;
    void keyOff() noexcept;
    /// Updates the targets of a sounding note (parameter edits) without restarting it.
    void retarget(const EnvelopeTargets& targets) noexcept {
        m_targets = targets;
        m_holding = false;
    }
    /// Advances by `seconds` and returns the level in counts at the end.
    float advance(float seconds) noexcept;
    float level() const noexcept { return m_level; }
    /// 0 … 2 gate-on segments, 3 release, 4 idle after the release.
    int stage() const noexcept { return m_stage; }
    bool idle() const noexcept { return m_stage == 4; }

private:
    void enterStage(int stage) noexcept;
    EnvelopeTargets m_targets{};
    float m_level = 0.0f;
    int m_stage = 4;
    bool m_holding = false; ///< at L3 with the gate on
};

} // namespace latentrack::core::fm
