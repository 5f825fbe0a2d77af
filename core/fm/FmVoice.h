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

/// Largest block FmVoice::render() accepts; the synth splits longer blocks.
inline constexpr int kControlBlockFrames = 64;

/// Modulation shared by all voices during one control block.
struct BlockModulation {
    float pitchOctaves = 0.0f; ///< pitch bend + LFO pitch modulation
    float ampModAmount =
        0.0f; ///< LFO amp value (0 … 1) times AMD; per-op sensitivity applied later
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
    /// Adds `frames` (≤ kControlBlockFrames) samples of this voice, times `outGain`, into out.
    void render(const FmPatch& patch, const BlockModulation& mod, double sampleRate, float outGain,
                VoiceScratch& scratch, float* out, int frames) noexcept;

    // The same in three steps, so that a synth can render the feedback operator of four voices
    // at once (FmSynth does): prepareBlock() for each voice, renderFeedbackLanes() over groups
    // of up to 4 voices (algorithms without a loop only), then renderOperators() per voice with
    // its lane's feedback output.
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
    float m_fbY2 = 0.0f;
    int m_note = 60;
    int m_velocity = 100;
    std::uint64_t m_age = 0;
    bool m_active = false;
    bool m_gate = false;
    bool m_carrierSounding = false;
};

} // namespace latentrack::core::fm
