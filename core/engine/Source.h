#pragma once
// One instrument in the engine's mix: the drum machine, the FM synthesizer, a neural stream
// player. The engine gives each source a stereo bus per block; the source renders into it and
// the engine applies the source's channel strip (gain, pan, mute) and meters it. A new
// instrument is a new Source; the engine and the other sources stay as they are.
//
// Threads (DESIGN.md, STYLE.md):
// - owner (GUI thread or an offline renderer): the constructor, prepare(), discard() and the
//   source's own command helpers;
// - audio: handles(), isPerformanceEvent(), apply() and process(), which never lock, allocate,
//   free or log;
// - any: the channel strip's atomics and peak().

#include <atomic>
#include <cstdint>

#include "core/engine/Command.h"

namespace latentrack::core::engine {

/// Where the audio thread hands objects it has let go of (a replaced sample, pattern or voice
/// bank); the owner thread deletes them in Engine::collectGarbage().
class Disposal {
public:
    virtual ~Disposal() = default;
    /// Queues `pointer` to be freed by `destroy` on the owner thread. Never blocks or
    /// allocates; false when the queue is full (keep the object and try again next block).
    virtual bool dispose(void* pointer, void (*destroy)(void*)) noexcept = 0;
    template <typename T> bool disposeOf(T* pointer) noexcept {
        return dispose(pointer, [](void* p) { delete static_cast<T*>(p); });
    }
};

/// A performance event held for its frame inside the block (Command::timeNs).
struct TimedCommand {
    int frame = 0; ///< 0 … frames − 1 of this block
    Command command;
};

/// A sixteenth-note step of the transport that starts inside this block.
struct StepOnset {
    int frame = 0;         ///< 0 … frames − 1
    std::int64_t step = 0; ///< steps since Play: 0, 1, 2 …
};

/// What the engine tells a source about the block it is rendering. Arrays are valid for the
/// call only.
struct Block {
    int frames = 0;
    bool playing = false;              ///< transport running
    const StepOnset* onsets = nullptr; ///< in frame order
    int numOnsets = 0;
    const TimedCommand* events = nullptr; ///< this source's timed events, in frame order
    int numEvents = 0;
    Disposal* disposal = nullptr;
};

/// Continuous controls of a source's channel strip (STYLE.md §5), read once per block and
/// ramped across it.
struct ChannelStrip {
    std::atomic<float> gainDb{0.0f}; ///< −60 … +12 dB (−60 and below is silence)
    std::atomic<float> pan{0.0f};    ///< −1 (left) … +1 (right); balance for stereo sources
    std::atomic<bool> mute{false};
};

class Source {
public:
    virtual ~Source() = default;

    /// Short name for meters and errors ("drums", "fm", "stream"). Thread: any.
    virtual const char* name() const noexcept = 0;

    /// Sizes buffers for blocks of up to maxBlockFrames at sampleRate Hz and silences the
    /// source. Thread: owner, while the engine is not processing. May allocate.
    virtual void prepare(double sampleRate, int maxBlockFrames) = 0;

    /// True for the command types this source applies. Thread: any.
    virtual bool handles(CommandType) const noexcept { return false; }
    /// True for handled types that are played (notes, auditions, bends): the engine then
    /// holds a timed one for its frame and passes it in Block::events instead of apply().
    virtual bool isPerformanceEvent(CommandType) const noexcept { return false; }
    /// Applies a command at the top of the block. False when it cannot be applied now (no room
    /// to dispose of the object it replaces); the engine retries it next block. Thread: audio.
    virtual bool apply(const Command&, Disposal&) noexcept { return true; }
    /// Frees the payload of a command that was never applied (the engine is destroyed with it
    /// still queued). Thread: owner.
    virtual void discard(const Command&) noexcept {}

    /// Renders `block.frames` frames into left/right (overwrites; both are zeroed by the
    /// engine beforehand). Timed events in `block` are applied by the source at their frame.
    /// Thread: audio.
    virtual void process(const Block& block, float* left, float* right) noexcept = 0;

    /// The channel strip the engine applies after process().
    ChannelStrip strip;

    /// Peak of the channel's output after the strip, decaying by 10 % per block. Thread: any.
    float peak() const noexcept { return m_peak.load(std::memory_order_relaxed); }

private:
    friend class Engine;
    std::atomic<float> m_peak{0.0f};
    float m_gainL = 1.0f; // engine's ramp state, audio thread only
    float m_gainR = 1.0f;
};

} // namespace latentrack::core::engine
