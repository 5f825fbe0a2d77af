// CPU cost of an nn~ / RAVE TorchScript model playing as a stream (issue: the stream's CPU per
// second of audio for a RAVE-sized model): the tests' RAVE-sized decoder (latent 16, ratio 2048
// at 48 kHz, ≈ 6 M weights, ≈ 1.2 G multiply-adds per second of audio) run buffer by buffer by
// TorchScriptStream on one thread, as the voice's worker runs it: generate (latent walk →
// decode) and transfer (encode → knobs → decode), at nn~'s default buffer and larger ones.
// Counters: realtime_factor = seconds of audio per CPU second, cpu_per_second = its inverse.

#include <benchmark/benchmark.h>

#include <ATen/Parallel.h>
#include <filesystem>
#include <unistd.h>

#include "models/torchscript/TorchScriptStream.h"
#include "tests/models/TorchScriptFixtures.h"

using namespace latentrack::models::torchscript;

namespace {

const std::filesystem::path& raveSized() {
    static const std::filesystem::path file = [] {
        const auto p = std::filesystem::temp_directory_path() /
                       ("latentrack-bench-rave-sized-" + std::to_string(::getpid()) + ".ts");
        latentrack::test::writeRaveSizedModel(p);
        return p;
    }();
    return file;
}

void run(benchmark::State& state, StreamMode mode) {
    at::set_num_threads(1);
    auto model = TorchScriptModel::load(raveSized());
    const int buffer = static_cast<int>(state.range(0));
    TorchScriptStream stream(*model, mode, buffer);
    std::vector<float> input(static_cast<std::size_t>(buffer));
    for (std::size_t i = 0; i < input.size(); ++i)
        input[i] = 0.3f * static_cast<float>(std::sin(0.05 * static_cast<double>(i)));
    double samples = 0.0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(stream.process(input.data()).data());
        samples += buffer;
    }
    const double seconds = samples / model->info().sampleRate;
    state.counters["realtime_factor"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
    state.counters["cpu_per_second"] =
        benchmark::Counter(seconds, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_TorchScriptGenerate(benchmark::State& state) {
    run(state, StreamMode::Generate);
}
void BM_TorchScriptTransfer(benchmark::State& state) {
    run(state, StreamMode::Transfer);
}
BENCHMARK(BM_TorchScriptGenerate)->Arg(2048)->Arg(4096)->Arg(8192)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TorchScriptTransfer)->Arg(2048)->Arg(4096)->Arg(8192)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::filesystem::remove(raveSized());
    return 0;
}
