#include "core/fm/FmSynth.h"

#include <algorithm>

namespace latentrack::core::fm {

FmSynth::FmSynth() {
    setVoice(DxVoice::initVoice());
}

void FmSynth::prepare(double sampleRate) noexcept {
    m_sampleRate = sampleRate;
    allSoundOff();
}

void FmSynth::setVoice(const DxVoice& voice) noexcept {
    m_patch = makePatch(voice, m_opMask);
    m_lfo.setParameters(voice.get(VoiceParam::LfoSpeed), voice.get(VoiceParam::LfoDelay),
                        voice.get(VoiceParam::LfoWave), voice.get(VoiceParam::LfoKeySync) != 0);
    for (auto& v : m_voices)
        v.refresh(m_patch);
}

void FmSynth::setParam(int index, int value) noexcept {
    if (index < 0 || index >= kVoiceParams)
        return;
    DxVoice v = m_patch.voice;
    const int lo = index >= static_cast<int>(VoiceParam::Name) ? 32 : 0;
    v.params[static_cast<std::size_t>(index)] =
        static_cast<std::uint8_t>(std::clamp(value, lo, paramMax(index)));
    setVoice(v);
}

void FmSynth::setOperatorMask(std::uint8_t mask) noexcept {
    m_opMask = mask & 0x3F;
    setVoice(m_patch.voice);
}

void FmSynth::setPolyphony(int voices) noexcept {
    m_polyphony = std::clamp(voices, 1, kMaxPolyphony);
    for (int i = m_polyphony; i < kMaxPolyphony; ++i)
        if (m_voices[static_cast<std::size_t>(i)].active())
            m_voices[static_cast<std::size_t>(i)].release();
}

int FmSynth::findVoice(int note) noexcept {
    // Same note already sounding: retrigger it (the DX7 does, so repeated notes do not pile up).
    int best = -1;
    for (int i = 0; i < m_polyphony; ++i)
        if (m_voices[static_cast<std::size_t>(i)].active() &&
            m_voices[static_cast<std::size_t>(i)].note() == note)
            return i;
    for (int i = 0; i < m_polyphony; ++i)
        if (!m_voices[static_cast<std::size_t>(i)].active())
            return i;
    // Steal: the oldest released voice, else the oldest held one.
    for (int pass = 0; pass < 2 && best < 0; ++pass) {
        std::uint64_t oldest = UINT64_MAX;
        for (int i = 0; i < m_polyphony; ++i) {
            const FmVoice& v = m_voices[static_cast<std::size_t>(i)];
            const bool released = !v.gate() && !v.sustained;
            if ((pass == 0 && !released) || v.age() >= oldest)
                continue;
            oldest = v.age();
            best = i;
        }
    }
    return best;
}

void FmSynth::noteOn(int note, int velocity) noexcept {
    if (velocity <= 0) {
        noteOff(note);
        return;
    }
    note = std::clamp(note, 0, 127);
    bool anyHeld = false;
    for (int i = 0; i < m_polyphony; ++i)
        anyHeld = anyHeld || m_voices[static_cast<std::size_t>(i)].gate();
    m_lfo.keyOn(!anyHeld);
    const int slot = findVoice(note);
    FmVoice& v = m_voices[static_cast<std::size_t>(slot)];
    v.start(m_patch, note, std::min(velocity, 127), v.active());
    v.setAge(++m_clock);
}

void FmSynth::noteOff(int note) noexcept {
    for (int i = 0; i < kMaxPolyphony; ++i) {
        FmVoice& v = m_voices[static_cast<std::size_t>(i)];
        if (!v.active() || !v.gate() || v.note() != note)
            continue;
        if (m_sustain) {
            v.sustained = true;
        } else {
            v.release();
        }
    }
}

void FmSynth::setSustain(bool down) noexcept {
    m_sustain = down;
    if (down)
        return;
    for (auto& v : m_voices)
        if (v.active() && v.sustained)
            v.release();
}

void FmSynth::allNotesOff() noexcept {
    m_sustain = false;
    for (auto& v : m_voices)
        if (v.active() && (v.gate() || v.sustained))
            v.release();
}

void FmSynth::allSoundOff() noexcept {
    for (auto& v : m_voices)
        v = FmVoice{};
    m_sustain = false;
}

void FmSynth::render(float* out, int frames) noexcept {
    for (int offset = 0; offset < frames; offset += kControlBlockFrames)
        renderControlBlock(out + offset, std::min(kControlBlockFrames, frames - offset));
}

void FmSynth::renderControlBlock(float* out, int frames) noexcept {
    m_lfo.advance(static_cast<float>(frames / m_sampleRate));
    const float pmd = std::min(1.0f, m_patch.pitchModDepth + m_modWheel);
    BlockModulation mod;
    mod.pitchOctaves =
        (m_bend * m_bendRange + m_lfo.pitch() * pmd * m_patch.pitchModSemitones) / 12.0f;
    mod.ampModAmount = m_lfo.amp() * m_patch.ampModDepth;
    const bool lanes = m_patch.algorithm->feedbackFrom == m_patch.algorithm->feedbackTo;
    std::array<FmVoice*, 4> group{};
    std::array<float*, 4> fbOut{};
    for (int l = 0; l < 4; ++l)
        fbOut[static_cast<std::size_t>(l)] = m_scratch.feedback[static_cast<std::size_t>(l)].data();
    int count = 0;
    auto flush = [&] {
        if (lanes)
            FmVoice::renderFeedbackLanes(group.data(), count, m_patch, fbOut.data(), frames);
        for (int l = 0; l < count; ++l)
            group[static_cast<std::size_t>(l)]->renderOperators(
                m_patch, kCarrierGain, m_scratch,
                lanes ? fbOut[static_cast<std::size_t>(l)] : nullptr, out, frames);
        count = 0;
    };
    for (int i = 0; i < kMaxPolyphony; ++i) {
        FmVoice& v = m_voices[static_cast<std::size_t>(i)];
        if (!v.active())
            continue;
        v.prepareBlock(m_patch, mod, m_sampleRate, frames);
        group[static_cast<std::size_t>(count++)] = &v;
        if (count == 4)
            flush();
    }
    if (count > 0)
        flush();
}

int FmSynth::activeVoices() const noexcept {
    int n = 0;
    for (const auto& v : m_voices)
        n += v.active() ? 1 : 0;
    return n;
}

} // namespace latentrack::core::fm
