#include "core/engine/DrumMachine.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/dsp/Gain.h"

namespace latentrack::core::engine {

DrumMachine::~DrumMachine() {
    for (const auto* s : m_samples)
        delete s;
    for (int i = 0; i < m_numRetiring; ++i)
        delete m_retiring[static_cast<std::size_t>(i)];
}

void DrumMachine::prepare(double sampleRate, int maxBlockFrames) {
    m_sampleRate = sampleRate;
    m_maxBlock = maxBlockFrames;
    m_cutFadeFrames = std::max(1, static_cast<int>(std::lround(kCutFadeSeconds * sampleRate)));
    m_bus.assign(static_cast<std::size_t>(seq::kMaxTracks) * 2 * maxBlockFrames, 0.0f);
    m_snapGains = true;
    for (auto& v : m_voices)
        v.killAll();
}

bool DrumMachine::handles(CommandType type) const noexcept {
    switch (type) {
    case CommandType::SetStep:
    case CommandType::SetNumSteps:
    case CommandType::LoadPattern:
    case CommandType::SetTrackSample:
    case CommandType::SetChokeGroup:
    case CommandType::SetPolyphony:
    case CommandType::Audition:
        return true;
    default:
        return false;
    }
}

bool DrumMachine::setTrackSample(CommandPort& port, int track,
                                 std::unique_ptr<voice::Sample> sample) {
    if (track < 0 || track >= seq::kMaxTracks)
        throw std::invalid_argument("DrumMachine::setTrackSample: track out of range");
    if (sample && std::abs(sample->sampleRate - m_sampleRate) > 1e-6)
        throw std::invalid_argument("DrumMachine::setTrackSample: sample is at " +
                                    std::to_string(sample->sampleRate) + " Hz, engine at " +
                                    std::to_string(m_sampleRate) + " Hz; resample it first");
    Command c{CommandType::SetTrackSample, static_cast<std::int16_t>(track), 0, 0.0f, sample.get()};
    if (!port.push(c))
        return false;
    sample.release(); // now owned by the engine
    return true;
}

bool DrumMachine::loadPattern(CommandPort& port, const seq::Pattern& pattern) {
    auto copy = std::make_unique<seq::Pattern>(pattern);
    if (!port.push(Command{CommandType::LoadPattern, 0, 0, 0.0f, copy.get()}))
        return false;
    copy.release();
    return true;
}

void DrumMachine::discard(const Command& c) noexcept {
    if (c.type == CommandType::SetTrackSample)
        delete static_cast<voice::Sample*>(c.payload);
    else if (c.type == CommandType::LoadPattern)
        delete static_cast<seq::Pattern*>(c.payload);
}

bool DrumMachine::apply(const Command& c, Disposal& disposal) noexcept {
    const int track = c.track;
    const bool validTrack = track >= 0 && track < seq::kMaxTracks;
    switch (c.type) {
    case CommandType::SetStep:
        m_pattern.set(track, c.step, c.value);
        break;
    case CommandType::SetNumSteps:
        m_pattern.numSteps = std::clamp<int>(c.step, 1, seq::kMaxSteps);
        break;
    case CommandType::LoadPattern: {
        auto* pattern = static_cast<seq::Pattern*>(c.payload);
        m_pattern = *pattern;
        if (!disposal.disposeOf(pattern))
            return false; // applied again next block, when there is room to dispose of it
        break;
    }
    case CommandType::SetTrackSample: {
        if (!validTrack)
            break;
        if (m_numRetiring >= kRetiringCapacity)
            return false;
        if (auto* old = const_cast<voice::Sample*>(m_samples[track]))
            m_retiring[static_cast<std::size_t>(m_numRetiring++)] = old;
        m_samples[track] = static_cast<const voice::Sample*>(c.payload);
        break;
    }
    case CommandType::SetChokeGroup:
        if (validTrack)
            m_chokeGroup[track] = std::clamp<int>(c.step, 0, 8);
        break;
    case CommandType::SetPolyphony:
        if (validTrack)
            m_voices[track].setPolyphony(c.step);
        break;
    case CommandType::Audition:
        if (validTrack)
            trigger(track, std::clamp(c.value, 0.0f, 1.0f));
        break;
    default:
        break;
    }
    return true;
}

void DrumMachine::trigger(int track, float velocity) noexcept {
    const int group = m_chokeGroup[track];
    if (group > 0) {
        for (int t = 0; t < seq::kMaxTracks; ++t)
            if (t != track && m_chokeGroup[t] == group)
                m_voices[t].releaseAll(m_cutFadeFrames);
    }
    const voice::Sample* sample = m_samples[track];
    if (sample != nullptr)
        sample = &sample->forVelocity(velocity); // the kit's velocity layer for this hit
    m_voices[track].trigger(sample, velocity, m_cutFadeFrames);
}

void DrumMachine::triggerStep(std::int64_t step) noexcept {
    const int patternStep = static_cast<int>(step % m_pattern.numSteps);
    const int n = m_pattern.numTracks();
    for (int t = 0; t < n; ++t) {
        const float v = m_pattern.velocity[t][patternStep];
        if (v > 0.0f)
            trigger(t, v);
    }
    m_pubStep.store(patternStep, std::memory_order_relaxed);
}

void DrumMachine::renderVoices(int offset, int frames) noexcept {
    if (frames <= 0)
        return;
    for (int t = 0; t < seq::kMaxTracks; ++t) {
        float* l = m_bus.data() + static_cast<std::size_t>(2 * t) * m_maxBlock;
        float* r = l + m_maxBlock;
        m_voices[t].renderAdd(l + offset, r + offset, frames);
    }
}

void DrumMachine::process(const Block& block, float* left, float* right) noexcept {
    const int frames = block.frames;
    std::fill(m_bus.begin(), m_bus.end(), 0.0f);
    // Voices render in segments split at step onsets and at timed auditions (MIDI drum notes);
    // an audition at the same frame as a step plays first, as it was played first.
    int done = 0;
    int onset = 0;
    int event = 0;
    while (onset < block.numOnsets || event < block.numEvents) {
        const bool takeEvent =
            event < block.numEvents &&
            (onset >= block.numOnsets || block.events[event].frame < block.onsets[onset].frame);
        const int frame = takeEvent ? block.events[event].frame : block.onsets[onset].frame;
        renderVoices(done, frame - done);
        done = frame;
        if (takeEvent)
            apply(block.events[event++].command, *block.disposal);
        else
            triggerStep(block.onsets[onset++].step);
    }
    renderVoices(done, frames - done);
    mixBuses(left, right, frames);
    retireUnused(*block.disposal);

    int voices = 0;
    for (const auto& pool : m_voices)
        voices += pool.activeVoices();
    m_pubVoices.store(voices, std::memory_order_relaxed);
    if (!block.playing)
        m_pubStep.store(-1, std::memory_order_relaxed);
}

void DrumMachine::mixBuses(float* left, float* right, int frames) noexcept {
    bool anySolo = false;
    for (const auto& tc : tracks)
        anySolo = anySolo || tc.solo.load(std::memory_order_relaxed);
    for (int t = 0; t < seq::kMaxTracks; ++t) {
        const auto& tc = tracks[t];
        const bool audible = !tc.mute.load(std::memory_order_relaxed) &&
                             (!anySolo || tc.solo.load(std::memory_order_relaxed));
        const float g = audible ? dsp::dbToGain(tc.gainDb.load(std::memory_order_relaxed)) : 0.0f;
        const auto pan = dsp::panGains(tc.pan.load(std::memory_order_relaxed));
        const float targetL = g * pan.left;
        const float targetR = g * pan.right;
        if (m_snapGains) {
            m_busGainL[t] = targetL;
            m_busGainR[t] = targetR;
        }
        const float* l = m_bus.data() + static_cast<std::size_t>(2 * t) * m_maxBlock;
        const float* r = l + m_maxBlock;
        const float peak = dsp::addRamped(l, r, left, right, frames, {m_busGainL[t], m_busGainR[t]},
                                          {targetL, targetR});
        m_busGainL[t] = targetL;
        m_busGainR[t] = targetR;
        const float previous = m_pubTrackPeak[t].load(std::memory_order_relaxed);
        m_pubTrackPeak[t].store(std::max(peak, previous * 0.9f), std::memory_order_relaxed);
    }
    m_snapGains = false;
}

void DrumMachine::retireUnused(Disposal& disposal) noexcept {
    for (int i = 0; i < m_numRetiring;) {
        voice::Sample* s = m_retiring[static_cast<std::size_t>(i)];
        const bool inUse = std::any_of(m_voices.begin(), m_voices.end(),
                                       [s](const auto& pool) { return pool.uses(s); });
        if (!inUse && disposal.disposeOf(s)) {
            m_retiring[static_cast<std::size_t>(i)] =
                m_retiring[static_cast<std::size_t>(--m_numRetiring)];
            continue;
        }
        ++i;
    }
}

DrumMachine::Snapshot DrumMachine::snapshot() const noexcept {
    Snapshot s;
    s.step = m_pubStep.load(std::memory_order_relaxed);
    s.activeVoices = m_pubVoices.load(std::memory_order_relaxed);
    for (int t = 0; t < seq::kMaxTracks; ++t)
        s.trackPeak[t] = m_pubTrackPeak[t].load(std::memory_order_relaxed);
    return s;
}

} // namespace latentrack::core::engine
