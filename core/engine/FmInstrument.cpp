#include "core/engine/FmInstrument.h"

#include <algorithm>

#include "core/fm/FmSynth.h"

namespace latentrack::core::engine {

FmInstrument::FmInstrument() : m_synth(std::make_unique<fm::FmSynth>()) {}
FmInstrument::~FmInstrument() = default;

void FmInstrument::prepare(double sampleRate, int maxBlockFrames) {
    m_mono.assign(static_cast<std::size_t>(maxBlockFrames), 0.0f);
    m_synth->prepare(sampleRate);
}

bool FmInstrument::handles(CommandType type) const noexcept {
    if (isPerformanceEvent(type))
        return true;
    switch (type) {
    case CommandType::FmAllNotesOff:
    case CommandType::FmSetParam:
    case CommandType::FmLoadVoice:
    case CommandType::FmSetPolyphony:
    case CommandType::FmSetOperatorMask:
        return true;
    default:
        return false;
    }
}

bool FmInstrument::isPerformanceEvent(CommandType type) const noexcept {
    switch (type) {
    case CommandType::FmNoteOn:
    case CommandType::FmNoteOff:
    case CommandType::FmPitchBend:
    case CommandType::FmModWheel:
    case CommandType::FmSustain:
        return true;
    default:
        return false;
    }
}

bool FmInstrument::loadVoice(CommandPort& port, const fm::DxVoice& voice) {
    auto copy = std::make_unique<fm::DxVoice>(voice);
    if (!port.push(Command{CommandType::FmLoadVoice, 0, 0, 0.0f, copy.get()}))
        return false;
    copy.release();
    return true;
}

void FmInstrument::discard(const Command& c) noexcept {
    if (c.type == CommandType::FmLoadVoice)
        delete static_cast<fm::DxVoice*>(c.payload);
}

bool FmInstrument::apply(const Command& c, Disposal& disposal) noexcept {
    switch (c.type) {
    case CommandType::FmNoteOn:
        m_synth->noteOn(c.step, c.track);
        break;
    case CommandType::FmNoteOff:
        m_synth->noteOff(c.step);
        break;
    case CommandType::FmPitchBend:
        m_synth->setPitchBend(std::clamp(c.value, -1.0f, 1.0f));
        break;
    case CommandType::FmModWheel:
        m_synth->setModWheel(std::clamp(c.value, 0.0f, 1.0f));
        break;
    case CommandType::FmSustain:
        m_synth->setSustain(c.value >= 0.5f);
        break;
    case CommandType::FmAllNotesOff:
        m_synth->allNotesOff();
        break;
    case CommandType::FmSetParam:
        m_synth->setParam(c.step, c.track);
        break;
    case CommandType::FmLoadVoice: {
        auto* voice = static_cast<fm::DxVoice*>(c.payload);
        m_synth->setVoice(*voice);
        if (!disposal.disposeOf(voice))
            return false; // applied again next block, when there is room to dispose of it
        break;
    }
    case CommandType::FmSetPolyphony:
        m_synth->setPolyphony(c.step);
        break;
    case CommandType::FmSetOperatorMask:
        m_synth->setOperatorMask(static_cast<std::uint8_t>(c.step));
        break;
    default:
        break;
    }
    return true;
}

void FmInstrument::process(const Block& block, float* left, float* right) noexcept {
    float* mono = m_mono.data();
    const int frames = block.frames;
    std::fill(mono, mono + frames, 0.0f);
    // Timed events split the block where they fall.
    int done = 0;
    for (int i = 0; i < block.numEvents; ++i) {
        const auto& t = block.events[i];
        if (t.frame > done) {
            m_synth->render(mono + done, t.frame - done);
            done = t.frame;
        }
        apply(t.command, *block.disposal);
    }
    if (frames > done)
        m_synth->render(mono + done, frames - done);
    std::copy(mono, mono + frames, left);
    std::copy(mono, mono + frames, right);
    m_pubVoices.store(m_synth->activeVoices(), std::memory_order_relaxed);
}

} // namespace latentrack::core::engine
