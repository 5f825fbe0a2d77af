#include "EngineTestUtil.h"

#include <algorithm>
#include <cmath>

namespace latentrack::test {

std::unique_ptr<core::voice::Sample> impulseSample(double sampleRate) {
    return constantSample(sampleRate, 1, 1.0f);
}

std::unique_ptr<core::voice::Sample> constantSample(double sampleRate, int frames, float value) {
    auto s = std::make_unique<core::voice::Sample>();
    s->sampleRate = sampleRate;
    s->numChannels = 1;
    s->channel[0].assign(static_cast<std::size_t>(frames), value);
    return s;
}

std::vector<float> TestEngine::render(long frames, int block, std::vector<float>* right) {
    std::vector<float> left(static_cast<std::size_t>(frames));
    std::vector<float> r(static_cast<std::size_t>(frames));
    for (long done = 0; done < frames;) {
        const int n = static_cast<int>(std::min<long>(block, frames - done));
        engine.process(left.data() + done, r.data() + done, n);
        done += n;
        engine.collectGarbage();
    }
    if (right != nullptr)
        *right = std::move(r);
    return left;
}

float renderPeak(core::engine::Engine& engine, int blocks, int frames) {
    std::vector<float> l(static_cast<std::size_t>(frames)), r(static_cast<std::size_t>(frames));
    float peak = 0.0f;
    for (int b = 0; b < blocks; ++b) {
        engine.process(l.data(), r.data(), frames);
        for (float s : l)
            peak = std::max(peak, std::abs(s));
    }
    return peak;
}

std::vector<long> risingEdges(const std::vector<float>& x, float threshold) {
    std::vector<long> edges;
    bool above = false;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const bool now = std::abs(x[i]) > threshold;
        if (now && !above)
            edges.push_back(static_cast<long>(i));
        above = now;
    }
    return edges;
}

} // namespace latentrack::test
