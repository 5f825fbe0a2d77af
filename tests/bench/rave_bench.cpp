// Speed of the attribute-fader voice (issue targets: stream decode ≥ 20× realtime on one core,
// live transfer — encode + decode — ≥ 10×), small configuration, streaming blocks of latent
// frames as the app's worker decodes them. Weights are random: the cost does not depend on
// them. Counter realtime_factor = seconds of audio per second of CPU.
// BM_RaveStreamDecodeOscillator: the same with the decoder's harmonic oscillator of 32 harmonics
// (rave-strings' decoder); BM_RaveStreamDecodeOscillatorNoise with 64 harmonics and 24 bands of
// filtered noise beside them (the strings model given its pitch, README). BM_RaveLivePitch: the YIN
// pitch a model given its pitch (RaveConfig::pitchInput) needs of each live block.

#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <vector>

#include <torch/torch.h>

#include "models/rave/RaveData.h"
#include "models/rave/RaveModel.h"

using namespace latentrack::models::rave;

namespace {

/// The small model (with `harmonics` in its oscillator, and `noiseBands` of filtered noise beside
/// them) in streaming inference on one thread.
RaveModel streamingModel(int harmonics = 0, int noiseBands = 0) {
    torch::set_num_threads(1);
    auto config = RaveConfig::named("small");
    config.harmonics = harmonics;
    config.oscillatorNoiseBands = noiseBands;
    RaveModel model(config);
    model->eval();
    model->setStreaming(true);
    return model;
}

void BM_RaveStreamDecode(benchmark::State& state) {
    torch::NoGradGuard noGrad;
    const int frames = static_cast<int>(state.range(0));
    auto model = streamingModel(static_cast<int>(state.range(1)), static_cast<int>(state.range(2)));
    const auto& c = model->config();
    const auto z = torch::randn({1, c.latentDim, frames});
    const auto attributes = torch::zeros({1, c.attributes, frames});
    double samples = 0.0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model->decode(z, attributes).data_ptr<float>());
        samples += frames * c.compression();
    }
    state.counters["realtime_factor"] =
        benchmark::Counter(samples / c.sampleRate, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RaveStreamDecode)
    ->ArgsProduct({{1, 2, 4, 16}, {0}, {0}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RaveStreamDecode)
    ->Name("BM_RaveStreamDecodeOscillator")
    ->ArgsProduct({{1, 2, 4, 16}, {32}, {0}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RaveStreamDecode)
    ->Name("BM_RaveStreamDecodeOscillatorNoise")
    ->ArgsProduct({{1, 2, 4, 16}, {64}, {24}})
    ->Unit(benchmark::kMillisecond);

void BM_RaveLiveTransfer(benchmark::State& state) {
    torch::NoGradGuard noGrad;
    const int frames = static_cast<int>(state.range(0));
    auto model = streamingModel();
    const auto& c = model->config();
    const auto audio = torch::randn({1, frames * c.compression()}) * 0.2;
    const auto attributes = torch::zeros({1, c.attributes, frames});
    double samples = 0.0;
    for (auto _ : state) {
        const auto z = model->encode(audio).mean;
        benchmark::DoNotOptimize(model->decode(z, attributes).data_ptr<float>());
        samples += frames * c.compression();
    }
    state.counters["realtime_factor"] =
        benchmark::Counter(samples / c.sampleRate, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RaveLiveTransfer)->Arg(2)->Arg(4)->Arg(16)->Unit(benchmark::kMillisecond);

/// What a model given its pitch adds to the live input's block: YIN over each new frame's
/// window (liveFramePitch), on a held A3.
void BM_RaveLivePitch(benchmark::State& state) {
    const int frames = static_cast<int>(state.range(0));
    auto config = RaveConfig::named("small");
    const int hop = config.compression();
    std::vector<float> history(static_cast<std::size_t>(4096 + frames * hop));
    for (std::size_t n = 0; n < history.size(); ++n)
        history[n] =
            0.3f * static_cast<float>(std::sin(2.0 * std::numbers::pi * 220.0 *
                                               static_cast<double>(n) / config.sampleRate));
    double samples = 0.0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(liveFramePitch(history, frames, config).data());
        samples += frames * hop;
    }
    state.counters["realtime_factor"] =
        benchmark::Counter(samples / config.sampleRate, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RaveLivePitch)->Arg(2)->Arg(4)->Unit(benchmark::kMillisecond);

} // namespace
BENCHMARK_MAIN();
