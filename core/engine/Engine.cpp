#include "core/engine/Engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <time.h>

#include <readerwriterqueue/readerwriterqueue.h>

#include "core/dsp/Gain.h"
#include "core/fm/FmSynth.h"
#include "core/rt/RealtimeGuard.h"

namespace latentrack::core::engine {

namespace {

enum class GarbageKind : std::uint8_t { Sample, Pattern, FmVoice };
struct Garbage {
    GarbageKind kind;
    void* pointer;
};

constexpr int kGarbageCapacity = 256;
constexpr int kRetiringCapacity = 64;

class QueuePort final : public Engine::CommandPort {
public:
    QueuePort() : queue(Engine::kCommandQueueCapacity) {}
    bool push(const Command& command) noexcept override { return queue.try_enqueue(command); }
    moodycamel::ReaderWriterQueue<Command> queue;
};

void destroy(const Garbage& g) {
    if (g.kind == GarbageKind::Sample)
        delete static_cast<voice::Sample*>(g.pointer);
    else if (g.kind == GarbageKind::Pattern)
        delete static_cast<seq::Pattern*>(g.pointer);
    else
        delete static_cast<fm::DxVoice*>(g.pointer);
}

} // namespace

struct Engine::Impl {
    std::array<std::unique_ptr<QueuePort>, kMaxCommandPorts> ports;
    int numPorts = 0;
    moodycamel::ReaderWriterQueue<Garbage> garbage{kGarbageCapacity};
    // Samples replaced while voices may still play them; audio thread only.
    std::array<voice::Sample*, kRetiringCapacity> retiring{};
    int numRetiring = 0;
};

Engine::Engine() : m_impl(std::make_unique<Impl>()), m_fm(std::make_unique<fm::FmSynth>()) {}

Engine::~Engine() {
    collectGarbage();
    for (auto* s : m_samples)
        delete s;
    for (int i = 0; i < m_impl->numRetiring; ++i)
        delete m_impl->retiring[i];
    for (int p = 0; p < m_impl->numPorts; ++p) {
        Command c;
        while (m_impl->ports[p]->queue.try_dequeue(c)) {
            if (c.type == CommandType::SetTrackSample)
                delete static_cast<voice::Sample*>(c.payload);
            else if (c.type == CommandType::LoadPattern)
                delete static_cast<seq::Pattern*>(c.payload);
            else if (c.type == CommandType::FmLoadVoice)
                delete static_cast<fm::DxVoice*>(c.payload);
        }
    }
}

void Engine::prepare(double sampleRate, int maxBlockFrames) {
    if (!(sampleRate >= 8000.0 && sampleRate <= 384000.0))
        throw std::invalid_argument("Engine::prepare: sample rate out of range 8000–384000 Hz");
    if (maxBlockFrames < 1 || maxBlockFrames > 8192)
        throw std::invalid_argument("Engine::prepare: block size out of range 1–8192 frames");
    m_sampleRate = sampleRate;
    m_maxBlock = maxBlockFrames;
    m_cutFadeFrames = std::max(1, static_cast<int>(std::lround(kCutFadeSeconds * sampleRate)));
    m_bus.assign(static_cast<std::size_t>(seq::kMaxTracks) * 2 * maxBlockFrames, 0.0f);
    m_fmBus.assign(static_cast<std::size_t>(maxBlockFrames), 0.0f);
    m_streamBus.assign(static_cast<std::size_t>(maxBlockFrames), 0.0f);
    m_fm->prepare(sampleRate);
    m_clock.prepare(sampleRate);
    m_playing = false;
    m_snapGains = true;
    for (auto& v : m_voices)
        v.killAll();
}

Engine::CommandPort& Engine::openPort() {
    if (m_impl->numPorts >= kMaxCommandPorts)
        throw std::runtime_error("Engine::openPort: all command ports are in use");
    auto& slot = m_impl->ports[m_impl->numPorts];
    slot = std::make_unique<QueuePort>();
    ++m_impl->numPorts;
    return *slot;
}

bool Engine::setTrackSample(CommandPort& port, int track, std::unique_ptr<voice::Sample> sample) {
    if (track < 0 || track >= seq::kMaxTracks)
        throw std::invalid_argument("Engine::setTrackSample: track out of range");
    if (sample && std::abs(sample->sampleRate - m_sampleRate) > 1e-6)
        throw std::invalid_argument("Engine::setTrackSample: sample is at " +
                                    std::to_string(sample->sampleRate) + " Hz, engine at " +
                                    std::to_string(m_sampleRate) + " Hz; resample it first");
    Command c{CommandType::SetTrackSample, static_cast<std::int16_t>(track), 0, 0.0f, sample.get()};
    if (!port.push(c))
        return false;
    sample.release(); // now owned by the engine
    return true;
}

bool Engine::loadPattern(CommandPort& port, const seq::Pattern& pattern) {
    auto copy = std::make_unique<seq::Pattern>(pattern);
    if (!port.push(Command{CommandType::LoadPattern, 0, 0, 0.0f, copy.get()}))
        return false;
    copy.release();
    return true;
}

bool Engine::loadFmVoice(CommandPort& port, const fm::DxVoice& voice) {
    auto copy = std::make_unique<fm::DxVoice>(voice);
    if (!port.push(Command{CommandType::FmLoadVoice, 0, 0, 0.0f, copy.get()}))
        return false;
    copy.release();
    return true;
}

void Engine::collectGarbage() {
    Garbage g{};
    while (m_impl->garbage.try_dequeue(g))
        destroy(g);
}

void Engine::drainCommands(int frames) noexcept {
    for (int p = 0; p < m_impl->numPorts; ++p) {
        auto& queue = m_impl->ports[p]->queue;
        while (const Command* c = queue.peek()) {
            if (!holdTimed(*c, frames) && !apply(*c))
                break; // no room to retire right now: try again next block
            queue.pop();
        }
    }
}

bool Engine::holdTimed(const Command& c, int frames) noexcept {
    switch (c.type) {
    case CommandType::Audition:
    case CommandType::FmNoteOn:
    case CommandType::FmNoteOff:
    case CommandType::FmPitchBend:
    case CommandType::FmModWheel:
    case CommandType::FmSustain:
        break;
    default:
        return false;
    }
    if (c.timeNs == 0 || m_prevBlockStartNs == 0 || m_numTimed >= kTimedCapacity || frames <= 0)
        return false;
    // One block period of latency, no jitter: an event played at time T during the previous
    // block sounds at the same distance into this one.
    const double since =
        c.timeNs > m_prevBlockStartNs ? static_cast<double>(c.timeNs - m_prevBlockStartNs) : 0.0;
    const int frame = std::clamp(static_cast<int>(since * 1e-9 * m_sampleRate), 0, frames - 1);
    int i = m_numTimed++;
    for (; i > 0 && m_timed[static_cast<std::size_t>(i - 1)].frame > frame; --i) // keep order
        m_timed[static_cast<std::size_t>(i)] = m_timed[static_cast<std::size_t>(i - 1)];
    m_timed[static_cast<std::size_t>(i)] = {frame, c};
    return true;
}

bool Engine::apply(const Command& c) noexcept {
    const int track = c.track;
    const bool validTrack = track >= 0 && track < seq::kMaxTracks;
    switch (c.type) {
    case CommandType::Play:
        m_clock.reset();
        m_playing = true;
        break;
    case CommandType::Stop:
        m_playing = false;
        break;
    case CommandType::SetStep:
        m_pattern.set(track, c.step, c.value);
        break;
    case CommandType::SetNumSteps:
        m_pattern.numSteps = std::clamp<int>(c.step, 1, seq::kMaxSteps);
        break;
    case CommandType::LoadPattern: {
        if (!m_impl->garbage.try_enqueue(Garbage{GarbageKind::Pattern, c.payload}))
            return false;
        m_pattern = *static_cast<const seq::Pattern*>(c.payload);
        break;
    }
    case CommandType::SetTrackSample: {
        if (!validTrack)
            break;
        if (m_impl->numRetiring >= kRetiringCapacity)
            return false;
        if (auto* old = const_cast<voice::Sample*>(m_samples[track]))
            m_impl->retiring[m_impl->numRetiring++] = old;
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
    case CommandType::FmNoteOn:
        m_fm->noteOn(c.step, c.track);
        break;
    case CommandType::FmNoteOff:
        m_fm->noteOff(c.step);
        break;
    case CommandType::FmPitchBend:
        m_fm->setPitchBend(std::clamp(c.value, -1.0f, 1.0f));
        break;
    case CommandType::FmModWheel:
        m_fm->setModWheel(std::clamp(c.value, 0.0f, 1.0f));
        break;
    case CommandType::FmSustain:
        m_fm->setSustain(c.value >= 0.5f);
        break;
    case CommandType::FmAllNotesOff:
        m_fm->allNotesOff();
        break;
    case CommandType::FmSetParam:
        m_fm->setParam(c.step, c.track);
        break;
    case CommandType::FmLoadVoice:
        if (!m_impl->garbage.try_enqueue(Garbage{GarbageKind::FmVoice, c.payload}))
            return false;
        m_fm->setVoice(*static_cast<const fm::DxVoice*>(c.payload));
        break;
    case CommandType::FmSetPolyphony:
        m_fm->setPolyphony(c.step);
        break;
    case CommandType::FmSetOperatorMask:
        m_fm->setOperatorMask(static_cast<std::uint8_t>(c.step));
        break;
    }
    return true;
}

void Engine::trigger(int track, float velocity) noexcept {
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

void Engine::triggerStep(std::int64_t step) noexcept {
    const int patternStep = static_cast<int>(step % m_pattern.numSteps);
    const int n = m_pattern.numTracks();
    for (int t = 0; t < n; ++t) {
        const float v = m_pattern.velocity[t][patternStep];
        if (v > 0.0f)
            trigger(t, v);
    }
    m_pubStep.store(patternStep, std::memory_order_relaxed);
    m_pubStepCounter.store(step + 1, std::memory_order_relaxed);
}

void Engine::renderVoices(int offset, int frames) noexcept {
    if (frames <= 0)
        return;
    for (int t = 0; t < seq::kMaxTracks; ++t) {
        float* l = m_bus.data() + static_cast<std::size_t>(2 * t) * m_maxBlock;
        float* r = l + m_maxBlock;
        m_voices[t].renderAdd(l + offset, r + offset, frames);
    }
}

void Engine::mixBuses(float* left, float* right, int frames) noexcept {
    bool anySolo = false;
    for (const auto& tc : tracks)
        anySolo = anySolo || tc.solo.load(std::memory_order_relaxed);
    const float inv = 1.0f / static_cast<float>(frames);
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
        // Linear ramp from last block's gain to the new one: no zipper noise on fader moves.
        const float stepL = (targetL - m_busGainL[t]) * inv;
        const float stepR = (targetR - m_busGainR[t]) * inv;
        const float* l = m_bus.data() + static_cast<std::size_t>(2 * t) * m_maxBlock;
        const float* r = l + m_maxBlock;
        float gl = m_busGainL[t];
        float gr = m_busGainR[t];
        float peak = 0.0f;
        for (int i = 0; i < frames; ++i) {
            gl += stepL;
            gr += stepR;
            const float ol = gl * l[i];
            const float orr = gr * r[i];
            left[i] += ol;
            right[i] += orr;
            peak = std::max(peak, std::max(std::abs(ol), std::abs(orr)));
        }
        m_busGainL[t] = targetL;
        m_busGainR[t] = targetR;
        const float previous = m_pubTrackPeak[t].load(std::memory_order_relaxed);
        m_pubTrackPeak[t].store(std::max(peak, previous * 0.9f), std::memory_order_relaxed);
    }
}

void Engine::applyMasterGain(float* left, float* right, int frames) noexcept {
    const float target = dsp::dbToGain(masterGainDb.load(std::memory_order_relaxed));
    if (m_snapGains)
        m_masterGain = target;
    m_snapGains = false; // mixBuses, mixFm and this stage have all snapped
    const float step = (target - m_masterGain) / static_cast<float>(std::max(frames, 1));
    for (int i = 0; i < frames; ++i) {
        m_masterGain += step;
        left[i] *= m_masterGain;
        right[i] *= m_masterGain;
    }
    m_masterGain = target;
}

void Engine::mixStream(float* left, float* right, int frames) noexcept {
    const auto got =
        static_cast<int>(m_streamRing.read(m_streamBus.data(), static_cast<std::size_t>(frames)));
    const float target = dsp::dbToGain(streamGainDb.load(std::memory_order_relaxed));
    const float step = (target - m_streamGain) / static_cast<float>(std::max(frames, 1));
    float g = m_streamGain;
    for (int i = 0; i < got; ++i) {
        g += step;
        left[i] += m_streamBus[static_cast<std::size_t>(i)] * g;
        right[i] += m_streamBus[static_cast<std::size_t>(i)] * g;
    }
    m_streamGain = target;
}

void Engine::mixFm(float* left, float* right, int frames) noexcept {
    float* fm = m_fmBus.data();
    std::fill(fm, fm + frames, 0.0f);
    // Timed FM events split the block where they fall.
    int done = 0;
    for (int i = 0; i < m_numTimed; ++i) {
        const auto& t = m_timed[static_cast<std::size_t>(i)];
        if (t.command.type == CommandType::Audition)
            continue;
        if (t.frame > done) {
            m_fm->render(fm + done, t.frame - done);
            done = t.frame;
        }
        apply(t.command);
    }
    if (frames > done)
        m_fm->render(fm + done, frames - done);
    const float target = dsp::dbToGain(fmGainDb.load(std::memory_order_relaxed));
    if (m_snapGains)
        m_fmGain = target;
    const float step = (target - m_fmGain) / static_cast<float>(std::max(frames, 1));
    float g = m_fmGain;
    float peak = 0.0f;
    for (int i = 0; i < frames; ++i) {
        g += step;
        const float y = fm[i] * g;
        left[i] += y;
        right[i] += y;
        peak = std::max(peak, std::abs(y));
    }
    m_fmGain = target;
    const float previous = m_pubFmPeak.load(std::memory_order_relaxed);
    m_pubFmPeak.store(std::max(peak, previous * 0.9f), std::memory_order_relaxed);
    m_pubFmVoices.store(m_fm->activeVoices(), std::memory_order_relaxed);
}

void Engine::retireUnused() noexcept {
    auto& impl = *m_impl;
    for (int i = 0; i < impl.numRetiring;) {
        voice::Sample* s = impl.retiring[i];
        const bool inUse = std::any_of(m_voices.begin(), m_voices.end(),
                                       [s](const auto& pool) { return pool.uses(s); });
        if (!inUse && impl.garbage.try_enqueue(Garbage{GarbageKind::Sample, s})) {
            impl.retiring[i] = impl.retiring[--impl.numRetiring];
            continue;
        }
        ++i;
    }
}

void Engine::publish(float* left, float* right, int frames) noexcept {
    float peak = 0.0f;
    for (int i = 0; i < frames; ++i)
        peak = std::max(peak, std::max(std::abs(left[i]), std::abs(right[i])));
    const float previous = m_pubMasterPeak.load(std::memory_order_relaxed);
    m_pubMasterPeak.store(std::max(peak, previous * 0.9f), std::memory_order_relaxed);
    int voices = 0;
    for (const auto& pool : m_voices)
        voices += pool.activeVoices();
    m_pubVoices.store(voices, std::memory_order_relaxed);
    m_pubPlaying.store(m_playing, std::memory_order_relaxed);
    if (!m_playing)
        m_pubStep.store(-1, std::memory_order_relaxed);
}

namespace {
double threadCpuSeconds() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
} // namespace

void Engine::warmUp(double seconds) noexcept {
    // Queued commands stay queued: the first real callback applies them.
    float l[256];
    float r[256];
    const int block = std::min(256, m_maxBlock);
    const auto blocks = static_cast<int>(seconds * m_sampleRate / block) + 1;
    for (int i = 0; i < blocks; ++i)
        renderBlock(l, r, block);
}

std::uint64_t Engine::nowNs() noexcept {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

void Engine::process(float* left, float* right, int frames) noexcept {
    processAt(left, right, frames, nowNs());
}

void Engine::processAt(float* left, float* right, int frames, std::uint64_t blockStartNs) noexcept {
    rt::ScopedRealtimeSection realtime;
    const auto started = std::chrono::steady_clock::now();
    const double cpuStarted = threadCpuSeconds();
    frames = std::clamp(frames, 0, m_maxBlock);
    m_prevBlockStartNs = m_blockStartNs;
    m_blockStartNs = blockStartNs;
    drainCommands(frames);
    renderBlock(left, right, frames);

    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double budget = frames / m_sampleRate;
    const float load = budget > 0.0 ? static_cast<float>(elapsed / budget) : 0.0f;
    const float smoothed = m_pubCpu.load(std::memory_order_relaxed);
    m_pubCpu.store(smoothed + 0.05f * (load - smoothed), std::memory_order_relaxed);
    const float peak = m_pubCpuPeak.load(std::memory_order_relaxed);
    m_pubCpuPeak.store(std::max(load, peak * 0.999f), std::memory_order_relaxed);
    if (threadCpuSeconds() - cpuStarted > budget) {
        m_overruns.fetch_add(1, std::memory_order_relaxed);
        ++m_overrunRun;
        if (m_overrunRun > m_longestOverrunRun.load(std::memory_order_relaxed))
            m_longestOverrunRun.store(m_overrunRun, std::memory_order_relaxed);
    } else {
        m_overrunRun = 0;
    }
}

void Engine::renderBlock(float* left, float* right, int frames) noexcept {
    std::fill(left, left + frames, 0.0f);
    std::fill(right, right + frames, 0.0f);
    std::fill(m_bus.begin(), m_bus.end(), 0.0f);
    m_clock.setTempo(bpm.load(std::memory_order_relaxed), swing.load(std::memory_order_relaxed));

    // Voices render in segments split at step onsets and at timed auditions (MIDI drum notes).
    int done = 0;
    int next = 0;
    for (;;) {
        const int onset = m_playing ? m_clock.nextOnsetWithin(frames) : -1;
        while (next < m_numTimed &&
               m_timed[static_cast<std::size_t>(next)].command.type != CommandType::Audition)
            ++next;
        const int event = next < m_numTimed ? m_timed[static_cast<std::size_t>(next)].frame : -1;
        if (onset < 0 && event < 0)
            break;
        if (event >= 0 && (onset < 0 || event < onset)) {
            renderVoices(done, event - done);
            done = event;
            apply(m_timed[static_cast<std::size_t>(next++)].command);
        } else {
            renderVoices(done, onset - done);
            done = onset;
            triggerStep(m_clock.takeStep());
        }
    }
    if (m_playing)
        m_clock.advance(frames);
    renderVoices(done, frames - done);
    mixBuses(left, right, frames);
    mixFm(left, right, frames);
    m_numTimed = 0;
    mixStream(left, right, frames);
    applyMasterGain(left, right, frames);
    retireUnused();
    publish(left, right, frames);
}

Snapshot Engine::snapshot() const noexcept {
    Snapshot s;
    s.playing = m_pubPlaying.load(std::memory_order_relaxed);
    s.step = m_pubStep.load(std::memory_order_relaxed);
    s.stepCounter = m_pubStepCounter.load(std::memory_order_relaxed);
    s.cpuLoad = m_pubCpu.load(std::memory_order_relaxed);
    s.cpuPeak = m_pubCpuPeak.load(std::memory_order_relaxed);
    s.overruns = m_overruns.load(std::memory_order_relaxed);
    s.longestOverrunRun = m_longestOverrunRun.load(std::memory_order_relaxed);
    s.xruns = m_xruns.load(std::memory_order_relaxed);
    s.masterPeak = m_pubMasterPeak.load(std::memory_order_relaxed);
    for (int t = 0; t < seq::kMaxTracks; ++t)
        s.trackPeak[t] = m_pubTrackPeak[t].load(std::memory_order_relaxed);
    s.activeVoices = m_pubVoices.load(std::memory_order_relaxed);
    s.fmVoices = m_pubFmVoices.load(std::memory_order_relaxed);
    s.fmPeak = m_pubFmPeak.load(std::memory_order_relaxed);
    return s;
}

} // namespace latentrack::core::engine
