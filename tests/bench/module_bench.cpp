// latentrack-module's default instrument (the shipped F-RAVE voice, rave-percussion) on this
// machine: CPU time of the whole process (audio, control and the model's worker) per second
// of audio, played offline from a scenario with the gate open and CVs moving; with
// torch::set_num_threads(1) the model's worker uses one core. Also the reaction time from a
// CV change to its first decoded block reaching the audio thread.

#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include "embedded/module/ModuleHardware.h"
#include "embedded/module/OfflineRun.h"

namespace mod = latentrack::embedded::module;
namespace hw = latentrack::embedded::hw;

namespace {

double processCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

void BM_ModuleRealtime(benchmark::State& state) {
    const double seconds = 4.0;
    const int block = static_cast<int>(state.range(0));
    const auto scenario = hw::Scenario::parseCsv("t,kind,input,value\n"
                                                 "0,gate,1,5\n"
                                                 "0,cv,1,-5\n4,cv,1,5\n"
                                                 "0,cv,2,-3\n4,cv,2,4\n"
                                                 "0,cv,3,5\n4,cv,3,-5\n"
                                                 "2,gate,2,5\n2.1,gate,2,0\n");
    mod::ModuleConfig config;
    double cpu = 0.0, reaction = 0.0;
    int runs = 0;
    for (auto _ : state) {
        auto hardware = mod::openHardware(config, scenario);
        mod::ModuleRuntime rt(config, hardware->panel,
                              std::filesystem::path(LATENTRACK_SOURCE_DIR) / "assets");
        const double before = processCpuSeconds();
        const auto out = mod::runOffline(rt, seconds, 48000.0, block);
        cpu += processCpuSeconds() - before;
        reaction += rt.reactionSeconds();
        ++runs;
        benchmark::DoNotOptimize(out.left.data());
    }
    state.counters["cpu_s_per_audio_s"] = cpu / (runs * seconds);
    state.counters["reaction_ms"] = 1000.0 * reaction / runs;
}

} // namespace

BENCHMARK(BM_ModuleRealtime)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK_MAIN();
