#include "core/fm/FmPatch.h"

#include <algorithm>
#include <cmath>

#include "core/fm/DxTables.h"

namespace latentrack::core::fm {

FmPatch makePatch(const DxVoice& v, std::uint8_t opMask) noexcept {
    FmPatch p;
    p.voice = v;
    p.algorithm = &algorithm(v.get(VoiceParam::Algorithm) + 1);
    for (int op = 1; op <= kNumOperators; ++op) {
        FmOperatorPatch& o = p.ops[static_cast<std::size_t>(op - 1)];
        o.enabled = (opMask >> (op - 1)) & 1u;
        o.fixed = v.op(op, OpParam::Mode) != 0;
        o.ratio = ratioMultiplier(v.op(op, OpParam::Coarse), v.op(op, OpParam::Fine));
        o.fixedHz = fixedFrequency(v.op(op, OpParam::Coarse), v.op(op, OpParam::Fine));
        o.detune = v.op(op, OpParam::Detune);
        for (int i = 0; i < 4; ++i) {
            o.rates[static_cast<std::size_t>(i)] = v.op(op, static_cast<OpParam>(i));
            o.levels[static_cast<std::size_t>(i)] = v.op(op, static_cast<OpParam>(4 + i));
        }
        o.breakPoint = v.op(op, OpParam::BreakPoint);
        o.leftDepth = v.op(op, OpParam::LeftDepth);
        o.rightDepth = v.op(op, OpParam::RightDepth);
        o.leftCurve = v.op(op, OpParam::LeftCurve);
        o.rightCurve = v.op(op, OpParam::RightCurve);
        o.rateScaling = v.op(op, OpParam::RateScaling);
        o.ampModSens = v.op(op, OpParam::AmpModSens);
        o.velocitySens = v.op(op, OpParam::VelocitySens);
        o.outputLevel = v.op(op, OpParam::OutputLevel);
    }
    const int fb = v.get(VoiceParam::Feedback);
    p.feedbackRadians = feedbackRadians(fb);
    p.oscKeySync = v.get(VoiceParam::OscKeySync) != 0;
    for (int i = 0; i < 4; ++i) {
        p.pitchRates[static_cast<std::size_t>(i)] =
            v.params[static_cast<std::size_t>(VoiceParam::PitchRate1) +
                     static_cast<std::size_t>(i)];
        p.pitchLevels[static_cast<std::size_t>(i)] =
            v.params[static_cast<std::size_t>(VoiceParam::PitchLevel1) +
                     static_cast<std::size_t>(i)];
    }
    p.pitchModSemitones = pitchModSemitones(v.get(VoiceParam::PitchModSens));
    p.pitchModDepth = static_cast<float>(v.get(VoiceParam::LfoPitchModDepth)) / 99.0f;
    p.ampModDepth = static_cast<float>(v.get(VoiceParam::LfoAmpModDepth)) / 99.0f;
    p.transpose = static_cast<int>(v.get(VoiceParam::Transpose)) - 24;
    return p;
}

OperatorNote operatorForNote(const FmOperatorPatch& op, int note, int velocity) noexcept {
    OperatorNote n;
    // Keyboard scaling moves the output level (within 0 … 99); each EG level is then scaled by
    // it, L·OL/99, and velocity added, in level units (0.75 dB each above 20); no level rises
    // above 99, so a carrier at output level 99 stays at full scale at velocity 127.
    const float outputLevel =
        std::clamp(static_cast<float>(op.outputLevel) +
                       keyboardScaling(note, op.breakPoint, op.leftDepth, op.rightDepth,
                                       op.leftCurve, op.rightCurve),
                   0.0f, 99.0f);
    const float velocitySteps = velocityScaling(velocity, op.velocitySens);
    const int rateDelta = rateScalingDelta(note, op.rateScaling);
    for (std::size_t i = 0; i < 4; ++i) {
        const float level = std::clamp(
            static_cast<float>(op.levels[i]) * outputLevel / 99.0f + velocitySteps, 0.0f, 99.0f);
        n.envelope.level[i] = op.enabled ? levelCounts(level) : kFloorCounts;
        n.envelope.speed[i] = decayCountsPerSecond(std::min(63, qRate(op.rates[i]) + rateDelta));
    }
    n.ampModCounts = ampModCounts(op.ampModSens);
    return n;
}

} // namespace latentrack::core::fm
