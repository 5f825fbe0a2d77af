// Engine render cost: CPU time to render one second of 48 kHz stereo with every track busy
// (10 tracks, every step on, 16 voices per track, 1 s sounds at 300 BPM so voices pile up).
// Counter `realtime_factor` = seconds of audio rendered per CPU second.

#include <benchmark/benchmark.h>
#include <cmath>
#include <memory>
#include <vector>

#include "core/engine/DrumMachine.h"
#include "core/engine/Engine.h"

using namespace latentrack::core;

namespace {

std::unique_ptr<voice::Sample> noiseBurst(double sr, int frames, unsigned seed) {
    auto s = std::make_unique<voice::Sample>();
    s->sampleRate = sr;
    s->numChannels = 2;
    std::uint32_t x = seed;
    for (int c = 0; c < 2; ++c) {
        s->channel[c].resize(frames);
        for (int i = 0; i < frames; ++i) {
            x = x * 1664525u + 1013904223u;
            const float env = std::exp(-4.0f * static_cast<float>(i) / frames);
            s->channel[c][i] = env * (static_cast<float>(x >> 8) / 8388608.0f - 1.0f) * 0.1f;
        }
    }
    return s;
}

void BM_EngineSecondAllTracksBusy(benchmark::State& state) {
    const int block = static_cast<int>(state.range(0));
    const double sr = 48000.0;
    engine::Engine e;
    auto& drums = e.add<engine::DrumMachine>();
    e.prepare(sr, block);
    auto& port = e.openPort();
    e.bpm = 300.0;
    for (int t = 0; t < seq::kMaxTracks; ++t) {
        drums.setTrackSample(port, t, noiseBurst(sr, 48000, 17u + t));
        port.push(
            {engine::CommandType::SetPolyphony, static_cast<std::int16_t>(t), 16, 0.0f, nullptr});
        for (int s = 0; s < 16; ++s)
            port.push({engine::CommandType::SetStep, static_cast<std::int16_t>(t),
                       static_cast<std::int16_t>(s), 1.0f, nullptr});
    }
    seq::Pattern p;
    p.layout = seq::TrackLayout::DrumAndBass10;
    for (int t = 0; t < 10; ++t)
        for (int s = 0; s < 16; ++s)
            p.set(t, s, 1.0f);
    drums.loadPattern(port, p);
    port.push({engine::CommandType::Play, 0, 0, 0.0f, nullptr});
    std::vector<float> l(block), r(block);
    // Warm up until the voices are saturated.
    for (int i = 0; i < 48000 / block; ++i)
        e.process(l.data(), r.data(), block);
    const int blocks = 48000 / block;
    for (auto _ : state) {
        for (int i = 0; i < blocks; ++i)
            e.process(l.data(), r.data(), block);
        benchmark::DoNotOptimize(l.data());
    }
    state.counters["voices"] = drums.snapshot().activeVoices;
    state.counters["realtime_factor"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

} // namespace

BENCHMARK(BM_EngineSecondAllTracksBusy)
    ->Arg(64)
    ->Arg(256)
    ->Arg(1024)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
