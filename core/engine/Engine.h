#pragma once
// The realtime drum-machine engine: step sequencer, sample voices per track, track buses with
// gain/pan/mute/solo, choke groups, meters. One code path for live audio (AudioDevice calls
// process() from the RtAudio callback) and offline rendering (render::renderBars()).
//
// Threads (DESIGN.md, STYLE.md):
// - audio: process() only. Never locks, allocates, frees or logs (checked by
// rt::ScopedRealtimeSection).
// - producers (GUI, OSC, MIDI): each owns one CommandPort (SPSC queue) obtained before audio
//   starts, and writes the public atomics (continuous controls).
// - owner (GUI thread or the offline renderer): prepare(), collectGarbage(), snapshot().

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/engine/Command.h"
#include "core/fm/DxVoice.h"
#include "core/rt/AudioRing.h"
#include "core/seq/Pattern.h"
#include "core/seq/StepClock.h"
#include "core/voice/Sample.h"
#include "core/voice/VoicePool.h"

namespace latentrack::core::fm {
class FmSynth;
}

namespace latentrack::core::engine {

/// Continuous controls of one track, written by any producer thread, read once per block.
struct TrackControls {
    std::atomic<float> gainDb{0.0f}; ///< −60 … +12 dB (−60 and below is silence)
    std::atomic<float> pan{0.0f};    ///< −1 (left) … +1 (right)
    std::atomic<bool> mute{false};
    std::atomic<bool> solo{false};
};

/// State published by the audio thread for the GUI (polled at 30–60 Hz).
struct Snapshot {
    bool playing = false;
    int step = -1;                ///< step of the pattern last triggered, −1 when stopped
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
    std::array<float, seq::kMaxTracks> trackPeak{};
    int activeVoices = 0;
    int fmVoices = 0;    ///< sounding FM notes
    float fmPeak = 0.0f; ///< FM output peak, decaying
};

class Engine {
public:
    static constexpr int kMaxCommandPorts = 4;
    static constexpr int kCommandQueueCapacity = 1024;
    /// Fade applied to choked and stolen voices.
    static constexpr double kCutFadeSeconds = 0.005;

    /// A producer's queue into the engine. Exactly one thread may push to a port.
    class CommandPort {
    public:
        virtual ~CommandPort() = default;
        /// Never blocks or allocates; false when the queue is full (the command is not sent).
        virtual bool push(const Command& command) noexcept = 0;
    };

    Engine();
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Sizes buffers for blocks of up to maxBlockFrames (1 … 8192) at sampleRate Hz and resets
    /// the transport. Thread: owner, while process() is not running. Allocates.
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

    /// Helpers that package ownership-transferring commands. They return false when the queue
    /// is full, in which case nothing is sent and the object is destroyed here.
    /// setTrackSample throws std::invalid_argument when the sample is not at sampleRate().
    bool setTrackSample(CommandPort& port, int track, std::unique_ptr<voice::Sample> sample);
    bool loadPattern(CommandPort& port, const seq::Pattern& pattern);
    /// Sends a whole DX7 voice to the FM synthesizer (sounding notes follow it).
    bool loadFmVoice(CommandPort& port, const fm::DxVoice& voice);

    /// Deletes samples and patterns the audio thread has let go of. Thread: owner. Allocates.
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
    /// Timed commands held for a position inside a block; more in one block play at its top.
    static constexpr int kTimedCapacity = 256;

    /// Called by the audio device from its callback when the driver reports an under/overrun.
    void reportXrun() noexcept { m_xruns.fetch_add(1, std::memory_order_relaxed); }

    /// Thread: any. Reads atomics only.
    Snapshot snapshot() const noexcept;

    // Continuous controls (STYLE.md §5): write from any producer thread.
    std::atomic<double> bpm{120.0}; ///< 40 … 300
    std::atomic<double> swing{0.5}; ///< 0.5 (straight) … 0.75
    std::atomic<float> masterGainDb{0.0f};
    std::array<TrackControls, seq::kMaxTracks> tracks;
    std::atomic<float> fmGainDb{0.0f};     ///< FM synthesizer level, −60 … +12 dB
    std::atomic<float> streamGainDb{0.0f}; ///< streamed (latent explorer) level, −60 … +12 dB

    /// Mono audio at sampleRate() streamed in by one producer thread (the latent-space
    /// explorer's decoder); the audio thread mixes what is there into both channels and plays
    /// silence when it runs dry. Capacity 32768 samples.
    rt::AudioRing& streamRing() noexcept { return m_streamRing; }

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
    void drainCommands(int frames) noexcept;
    /// A performance event with timeNs ≠ 0 held for its frame in this block; false when it
    /// was not held (untimed, not a performance event, or no room).
    bool holdTimed(const Command& c, int frames) noexcept;
    /// Everything process() does but draining commands and measuring load.
    void renderBlock(float* left, float* right, int frames) noexcept;
    bool apply(const Command& c) noexcept;
    void triggerStep(std::int64_t step) noexcept;
    void trigger(int track, float velocity) noexcept;
    void renderVoices(int offset, int frames) noexcept;
    void mixBuses(float* left, float* right, int frames) noexcept;
    void mixFm(float* left, float* right, int frames) noexcept;
    void mixStream(float* left, float* right, int frames) noexcept;
    /// Master gain over the drum buses and the FM bus together (ramped per block).
    void applyMasterGain(float* left, float* right, int frames) noexcept;
    void retireUnused() noexcept;
    void publish(float* left, float* right, int frames) noexcept;

    std::unique_ptr<Impl> m_impl;
    double m_sampleRate = 48000.0;
    int m_maxBlock = 0;
    int m_cutFadeFrames = 240;

    // Audio-thread state.
    seq::StepClock m_clock;
    seq::Pattern m_pattern;
    bool m_playing = false;
    std::array<const voice::Sample*, seq::kMaxTracks> m_samples{};
    std::array<int, seq::kMaxTracks> m_chokeGroup{};
    std::array<voice::VoicePool, seq::kMaxTracks> m_voices;
    std::array<float, seq::kMaxTracks> m_busGainL{};
    std::array<float, seq::kMaxTracks> m_busGainR{};
    float m_masterGain = 1.0f;
    bool m_snapGains = true;  // first block after prepare(): jump to the targets, no ramp
    std::vector<float> m_bus; // [track][L|R][maxBlock], sized in prepare()
    std::unique_ptr<fm::FmSynth> m_fm;
    rt::AudioRing m_streamRing{32768};
    rt::AudioRing m_captureRing{1u << 19};
    struct TimedCommand {
        int frame;
        Command command;
    };
    std::array<TimedCommand, kTimedCapacity> m_timed{}; ///< sorted by frame
    int m_numTimed = 0;
    std::uint64_t m_blockStartNs = 0;     ///< this block's start
    std::uint64_t m_prevBlockStartNs = 0; ///< the previous block's start (0 before the first)
    std::vector<float> m_streamBus;       // [maxBlock]
    float m_streamGain = 1.0f;
    std::vector<float> m_fmBus; // [maxBlock], mono
    float m_fmGain = 1.0f;

    // Published state.
    std::atomic<bool> m_pubPlaying{false};
    std::atomic<int> m_pubStep{-1};
    std::atomic<std::int64_t> m_pubStepCounter{0};
    std::atomic<float> m_pubCpu{0.0f};
    std::atomic<float> m_pubCpuPeak{0.0f};
    std::atomic<std::uint64_t> m_overruns{0};
    std::atomic<int> m_longestOverrunRun{0};
    int m_overrunRun = 0; ///< audio thread only
    std::atomic<std::uint64_t> m_xruns{0};
    std::atomic<float> m_pubMasterPeak{0.0f};
    std::array<std::atomic<float>, seq::kMaxTracks> m_pubTrackPeak{};
    std::atomic<int> m_pubVoices{0};
    std::atomic<int> m_pubFmVoices{0};
    std::atomic<float> m_pubFmPeak{0.0f};
};

} // namespace latentrack::core::engine
