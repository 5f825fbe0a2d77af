#pragma once
// One sounding DX7 note: six operators (phase, envelope, feedback history) and the pitch
// envelope, rendered through the patch's algorithm. Thread: audio; no allocation.

#include <array>
#include <cstdint>

#include "core/fm/Envelope.h"
#include "core/fm/FmPatch.h"
#include "core/fm/OperatorKernel.h"
#include "core/fm/PitchEnvelope.h"

namespace latentrack::core::fm {

/// Largest block a voice renders at once; the synth splits longer blocks.
inline constexpr int kControlBlockFrames = 64;

/// Modulation shared by all voices during one control block.
struct BlockModulation {
    float pitchOctaves = 0.0f; ///< pitch bend + LFO pitch modulation
    /// LFO amp value (0 … 1) times AMD; each operator's sensitivity is applied later.
    float ampModAmount = 0.0f;
};

/// Per-block working buffers, shared by all voices of a synth (they render one after another).
struct VoiceScratch {
    std::array<std::array<float, kControlBlockFrames>, 6> out{};
    std::array<float, kControlBlockFrames> mod{};
    std::array<std::array<float, kControlBlockFrames>, 4> feedback{}; ///< one per vector lane
};

class FmVoice {
public:
    /// Starts (or retriggers) the note. `retrigger`: the voice was sounding; envelopes then
    /// continue from their current level.
    void start(const FmPatch& patch, int note, int velocity, bool retrigger) noexcept;
    void release() noexcept;
    /// Applies an edited patch to the sounding note (levels, rates, frequencies).
    void refresh(const FmPatch& patch) noexcept;
    // Rendering `frames` (≤ kControlBlockFrames) samples is three steps, so that the feedback
    // operator — the one serial computation — runs for four voices at once:
    // 1. prepareBlock() per voice: envelopes, gains, phase increments for this block;
    // 2. renderFeedbackLanes() over groups of up to 4 voices, writing each voice's feedback-
    //    operator output to outs[v] (algorithms without a loop, i.e. all but 4 and 6: there the
    //    feedback operator never has a modulator);
    // 3. renderOperators() per voice, which adds the voice times `outGain` into out, taking its
    //    feedback operator from feedbackOut (ignored for algorithms 4 and 6, whose loop it
    //    renders itself).
    void prepareBlock(const FmPatch& patch, const BlockModulation& mod, double sampleRate,
                      int frames) noexcept;
    static void renderFeedbackLanes(FmVoice* const* voices, int count, const FmPatch& patch,
                                    float* const* outs, int frames) noexcept;
    void renderOperators(const FmPatch& patch, float outGain, VoiceScratch& scratch,
                         const float* feedbackOut, float* out, int frames) noexcept;

    bool active() const noexcept { return m_active; }
    bool gate() const noexcept { return m_gate; }
    int note() const noexcept { return m_note; }
    std::uint64_t age() const noexcept { return m_age; }
    void setAge(std::uint64_t age) noexcept { m_age = age; }
    bool sustained = false; ///< key released while the sustain pedal was down

private:
    struct Op {
        std::uint32_t phase = 0;
        Envelope env;
        float gain = 0.0f; ///< amplitude at the end of the previous block
        float g0 = 0.0f;   ///< this block: gain at its start and per-sample step
        float dg = 0.0f;
        std::uint32_t inc = 0; ///< this block: phase increment per sample
        float ampModCounts = 0.0f;
        float baseLog2Hz = 0.0f; ///< before pitch modulation
    };
    void setFrequencies(const FmPatch& patch) noexcept;

    std::array<Op, kNumOperators> m_ops{};
    PitchEnvelope m_pitchEnv;
    float m_fbY1 = 0.0f;
    float m_fbK = 0.0f; ///< this block: feedback, cycles per unit of y[n−1]
    int m_note = 60;
    int m_velocity = 100;
    std::uint64_t m_age = 0;
    bool m_active = false;
    bool m_gate = false;
    bool m_carrierSounding = false;
};

} // namespace latentrack::core::fm
