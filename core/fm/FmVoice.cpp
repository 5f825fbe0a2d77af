#include "core/fm/FmVoice.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/fm/DxTables.h"
#include "core/fm/OperatorKernel.h"

namespace latentrack::core::fm {

namespace {
constexpr float kSilentGain = 1e-5f;
/// Oscillator key sync restarts each operator a quarter cycle in, i.e. as a cosine: a TX7's
/// output with key sync on starts at its peak (S. Bolton's observation, in hexter's tables).
constexpr std::uint32_t kKeySyncPhase = 0x40000000u;
float noteLog2Hz(int note) {
    return std::log2(440.0f) + static_cast<float>(note - 69) / 12.0f;
}
/// The key after the voice's transpose, folded back into 0 … 127 by octaves; pitch, keyboard
/// level scaling and rate scaling all follow it, as on the DX7.
int transposedKey(int note, int transpose) {
    int key = note + transpose;
    while (key < 0)
        key += 12;
    while (key > 127)
        key -= 12;
    return key;
}
} // namespace

void FmVoice::setFrequencies(const FmPatch& patch) noexcept {
    const float keyLog2 = noteLog2Hz(transposedKey(m_note, patch.transpose));
    for (int op = 0; op < kNumOperators; ++op) {
        const FmOperatorPatch& p = patch.ops[static_cast<std::size_t>(op)];
        const float base = p.fixed ? std::log2(p.fixedHz) : keyLog2 + std::log2(p.ratio);
        const float cents =
            p.fixed ? fixedDetuneCents(p.detune) : detuneCents(p.detune, std::exp2(keyLog2));
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
        const OperatorNote n = operatorForNote(patch.ops[static_cast<std::size_t>(op)],
                                               transposedKey(note, patch.transpose), velocity);
        o.env.keyOn(n.envelope, fromCurrent);
        o.ampModCounts = n.ampModCounts;
        if (patch.oscKeySync)
            o.phase = kKeySyncPhase;
        if (!fromCurrent)
            o.gain = countsToGain(o.env.level());
    }
    if (!fromCurrent)
        m_fbY1 = 0.0f;
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
        const OperatorNote n = operatorForNote(patch.ops[static_cast<std::size_t>(op)],
                                               transposedKey(m_note, patch.transpose), m_velocity);
        o.env.retarget(n.envelope);
        o.ampModCounts = n.ampModCounts;
    }
    m_pitchEnv.setParameters(patch.pitchRates, patch.pitchLevels);
    setFrequencies(patch);
}

void FmVoice::prepareBlock(const FmPatch& patch, const BlockModulation& mod, double sampleRate,
                           int frames) noexcept {
    const float seconds = static_cast<float>(frames / sampleRate);
    const float pitch = mod.pitchOctaves + m_pitchEnv.advance(seconds);
    const Algorithm& alg = *patch.algorithm;
    const float invFrames = 1.0f / static_cast<float>(frames);
    const double phasePerHz = 4294967296.0 / sampleRate;
    m_carrierSounding = false;
    float feedbackCounts = kFloorCounts;
    for (int i = 0; i < kNumOperators; ++i) {
        const auto k = static_cast<std::size_t>(i);
        Op& o = m_ops[k];
        const float counts = o.env.advance(seconds) - mod.ampModAmount * o.ampModCounts;
        if (i + 1 == alg.feedbackFrom)
            feedbackCounts = counts;
        const float g1 = countsToGain(counts);
        o.g0 = o.gain;
        o.dg = (g1 - o.gain) * invFrames;
        o.gain = g1;
        const double hz = std::exp2(static_cast<double>(o.baseLog2Hz + pitch));
        o.inc = static_cast<std::uint32_t>(std::min(hz, 0.49 * sampleRate) * phasePerHz);
        if (alg.isCarrier(i + 1) && (g1 > kSilentGain || o.g0 > kSilentGain || o.env.stage() < 3))
            m_carrierSounding = true;
    }
    // Feedback: the operator's previous sample, scaled so that its phase deviation is
    // feedbackRadians·(level/99) whatever its amplitude (levels in level units, 0.75 dB each).
    const float g = m_ops[static_cast<std::size_t>(alg.feedbackFrom - 1)].gain;
    m_fbK = 0.0f;
    if (patch.feedbackRadians > 0.0f && g > kSilentGain) {
        const float level = std::max(0.0f, 99.0f - (kFullScaleCounts - feedbackCounts) / 32.0f);
        m_fbK = patch.feedbackRadians / 6.2831853f * level / 99.0f / g;
    }
}

void FmVoice::renderFeedbackLanes(FmVoice* const* voices, int count, const FmPatch& patch,
                                  float* const* outs, int frames) noexcept {
    // In every algorithm without a loop the feedback operator has no modulator, so it can be
    // rendered for up to four voices at once, one voice per vector lane: the sample-to-sample
    // dependency of feedback then costs one vector latency chain for four voices.
    const auto i = static_cast<std::size_t>(patch.algorithm->feedbackFrom - 1);
    UInt4 p{}, inc{};
    Float4 g{}, dg{}, y1{}, k{};
    for (int v = 0; v < count; ++v) {
        k[v] = voices[v]->m_fbK;
        const Op& o = voices[v]->m_ops[i];
        p[v] = o.phase;
        inc[v] = o.inc;
        g[v] = o.g0;
        dg[v] = o.dg;
        y1[v] = voices[v]->m_fbY1;
    }
    bool silent = true;
    for (int v = 0; v < count; ++v)
        silent = silent && voices[v]->m_ops[i].g0 <= kSilentGain &&
                 voices[v]->m_ops[i].gain <= kSilentGain;
    if (silent) {
        for (int v = 0; v < count; ++v) {
            std::fill(outs[v], outs[v] + frames, 0.0f);
            voices[v]->m_ops[i].phase += inc[v] * static_cast<std::uint32_t>(frames);
            voices[v]->m_fbY1 = 0.0f;
        }
        return;
    }
    const float scale = 2.3283064e-10f;
    for (int n = 0; n < frames; ++n) {
        const Float4 x =
            __builtin_convertvector(reinterpret_cast<Int4>(p), Float4) * scale + y1 * k;
        const Float4 y = sinCycles(x) * g;
        y1 = y;
        for (int v = 0; v < count; ++v)
            outs[v][n] = y[v];
        p += inc;
        g += dg;
    }
    for (int v = 0; v < count; ++v) {
        Op& o = voices[v]->m_ops[i];
        o.phase = p[v];
        voices[v]->m_fbY1 = y1[v];
    }
}

void FmVoice::renderOperators(const FmPatch& patch, float outGain, VoiceScratch& scratch,
                              const float* feedbackOut, float* out, int frames) noexcept {
    auto& outs = scratch.out;
    auto& modBuf = scratch.mod;
    const Algorithm& alg = *patch.algorithm;

    // Algorithms 4 and 6 close the feedback loop over a chain of operators: render that chain
    // sample by sample; everything else operator by operator, 6 → 1.
    const bool loop = alg.feedbackFrom != alg.feedbackTo;
    if (loop) {
        const float k = m_fbK;
        const int top = alg.feedbackTo;      // 6
        const int bottom = alg.feedbackFrom; // 4 or 5
        for (int n = 0; n < frames; ++n) {
            float x = m_fbY1 * k; // cycles
            float y = 0.0f;
            for (int op = top; op >= bottom; --op) {
                const auto i = static_cast<std::size_t>(op - 1);
                Op& o = m_ops[i];
                y = sinCycles(phaseCycles(o.phase) + x) * (o.g0 + o.dg * static_cast<float>(n));
                o.phase += o.inc;
                outs[i][static_cast<std::size_t>(n)] = y;
                x = kFullScaleModulationCycles * y;
            }
            m_fbY1 = y;
        }
    }
    for (int op = kNumOperators; op >= 1; --op) {
        const auto i = static_cast<std::size_t>(op - 1);
        if (loop && op <= alg.feedbackTo && op >= alg.feedbackFrom)
            continue;
        Op& o = m_ops[i];
        float* dst = outs[i].data();
        if (!loop && op == alg.feedbackFrom) {
            std::copy(feedbackOut, feedbackOut + frames, dst);
            continue;
        }
        const float* modIn = nullptr;
        const std::uint8_t mods = alg.modulators[i];
        if (mods && (mods & (mods - 1)) == 0) {
            // One modulator: read its output in place.
            modIn = outs[static_cast<std::size_t>(std::countr_zero(mods))].data();
        } else if (mods) {
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
        if (o.g0 <= kSilentGain && o.gain <= kSilentGain) {
            std::fill(dst, dst + frames, 0.0f);
            o.phase += o.inc * static_cast<std::uint32_t>(frames);
        } else {
            renderOperator(o.phase, o.inc, modIn, o.g0, o.dg, dst, frames);
        }
    }
    for (int op = 1; op <= kNumOperators; ++op) {
        if (!alg.isCarrier(op))
            continue;
        const float* src = outs[static_cast<std::size_t>(op - 1)].data();
        for (int n = 0; n < frames; ++n)
            out[n] += src[n] * outGain;
    }
    if (!m_gate && !m_carrierSounding)
        m_active = false;
}

} // namespace latentrack::core::fm
