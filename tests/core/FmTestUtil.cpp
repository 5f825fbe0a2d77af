#include "FmTestUtil.h"
#include "core/engine/FmInstrument.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "core/engine/Engine.h"
#include "core/render/FmRender.h"

namespace latentrack::test {

using namespace core::fm;

std::vector<float> renderFm(const DxVoice& voice, int note, int velocity, double hold,
                            double release, double sampleRate) {
    core::engine::Engine engine;
    engine.add<core::engine::FmInstrument>();
    engine.prepare(sampleRate, 64);
    auto& port = engine.openPort();
    core::render::FmNoteRequest r;
    r.note = note;
    r.velocity = velocity;
    r.holdSeconds = hold;
    r.releaseSeconds = release;
    return core::render::renderFmNote(engine, port, voice, r);
}

double zeroCrossingHz(const std::vector<float>& x, long from, long to, double sampleRate) {
    double first = -1.0;
    double last = -1.0;
    int crossings = 0;
    for (long i = from + 1; i < to; ++i) {
        if (x[static_cast<std::size_t>(i - 1)] < 0.0f && x[static_cast<std::size_t>(i)] >= 0.0f) {
            const double a = x[static_cast<std::size_t>(i - 1)];
            const double b = x[static_cast<std::size_t>(i)];
            const double t = static_cast<double>(i - 1) + (-a) / (b - a);
            if (first < 0.0)
                first = t;
            else
                ++crossings;
            last = t;
        }
    }
    return crossings > 0 ? sampleRate * crossings / (last - first) : 0.0;
}

std::vector<float> peakEnvelope(const std::vector<float>& x, int window) {
    std::vector<float> env;
    for (std::size_t i = 0; i + static_cast<std::size_t>(window) <= x.size();
         i += static_cast<std::size_t>(window)) {
        float p = 0.0f;
        for (int k = 0; k < window; ++k)
            p = std::max(p, std::abs(x[i + static_cast<std::size_t>(k)]));
        env.push_back(p);
    }
    return env;
}

double spectrumDbAt(const std::vector<float>& x, long from, long to, double hz, double sampleRate) {
    const long n = to - from;
    auto dft = [&](double f) {
        std::complex<double> acc{};
        for (long i = 0; i < n; ++i) {
            const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * i / (n - 1));
            acc += w * x[static_cast<std::size_t>(from + i)] *
                   std::polar(1.0, -2.0 * std::numbers::pi * f * i / sampleRate);
        }
        return std::abs(acc);
    };
    return 20.0 * std::log10(std::max(dft(hz), 1e-12) / (0.25 * n));
}

DxVoice sineVoice() {
    DxVoice v = DxVoice::initVoice();
    v.set(VoiceParam::Algorithm, 31);
    v.set(VoiceParam::LfoPitchModDepth, 0);
    v.set(VoiceParam::LfoAmpModDepth, 0);
    return v;
}

} // namespace latentrack::test
