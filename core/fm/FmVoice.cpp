#include "core/fm/FmVoice.h"

#include <algorithm>
#include <cmath>

#include "core/fm/DxTables.h"
#include "core/fm/OperatorKernel.h"

namespace latentrack::core::fm {

namespace {
constexpr float kSilentGain = 1e-5f;
float noteLog2Hz(int note) {
    return std::log2(440.0f) + static_cast<float>(note - 69) / 12.0f;
}
} // namespace

void FmVoice::setFrequencies(const FmPatch& patch) noexcept {
    const float keyLog2 = noteLog2Hz(std::clamp(m_note + patch.transpose, 0, 127));
    for (int op = 0; op < kNumOperators; ++op) {
        const FmOperatorPatch& p = patch.ops[static_cast<std::size_t>(op)];
        const float base = p.fixed ? std::log2(p.fixedHz) : keyLog2 + std::log2(p.ratio);
        const float cents = detuneCents(p.detune, std::exp2(base));
        m_ops[static_cast<std::size_t>(op)].baseLog2Hz = base + cents / 1200.0f;
    }
}

void FmVoice::start(const FmPatch& patch, int note, int velocity, bool retrigger) noexcept {
    m_note = note;
    m_velocity = velocity;
    m_gate = true;
    sustained = false;
    const bool fromCurrent = retrigger && m_active;
    for (int op = 0; op < kNumOperators; ++op) {
        Op& o = m_ops[static_cast<std::size_t>(op)];
        const OperatorNote n =
            operatorForNote(patch.ops[static_cast<std::size_t>(op)], note, velocity);
        o.env.keyOn(n.envelope, fromCurrent);
        o.ampModCounts = n.ampModCounts;
        if (patch.oscKeySync)
            o.phase = 0;
        if (!fromCurrent)
            o.gain = countsToGain(o.env.level());
    }
    if (!fromCurrent)
        m_fbY1 = m_fbY2 = 0.0f;
    m_pitchEnv.setParameters(patch.pitchRates, patch.pitchLevels);
    m_pitchEnv.keyOn(fromCurrent);
    setFrequencies(patch);
    m_active = true;
}

void FmVoice::release() noexcept {
    m_gate = false;
    sustained = false;
    for (auto& o : m_ops)
        o.env.keyOff();
    m_pitchEnv.keyOff();
}

void FmVoice::refresh(const FmPatch& patch) noexcept {
    if (!m_active)
        return;
    for (int op = 0; op < kNumOperators; ++op) {
        Op& o = m_ops[static_cast<std::size_t>(op)];
        const OperatorNote n =
            operatorForNote(patch.ops[static_cast<std::size_t>(op)], m_note, m_velocity);
        o.env.retarget(n.envelope);
        o.ampModCounts = n.ampModCounts;
    }
    m_pitchEnv.setParameters(patch.pitchRates, patch.pitchLevels);
    setFrequencies(patch);
}

void FmVoice::render(const FmPatch& patch, const BlockModulation& mod, double sampleRate,
                     float outGain, VoiceScratch& scratch, float* out, int frames) noexcept {
    if (!m_active)
        return;
    auto& outs = scratch.out;
    auto& modBuf = scratch.mod;
    const float seconds = static_cast<float>(frames / sampleRate);
    const float pitch = mod.pitchOctaves + m_pitchEnv.advance(seconds);
    const Algorithm& alg = *patch.algorithm;
    const float invFrames = 1.0f / static_cast<float>(frames);
    const double phasePerHz = 4294967296.0 / sampleRate;

    std::array<float, kNumOperators> g0{};
    std::array<float, kNumOperators> dg{};
    std::array<std::uint32_t, kNumOperators> inc{};
    bool carrierSounding = false;
    for (int i = 0; i < kNumOperators; ++i) {
        Op& o = m_ops[static_cast<std::size_t>(i)];
        const float counts = o.env.advance(seconds) - mod.ampModAmount * o.ampModCounts;
        const float g1 = countsToGain(counts);
        g0[static_cast<std::size_t>(i)] = o.gain;
        dg[static_cast<std::size_t>(i)] = (g1 - o.gain) * invFrames;
        o.gain = g1;
        const double hz = std::exp2(static_cast<double>(o.baseLog2Hz + pitch));
        inc[static_cast<std::size_t>(i)] =
            static_cast<std::uint32_t>(std::min(hz, 0.49 * sampleRate) * phasePerHz);
        if (alg.isCarrier(i + 1) &&
            (g1 > kSilentGain || g0[static_cast<std::size_t>(i)] > kSilentGain ||
             o.env.stage() < 3))
            carrierSounding = true;
    }

    // Algorithms 4 and 6 close the feedback loop over a chain of operators: render that chain
    // sample by sample; everything else operator by operator, 6 → 1.
    const bool loop = alg.feedbackFrom != alg.feedbackTo;
    if (loop) {
        const SineTable& sine = SineTable::instance();
        const float k = 0.25f * patch.feedbackScale;
        const int top = alg.feedbackTo;      // 6
        const int bottom = alg.feedbackFrom; // 4 or 5
        std::array<float, kNumOperators> g = g0;
        for (int n = 0; n < frames; ++n) {
            float m = (m_fbY1 + m_fbY2) * k;
            float y = 0.0f;
            for (int op = top; op >= bottom; --op) {
                const auto i = static_cast<std::size_t>(op - 1);
                Op& o = m_ops[i];
                y = sine(o.phase + phaseOffset(m)) * g[i];
                o.phase += inc[i];
                g[i] += dg[i];
                outs[i][static_cast<std::size_t>(n)] = y;
                m = y;
            }
            m_fbY2 = m_fbY1;
            m_fbY1 = y;
        }
    }
    for (int op = kNumOperators; op >= 1; --op) {
        const auto i = static_cast<std::size_t>(op - 1);
        if (loop && op <= alg.feedbackTo && op >= alg.feedbackFrom)
            continue;
        Op& o = m_ops[i];
        const float* modIn = nullptr;
        const std::uint8_t mods = alg.modulators[i];
        if (mods) {
            bool first = true;
            for (int m = 1; m <= kNumOperators; ++m) {
                if (!((mods >> (m - 1)) & 1u))
                    continue;
                const float* src = outs[static_cast<std::size_t>(m - 1)].data();
                if (first)
                    std::copy(src, src + frames, modBuf.begin());
                else
                    for (int n = 0; n < frames; ++n)
                        modBuf[static_cast<std::size_t>(n)] += src[n];
                first = false;
            }
            modIn = modBuf.data();
        }
        float* dst = outs[i].data();
        if (g0[i] <= kSilentGain && o.gain <= kSilentGain) {
            std::fill(dst, dst + frames, 0.0f);
            o.phase += inc[i] * static_cast<std::uint32_t>(frames);
            if (!loop && op == alg.feedbackFrom)
                m_fbY1 = m_fbY2 = 0.0f;
        } else if (!loop && op == alg.feedbackFrom && patch.feedbackScale > 0.0f) {
            renderFeedbackOperator(o.phase, inc[i], modIn, g0[i], dg[i], patch.feedbackScale,
                                   m_fbY1, m_fbY2, dst, frames);
        } else {
            renderOperator(o.phase, inc[i], modIn, g0[i], dg[i], dst, frames);
        }
    }
    for (int op = 1; op <= kNumOperators; ++op) {
        if (!alg.isCarrier(op))
            continue;
        const float* src = outs[static_cast<std::size_t>(op - 1)].data();
        for (int n = 0; n < frames; ++n)
            out[n] += src[n] * outGain;
    }
    if (!m_gate && !carrierSounding)
        m_active = false;
}

} // namespace latentrack::core::fm
