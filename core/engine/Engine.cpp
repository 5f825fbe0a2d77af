#include "core/engine/Engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <time.h>

#include <readerwriterqueue/readerwriterqueue.h>

#include "core/dsp/Gain.h"
#include "core/rt/RealtimeGuard.h"

namespace latentrack::core::engine {

namespace {

struct Garbage {
    void* pointer = nullptr;
    void (*destroy)(void*) = nullptr;
};

constexpr int kGarbageCapacity = 256;

class QueuePort final : public CommandPort {
public:
    QueuePort() : queue(Engine::kCommandQueueCapacity) {}
    bool push(const Command& command) noexcept override { return queue.try_enqueue(command); }
    moodycamel::ReaderWriterQueue<Command> queue;
};

class GarbageQueue final : public Disposal {
public:
    bool dispose(void* pointer, void (*destroy)(void*)) noexcept override {
        return queue.try_enqueue(Garbage{pointer, destroy});
    }
    moodycamel::ReaderWriterQueue<Garbage> queue{kGarbageCapacity};
};

double threadCpuSeconds() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

} // namespace

struct Engine::Impl {
    std::array<std::unique_ptr<QueuePort>, kMaxCommandPorts> ports;
    int numPorts = 0;
    GarbageQueue garbage;
};

Engine::Engine() : m_impl(std::make_unique<Impl>()) {}

Engine::~Engine() {
    collectGarbage();
    // Commands never applied still own their payloads; their sources free them.
    for (int p = 0; p < m_impl->numPorts; ++p) {
        Command c;
        while (m_impl->ports[p]->queue.try_dequeue(c)) {
            const int owner = ownerOf(c.type);
            if (owner >= 0)
                m_sources[static_cast<std::size_t>(owner)]->discard(c);
        }
    }
}

Source& Engine::add(std::unique_ptr<Source> source) {
    if (!source)
        throw std::invalid_argument("Engine::add: null source");
    if (m_numSources >= kMaxSources)
        throw std::runtime_error("Engine::add: the engine already mixes " +
                                 std::to_string(kMaxSources) + " sources");
    auto& slot = m_sources[static_cast<std::size_t>(m_numSources++)];
    slot = std::move(source);
    if (m_maxBlock > 0) {
        slot->prepare(m_sampleRate, m_maxBlock);
        m_bus.assign(static_cast<std::size_t>(m_numSources) * 2 * m_maxBlock, 0.0f);
    }
    return *slot;
}

void Engine::prepare(double sampleRate, int maxBlockFrames) {
    if (!(sampleRate >= 8000.0 && sampleRate <= 384000.0))
        throw std::invalid_argument("Engine::prepare: sample rate out of range 8000–384000 Hz");
    if (maxBlockFrames < 1 || maxBlockFrames > 8192)
        throw std::invalid_argument("Engine::prepare: block size out of range 1–8192 frames");
    m_sampleRate = sampleRate;
    m_maxBlock = maxBlockFrames;
    m_bus.assign(static_cast<std::size_t>(std::max(m_numSources, 1)) * 2 * maxBlockFrames, 0.0f);
    for (int i = 0; i < m_numSources; ++i)
        m_sources[static_cast<std::size_t>(i)]->prepare(sampleRate, maxBlockFrames);
    m_clock.prepare(sampleRate);
    m_playing = false;
    m_snapGains = true;
}

CommandPort& Engine::openPort() {
    if (m_impl->numPorts >= kMaxCommandPorts)
        throw std::runtime_error("Engine::openPort: all command ports are in use");
    auto& slot = m_impl->ports[m_impl->numPorts];
    slot = std::make_unique<QueuePort>();
    ++m_impl->numPorts;
    return *slot;
}

void Engine::collectGarbage() {
    Garbage g;
    while (m_impl->garbage.queue.try_dequeue(g))
        g.destroy(g.pointer);
}

int Engine::ownerOf(CommandType type) const noexcept {
    if (type == CommandType::Play || type == CommandType::Stop)
        return -1;
    for (int i = 0; i < m_numSources; ++i)
        if (m_sources[static_cast<std::size_t>(i)]->handles(type))
            return i;
    return -2;
}

void Engine::drainCommands(int frames) noexcept {
    for (int p = 0; p < m_impl->numPorts; ++p) {
        auto& queue = m_impl->ports[p]->queue;
        while (const Command* c = queue.peek()) {
            const int owner = ownerOf(c->type);
            if (owner == -1) {
                applyTransport(*c);
            } else if (owner >= 0 && !holdTimed(*c, owner, frames)) {
                if (!m_sources[static_cast<std::size_t>(owner)]->apply(*c, m_impl->garbage))
                    break; // no room to dispose of what it replaces: try again next block
            }
            queue.pop(); // commands no source handles are dropped
        }
    }
}

bool Engine::holdTimed(const Command& c, int source, int frames) noexcept {
    if (c.timeNs == 0 || m_prevBlockStartNs == 0 || m_numTimed >= kTimedCapacity || frames <= 0 ||
        !m_sources[static_cast<std::size_t>(source)]->isPerformanceEvent(c.type))
        return false;
    // One block period of latency, no jitter: an event played at time T during the previous
    // block sounds at the same distance into this one.
    const double since =
        c.timeNs > m_prevBlockStartNs ? static_cast<double>(c.timeNs - m_prevBlockStartNs) : 0.0;
    const int frame = std::clamp(static_cast<int>(since * 1e-9 * m_sampleRate), 0, frames - 1);
    int i = m_numTimed++;
    for (; i > 0 && m_timed[static_cast<std::size_t>(i - 1)].frame > frame; --i) // keep order
        m_timed[static_cast<std::size_t>(i)] = m_timed[static_cast<std::size_t>(i - 1)];
    m_timed[static_cast<std::size_t>(i)] = {frame, source, c};
    return true;
}

void Engine::applyTransport(const Command& c) noexcept {
    if (c.type == CommandType::Play) {
        m_clock.reset();
        m_playing = true;
    } else {
        m_playing = false;
    }
}

int Engine::collectOnsets(int frames) noexcept {
    int n = 0;
    if (!m_playing)
        return 0;
    for (int onset = m_clock.nextOnsetWithin(frames); onset >= 0 && n < kMaxOnsetsPerBlock;
         onset = m_clock.nextOnsetWithin(frames))
        m_onsets[static_cast<std::size_t>(n++)] = {onset, m_clock.takeStep()};
    m_clock.advance(frames);
    if (n > 0)
        m_pubStepCounter.store(m_onsets[static_cast<std::size_t>(n - 1)].step + 1,
                               std::memory_order_relaxed);
    return n;
}

void Engine::mixSource(int index, float* left, float* right, const Block& shared) noexcept {
    Source& source = *m_sources[static_cast<std::size_t>(index)];
    const int frames = shared.frames;
    float* l = m_bus.data() + static_cast<std::size_t>(2 * index) * m_maxBlock;
    float* r = l + m_maxBlock;
    std::fill(l, l + frames, 0.0f);
    std::fill(r, r + frames, 0.0f);
    Block block = shared;
    int n = 0;
    for (int i = 0; i < m_numTimed; ++i)
        if (m_timed[static_cast<std::size_t>(i)].source == index)
            m_sourceEvents[static_cast<std::size_t>(n++)] = {
                m_timed[static_cast<std::size_t>(i)].frame,
                m_timed[static_cast<std::size_t>(i)].command};
    block.events = m_sourceEvents.data();
    block.numEvents = n;
    source.process(block, l, r);

    // Channel strip: gain and pan ramped across the block (no zipper noise), then the meter.
    const auto& strip = source.strip;
    const float g = strip.mute.load(std::memory_order_relaxed)
                        ? 0.0f
                        : dsp::dbToGain(strip.gainDb.load(std::memory_order_relaxed));
    const auto pan = dsp::panGains(strip.pan.load(std::memory_order_relaxed));
    const float targetL = g * pan.left;
    const float targetR = g * pan.right;
    if (m_snapGains) {
        source.m_gainL = targetL;
        source.m_gainR = targetR;
    }
    const float peak = dsp::addRamped(l, r, left, right, frames, {source.m_gainL, source.m_gainR},
                                      {targetL, targetR});
    source.m_gainL = targetL;
    source.m_gainR = targetR;
    const float previous = source.m_peak.load(std::memory_order_relaxed);
    source.m_peak.store(std::max(peak, previous * 0.9f), std::memory_order_relaxed);
}

void Engine::applyMasterGain(float* left, float* right, int frames) noexcept {
    const float target = dsp::dbToGain(masterGainDb.load(std::memory_order_relaxed));
    if (m_snapGains)
        m_masterGain = target;
    const float step = (target - m_masterGain) / static_cast<float>(std::max(frames, 1));
    for (int i = 0; i < frames; ++i) {
        m_masterGain += step;
        left[i] *= m_masterGain;
        right[i] *= m_masterGain;
    }
    m_masterGain = target;
}

void Engine::publish(const float* left, const float* right, int frames) noexcept {
    float peak = 0.0f;
    for (int i = 0; i < frames; ++i)
        peak = std::max(peak, std::max(std::abs(left[i]), std::abs(right[i])));
    const float previous = m_pubMasterPeak.load(std::memory_order_relaxed);
    m_pubMasterPeak.store(std::max(peak, previous * 0.9f), std::memory_order_relaxed);
    m_pubPlaying.store(m_playing, std::memory_order_relaxed);
}

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
    m_clock.setTempo(bpm.load(std::memory_order_relaxed), swing.load(std::memory_order_relaxed));
    Block block;
    block.frames = frames;
    block.playing = m_playing;
    block.numOnsets = collectOnsets(frames);
    block.onsets = m_onsets.data();
    block.disposal = &m_impl->garbage;
    for (int i = 0; i < m_numSources; ++i)
        mixSource(i, left, right, block);
    m_numTimed = 0;
    applyMasterGain(left, right, frames);
    m_snapGains = false; // every strip and the master have snapped
    publish(left, right, frames);
}

Snapshot Engine::snapshot() const noexcept {
    Snapshot s;
    s.playing = m_pubPlaying.load(std::memory_order_relaxed);
    s.stepCounter = m_pubStepCounter.load(std::memory_order_relaxed);
    s.cpuLoad = m_pubCpu.load(std::memory_order_relaxed);
    s.cpuPeak = m_pubCpuPeak.load(std::memory_order_relaxed);
    s.overruns = m_overruns.load(std::memory_order_relaxed);
    s.longestOverrunRun = m_longestOverrunRun.load(std::memory_order_relaxed);
    s.xruns = m_xruns.load(std::memory_order_relaxed);
    s.masterPeak = m_pubMasterPeak.load(std::memory_order_relaxed);
    return s;
}

} // namespace latentrack::core::engine
