#pragma once
// A DX7 voice turned into the numbers the renderer needs (frequencies as multipliers, levels
// in counts, rates in counts per second), plus the note-dependent parts computed per note.
// Rebuilding a patch is cheap and allocation-free, so the audio thread may do it when a
// parameter changes. Thread: any.

#include <array>
#include <cstdint>

#include "core/fm/Algorithms.h"
#include "core/fm/DxVoice.h"
#include "core/fm/Envelope.h"

namespace latentrack::core::fm {

struct FmOperatorPatch {
    bool enabled = true;
    bool fixed = false;
    float ratio = 1.0f;   ///< ratio mode: multiplier of the note frequency
    float fixedHz = 1.0f; ///< fixed mode: frequency in Hz
    int detune = 7;
    std::array<int, 4> rates{};
    std::array<int, 4> levels{};
    int breakPoint = 39, leftDepth = 0, rightDepth = 0, leftCurve = 0, rightCurve = 0;
    int rateScaling = 0, ampModSens = 0, velocitySens = 0, outputLevel = 0;
};

struct FmPatch {
    DxVoice voice;
    const Algorithm* algorithm = nullptr;
    std::array<FmOperatorPatch, kNumOperators> ops{}; ///< ops[op − 1]
    float feedbackRadians = 0.0f;                     ///< feedbackRadians(fb) (DxTables.h)
    bool oscKeySync = true;
    std::array<int, 4> pitchRates{};
    std::array<int, 4> pitchLevels{};
    float pitchModSemitones = 0.0f; ///< PMS as semitones at full depth
    float pitchModDepth = 0.0f;     ///< PMD / 99
    float ampModDepth = 0.0f;       ///< AMD / 99
    int transpose = 0;              ///< semitones
};

/// opMask: bit (op − 1) set for operators switched on (the DX7's operator on/off buttons).
FmPatch makePatch(const DxVoice& voice, std::uint8_t opMask = 0x3F) noexcept;

/// Envelope targets and speeds of one operator for a note (level scaling, velocity, rate
/// scaling applied). ampModCounts: this operator's AM depth in counts at full LFO.
struct OperatorNote {
    EnvelopeTargets envelope;
    float ampModCounts = 0.0f;
};
OperatorNote operatorForNote(const FmOperatorPatch& op, int note, int velocity) noexcept;

} // namespace latentrack::core::fm
