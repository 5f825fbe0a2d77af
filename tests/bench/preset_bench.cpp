// Speed of preset inference (issue target: BM_PresetInference — spectrogram + encoder + flow,
// one core — at most 50 ms a sound), and of what candidates and refinement cost per voice
// (BM_PresetRenderAndCompare: one FM rendering, its log-mel spectrogram and the distance), and
// what finding the interpolation view's latent path between two voices costs (on its worker)
// (BM_LatentPathEvenPace: 65 renderings and encodings, PresetInterpolation.h).
// Weights are random: the cost does not depend on them. `small` and `paper` configurations.

#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include "core/fm/SysEx.h"
#include "models/preset/PresetInference.h"
#include "models/preset/PresetInterpolation.h"
#include "models/preset/PresetRepresentation.h"

using namespace latentrack::models::preset;

namespace {

PresetBundle randomModel(const std::string& config) {
    torch::set_num_threads(1);
    PresetBundle b;
    b.model = PresetModel(PresetConfig::named(config), PresetRepresentation::shared().vectorSize());
    b.model->eval();
    return b;
}

std::vector<float> sound(PresetRenderer& renderer) {
    const auto bank = latentrack::core::fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    return renderer.render(bank.voices[10]); // E.PIANO 1
}

void BM_PresetInference(benchmark::State& state, const std::string& config) {
    PresetInferencer inf(randomModel(config));
    const auto audio = sound(inf.renderer());
    torch::NoGradGuard g;
    for (auto _ : state) {
        const auto mel = inf.soundLogMel(audio);
        const auto z = inf.encode(mel);
        benchmark::DoNotOptimize(inf.voiceAt(z).params.data());
    }
}
BENCHMARK_CAPTURE(BM_PresetInference, small, std::string("small"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PresetInference, paper, std::string("paper"))->Unit(benchmark::kMillisecond);

void BM_PresetRenderAndCompare(benchmark::State& state) {
    PresetRenderer renderer(PresetConfig{});
    const auto target = renderer.logMel(sound(renderer));
    const auto bank = latentrack::core::fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    for (auto _ : state)
        benchmark::DoNotOptimize(
            latentrack::core::dsp::logMelDistance(renderer.renderLogMel(bank.voices[0]), target));
}
BENCHMARK(BM_PresetRenderAndCompare)->Unit(benchmark::kMillisecond);

void BM_LatentPathEvenPace(benchmark::State& state, const std::string& config) {
    PresetInferencer inf(randomModel(config));
    const auto bank = latentrack::core::fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    for (auto _ : state) {
        const LatentPath path(inf, bank.voices[0], bank.voices[10], LatentPathKind::EvenPace);
        benchmark::DoNotOptimize(path.voiceAt(inf, 0.5, "MORPH").params.data());
    }
}
BENCHMARK_CAPTURE(BM_LatentPathEvenPace, small, std::string("small"))
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
