#pragma once
// The DX7-compatible FM synthesizer (core/fm/FmSynth) as an engine source: notes, bend, mod
// wheel and pedal as timed performance events (sample-accurate inside the block), parameter
// edits and whole voices through the command queue. Mono, written to both channels; the
// channel strip pans it.
//
// Threads: see Source.h. loadVoice() from the thread that owns `port`; snapshot() from any.

#include <atomic>
#include <memory>
#include <vector>

#include "core/engine/CommandPort.h"
#include "core/engine/Source.h"
#include "core/fm/DxVoice.h"

namespace latentrack::core::fm {
class FmSynth;
}

namespace latentrack::core::engine {

class FmInstrument final : public Source {
public:
    FmInstrument();
    ~FmInstrument() override;

    const char* name() const noexcept override { return "fm"; }
    void prepare(double sampleRate, int maxBlockFrames) override;
    bool handles(CommandType type) const noexcept override;
    bool isPerformanceEvent(CommandType type) const noexcept override;
    bool apply(const Command& c, Disposal& disposal) noexcept override;
    void discard(const Command& c) noexcept override;
    void process(const Block& block, float* left, float* right) noexcept override;

    /// Sends a copy of a whole DX7 voice (sounding notes follow it); false when the queue is
    /// full.
    bool loadVoice(CommandPort& port, const fm::DxVoice& voice);

    /// Sounding FM notes. Thread: any.
    int activeVoices() const noexcept { return m_pubVoices.load(std::memory_order_relaxed); }

private:
    std::unique_ptr<fm::FmSynth> m_synth;
    std::vector<float> m_mono; // [maxBlock]
    std::atomic<int> m_pubVoices{0};
};

} // namespace latentrack::core::engine
