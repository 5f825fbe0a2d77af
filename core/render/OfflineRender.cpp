#include "core/render/OfflineRender.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/seq/Pattern.h"
#include "core/seq/StepClock.h"

namespace latentrack::core::render {

RenderedAudio renderBars(engine::Engine& engine, engine::Engine::CommandPort& port, int bars,
                         int blockFrames, double tailSeconds) {
    if (bars < 1)
        throw std::invalid_argument("renderBars: need at least one bar");
    blockFrames = std::clamp(blockFrames, 1, engine.maxBlockFrames());
    if (!port.push(engine::Command{engine::CommandType::Play, 0, 0, 0.0f, nullptr}))
        throw std::runtime_error("renderBars: engine command queue is full");
    const double sr = engine.sampleRate();
    const double stepLength = seq::stepLengthSamples(sr, engine.bpm.load());
    // The pattern ends where the first step after the last bar would start; the transport is
    // stopped exactly there so that the tail only rings out.
    const auto patternEnd = std::llround(bars * seq::kStepsPerBar * stepLength);
    const auto total = patternEnd + std::llround(std::max(0.0, tailSeconds) * sr);
    RenderedAudio out;
    out.sampleRate = sr;
    out.channel[0].resize(static_cast<std::size_t>(total));
    out.channel[1].resize(static_cast<std::size_t>(total));
    bool stopped = false;
    for (std::int64_t done = 0; done < total;) {
        if (!stopped && done == patternEnd) {
            if (!port.push(engine::Command{engine::CommandType::Stop, 0, 0, 0.0f, nullptr}))
                throw std::runtime_error("renderBars: engine command queue is full");
            stopped = true;
        }
        const std::int64_t limit = stopped ? total : patternEnd;
        const int n = static_cast<int>(std::min<std::int64_t>(blockFrames, limit - done));
        engine.process(out.channel[0].data() + done, out.channel[1].data() + done, n);
        done += n;
        engine.collectGarbage();
    }
    if (!stopped)
        port.push(engine::Command{engine::CommandType::Stop, 0, 0, 0.0f, nullptr});
    return out;
}

} // namespace latentrack::core::render
