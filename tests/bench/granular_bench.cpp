// Neural granular synthesis cost on one CPU core (torch::set_num_threads(1)), with the shipped
// drums8 model (assets/models/drums8; another folder with LATENTRACK_GRANULAR_MODEL).
//  BM_SampleNote   sample_note: embedding prior → latent-series decoder → grain decoder →
//                  filtered noise → overlap-add → post filter. Counter `cpu_per_audio_second`
//                  (target ≤ 5m, i.e. 5 ms per second of 16 kHz audio; the paper reports ~25 ms).
//  BM_SamplePath   sample_path: linear grain-space path → grain decoder → audio.
//  BM_SampleNoteForEngine  BM_SampleNote plus resampling to 48 kHz and packing, i.e. what the
//                  drum machine's worker does per request.
//  BM_StreamingDecode  the latent explorer's grain-by-grain decoder along a path (without the
//                  resampling). Counter `realtime_factor` (target ≥ 50).
//  BM_ResynthesisRefine  the explorer's resynthesis of one example-length sound (a drums8
//                  sample_note as input): encoder, then 100 refinement steps (LatentRefinement.h).
//                  Counter `cpu_per_audio_second`.

#include <benchmark/benchmark.h>
#include <cstdlib>
#include <memory>

#include <torch/torch.h>

#include "core/engine/DrumMachine.h"
#include "core/gen/GenerationService.h"
#include "models/granular/GrainStreamer.h"
#include "models/granular/GranularGenerator.h"
#include "models/granular/GranularModel.h"

using namespace latentrack;

namespace {

std::shared_ptr<models::granular::GranularModel> model() {
    static std::shared_ptr<models::granular::GranularModel> m = [] {
        torch::set_num_threads(1);
        const char* dir = std::getenv("LATENTRACK_GRANULAR_MODEL");
        return std::shared_ptr<models::granular::GranularModel>(
            models::granular::GranularModel::load(
                dir ? dir : LATENTRACK_SOURCE_DIR "/assets/models/drums8"));
    }();
    return m;
}

/// Counter `cpu_per_audio_second`: CPU seconds per second of generated audio (printed with an
/// SI prefix: "4.1m" = 4.1 ms per second).
void report(benchmark::State& state, double secondsOfAudio) {
    state.counters["cpu_per_audio_second"] =
        benchmark::Counter(secondsOfAudio * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_SampleNote(benchmark::State& state) {
    auto m = model();
    std::uint64_t seed = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(m->sampleNote(static_cast<int>(seed % 8), seed));
        ++seed;
    }
    report(state, m->config().exampleLength() / double(m->sampleRate()));
}
BENCHMARK(BM_SampleNote)->Unit(benchmark::kMillisecond);

void BM_SamplePath(benchmark::State& state) {
    auto m = model();
    std::uint64_t seed = 0;
    for (auto _ : state) {
        const int cls = static_cast<int>(seed % 8);
        benchmark::DoNotOptimize(m->synthesize(m->samplePathLatents(cls, seed), cls, seed));
        ++seed;
    }
    report(state, m->config().exampleLength() / double(m->sampleRate()));
}
BENCHMARK(BM_SamplePath)->Unit(benchmark::kMillisecond);

void BM_SampleNoteForEngine(benchmark::State& state) {
    auto generator = std::make_shared<models::granular::GranularGenerator>(model(), 1);
    core::engine::Engine engine;
    engine.add<core::engine::DrumMachine>();
    engine.prepare(48000.0, 256);
    auto& port = engine.openPort();
    core::gen::GenerationService service(generator, engine, port);
    std::uint64_t seed = 0;
    for (auto _ : state) {
        service.request(0, {core::gen::GenerationMode::Note, "kick", seed++, {}});
        service.waitIdle(10.0);
        benchmark::DoNotOptimize(service.poll());
        static float l[256], r[256];
        engine.process(l, r, 256); // drains the command queue
        engine.collectGarbage();
    }
    report(state, model()->config().exampleLength() / double(model()->sampleRate()));
}
BENCHMARK(BM_SampleNoteForEngine)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StreamingDecode(benchmark::State& state) {
    auto m = model();
    core::rt::AudioRing ring(1 << 15);
    models::granular::GrainStreamer streamer(m, ring, 48000.0);
    const auto z = m->samplePathLatents(0, 1);
    std::vector<std::vector<float>> path;
    for (int i = 0; i < z.numGrains; ++i)
        path.emplace_back(z.grain(i), z.grain(i) + z.latentDim);
    streamer.loop(path, 1.0f, true, false);
    constexpr int kGrains = 64;
    for (auto _ : state)
        benchmark::DoNotOptimize(streamer.decodeNow(kGrains));
    // Realtime factor: seconds of audio decoded per second of CPU.
    const double audioSeconds = kGrains * m->config().hop / double(m->sampleRate());
    state.counters["realtime_factor"] = benchmark::Counter(
        audioSeconds * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamingDecode)->Unit(benchmark::kMillisecond);

void BM_ResynthesisRefine(benchmark::State& state) {
    auto m = model();
    const auto input = m->sampleNote(0, 5);
    for (auto _ : state)
        benchmark::DoNotOptimize(m->encode(input, 0, {models::granular::kResynthesisRefineSteps}));
    report(state, static_cast<double>(input.size()) / m->sampleRate());
}
BENCHMARK(BM_ResynthesisRefine)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

BENCHMARK_MAIN();
