#pragma once
// The realtime engine: a small mixer of instrument sources (Source.h) on one transport. Each
// block it drains the producers' command queues, hands every command to the source that
// handles it (performance events at their frame), renders each source into its own stereo bus,
// applies the source's channel strip (gain, pan, mute, meter), sums them under the master gain
// and measures its own CPU load. The drum machine, the FM synthesizer and the neural stream
// players are sources; a new instrument is a new source added with add(). One code path for
// live audio (AudioDevice calls process() from the RtAudio callback) and offline rendering
// (render::renderBars()).
//
// Threads (DESIGN.md, STYLE.md):
// - audio: process() only. Never locks, allocates, frees or logs (checked by
//   rt::ScopedRealtimeSection).
// - producers (GUI, OSC, MIDI, workers): each owns one CommandPort (SPSC queue) obtained before
//   audio starts, and writes the public atomics (continuous controls).
// - owner (GUI thread or the offline renderer): add(), prepare(), collectGarbage().
// - any: snapshot(), find() and the sources' own atomics.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/engine/Command.h"
#include "core/engine/CommandPort.h"
#include "core/engine/Source.h"
#include "core/rt/AudioRing.h"
#include "core/seq/StepClock.h"

namespace latentrack::core::engine {

/// State published by the audio thread for the GUI (polled at 30–60 Hz).
struct Snapshot {
    bool playing = false;
    std::int64_t stepCounter = 0; ///< steps since play
    float cpuLoad = 0.0f;         ///< callback time / block duration, smoothed, 0 … 1+
    float cpuPeak = 0.0f;         ///< highest single-block load, decaying by 0.1 % per block
    /// Blocks whose processing used more CPU time (CLOCK_THREAD_CPUTIME_ID) than their duration.
    /// Wall-clock delays of a preempted thread show in cpuLoad/cpuPeak, not here.
    std::uint64_t overruns = 0;
    /// Most consecutive overrun blocks. An engine too slow for its period overruns block after
    /// block (its work per block is steady); an isolated overrun is time the kernel charged to
    /// the audio thread — on kernels without CONFIG_IRQ_TIME_ACCOUNTING, interrupt handling
    /// counts as CPU time of whichever thread it interrupted.
    int longestOverrunRun = 0;
    std::uint64_t xruns = 0;
    float masterPeak = 0.0f;
};

class Engine {
public:
    static constexpr int kMaxCommandPorts = 6;
    static constexpr int kCommandQueueCapacity = 1024;
    static constexpr int kMaxSources = 16;
    /// Timed commands held for a position inside a block; more in one block play at its top.
    static constexpr int kTimedCapacity = 256;
    /// Step onsets inside one block (more than 8192 frames at 300 BPM and 8 kHz hold).
    static constexpr int kMaxOnsetsPerBlock = 64;
    using CommandPort = engine::CommandPort;

    Engine();
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Adds a source to the mix, after those already there; the engine owns it. Thread: owner,
    /// before prepare() (or between prepare() calls while audio is stopped). Throws
    /// std::runtime_error past kMaxSources.
    Source& add(std::unique_ptr<Source> source);
    template <typename S, typename... Args> S& add(Args&&... args) {
        auto s = std::make_unique<S>(std::forward<Args>(args)...);
        S& ref = *s;
        add(std::move(s));
        return ref;
    }
    int numSources() const noexcept { return m_numSources; }
    Source& source(int index) { return *m_sources.at(static_cast<std::size_t>(index)); }
    /// The first source of type S, or null. Thread: any (the set of sources is fixed while
    /// audio runs).
    template <typename S> S* find() const noexcept {
        for (int i = 0; i < m_numSources; ++i)
            if (auto* s = dynamic_cast<S*>(m_sources[static_cast<std::size_t>(i)].get()))
                return s;
        return nullptr;
    }
    /// find<S>(), throwing std::logic_error naming `what` when the engine has none.
    template <typename S> S& require(const char* what) const {
        if (S* s = find<S>())
            return *s;
        throw std::logic_error(std::string("the engine has no ") + what);
    }

    /// Sizes buffers for blocks of up to maxBlockFrames (1 … 8192) at sampleRate Hz, prepares
    /// every source and resets the transport. Thread: owner, while process() is not running.
    /// Allocates. Throws std::invalid_argument for a rate outside 8000–384000 Hz or a bad size.
    void prepare(double sampleRate, int maxBlockFrames);
    double sampleRate() const noexcept { return m_sampleRate; }
    int maxBlockFrames() const noexcept { return m_maxBlock; }

    /// Runs the render path for `seconds` so that code and buffers are paged in before the first
    /// realtime callback. Queued commands are left for the first callback. Thread: owner, after
    /// prepare() and before audio starts (the transport is then stopped, so nothing plays).
    void warmUp(double seconds = 0.1) noexcept;

    /// Opens a new SPSC command port (up to kMaxCommandPorts). Thread: owner, before audio
    /// starts. Throws std::runtime_error when all ports are taken.
    CommandPort& openPort();

    /// Deletes objects the audio thread has let go of. Thread: owner. Allocates.
    void collectGarbage();

    /// Renders `frames` (≤ maxBlockFrames) frames of stereo into left/right (overwrites).
    /// Thread: audio. Lock-free, allocation-free.
    void process(float* left, float* right, int frames) noexcept;
    /// process() for a block that starts at steady_clock time `blockStartNs` (tests and
    /// renderers that keep their own clock). Timed commands land at their time one block
    /// period later: at frame (timeNs − previous block's start) · rate, within this block.
    void processAt(float* left, float* right, int frames, std::uint64_t blockStartNs) noexcept;
    /// steady_clock now in ns, the time base of Command::timeNs. Thread: any.
    static std::uint64_t nowNs() noexcept;

    /// Called by the audio device from its callback when the driver reports an under/overrun.
    void reportXrun() noexcept { m_xruns.fetch_add(1, std::memory_order_relaxed); }

    /// Thread: any. Reads atomics only.
    Snapshot snapshot() const noexcept;

    // Continuous controls (STYLE.md §5): write from any producer thread.
    std::atomic<double> bpm{120.0}; ///< 40 … 300
    std::atomic<double> swing{0.5}; ///< 0.5 (straight) … 0.75
    std::atomic<float> masterGainDb{0.0f};

    /// Recording from the audio input (resynthesis of the musician's sound): while `capture`
    /// is true, captureInput() copies the device's input, mixed to mono, into captureRing()
    /// for one consumer thread (the GUI). Capacity 2^19 samples (10.9 s at 48 kHz); what does
    /// not fit is dropped and counted in captureDropped.
    std::atomic<bool> capture{false};
    std::atomic<std::uint64_t> captureDropped{0};
    rt::AudioRing& captureRing() noexcept { return m_captureRing; }
    /// `frames` mono input samples at sampleRate(). Thread: audio. Lock-free, allocation-free.
    void captureInput(const float* mono, int frames) noexcept {
        if (!capture.load(std::memory_order_relaxed) || frames <= 0)
            return;
        const auto n = static_cast<std::size_t>(frames);
        const auto written = m_captureRing.write(mono, n);
        if (written < n)
            captureDropped.fetch_add(n - written, std::memory_order_relaxed);
    }

private:
    struct Impl;
    struct HeldCommand {
        int frame;
        int source;
        Command command;
    };
    void drainCommands(int frames) noexcept;
    /// Index of the source that handles `type`, −1 for the engine's own commands (transport)
    /// and −2 when no source does.
    int ownerOf(CommandType type) const noexcept;
    /// Holds a timed performance event for its frame in this block; false when it was not
    /// held (untimed, or no room).
    bool holdTimed(const Command& c, int source, int frames) noexcept;
    /// Everything process() does but draining commands and measuring load.
    void renderBlock(float* left, float* right, int frames) noexcept;
    void applyTransport(const Command& c) noexcept;
    int collectOnsets(int frames) noexcept;
    void mixSource(int index, float* left, float* right, const Block& block) noexcept;
    void applyMasterGain(float* left, float* right, int frames) noexcept;
    void publish(const float* left, const float* right, int frames) noexcept;

    std::unique_ptr<Impl> m_impl;
    std::array<std::unique_ptr<Source>, kMaxSources> m_sources;
    int m_numSources = 0;
    double m_sampleRate = 48000.0;
    int m_maxBlock = 0;

    // Audio-thread state.
    seq::StepClock m_clock;
    bool m_playing = false;
    float m_masterGain = 1.0f;
    bool m_snapGains = true;  // first block after prepare(): jump to the targets, no ramp
    std::vector<float> m_bus; // [source][L|R][maxBlock], sized in prepare()
    rt::AudioRing m_captureRing{1u << 19};
    std::array<HeldCommand, kTimedCapacity> m_timed{}; ///< sorted by frame
    int m_numTimed = 0;
    std::array<TimedCommand, kTimedCapacity> m_sourceEvents{}; ///< one source's, per block
    std::array<StepOnset, kMaxOnsetsPerBlock> m_onsets{};
    std::uint64_t m_blockStartNs = 0;     ///< this block's start
    std::uint64_t m_prevBlockStartNs = 0; ///< the previous block's start (0 before the first)

    // Published state.
    std::atomic<bool> m_pubPlaying{false};
    std::atomic<std::int64_t> m_pubStepCounter{0};
    std::atomic<float> m_pubCpu{0.0f};
    std::atomic<float> m_pubCpuPeak{0.0f};
    std::atomic<std::uint64_t> m_overruns{0};
    std::atomic<int> m_longestOverrunRun{0};
    int m_overrunRun = 0; ///< audio thread only
    std::atomic<std::uint64_t> m_xruns{0};
    std::atomic<float> m_pubMasterPeak{0.0f};
};

} // namespace latentrack::core::engine
