// FM synthesizer cost at 48 kHz in 64-frame blocks, every voice of the synth held (sustained).
// Counter `voices_per_core` = voice-seconds rendered per CPU second: how many such voices one
// core could play in realtime. Compare with Debian's hexter DX7 emulator (about 900 for a
// sustained voice on the reference machine).

#include <benchmark/benchmark.h>

#include <vector>

#include "core/engine/Engine.h"
#include "core/engine/FmInstrument.h"
#include "core/fm/FmSynth.h"
#include "core/fm/SysEx.h"

using namespace latentrack::core;

namespace {

constexpr double kRate = 48000.0;
constexpr int kBlock = 64;

fm::DxVoice factoryVoice(int index) {
    const auto bank = fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    return bank.voices.at(static_cast<std::size_t>(index));
}

// Arg: index into hexter's dx7_roms bank (0 BRASS 1, 10 E.PIANO 1, 16 E.ORGAN 1, 3 STRINGS 1).
void BM_FmVoicesSustained(benchmark::State& state) {
    const fm::DxVoice voice = factoryVoice(static_cast<int>(state.range(0)));
    fm::FmSynth synth;
    synth.prepare(kRate);
    synth.setPolyphony(fm::FmSynth::kMaxPolyphony);
    synth.setVoice(voice);
    for (int n = 0; n < fm::FmSynth::kMaxPolyphony; ++n)
        synth.noteOn(36 + n, 100);
    std::vector<float> out(kBlock);
    const int blocksPerSecond = static_cast<int>(kRate) / kBlock;
    for (auto _ : state) {
        for (int b = 0; b < blocksPerSecond; ++b) {
            std::fill(out.begin(), out.end(), 0.0f);
            synth.render(out.data(), kBlock);
        }
        benchmark::DoNotOptimize(out.data());
    }
    const double voiceSeconds = static_cast<double>(synth.activeVoices()) *
                                static_cast<double>(blocksPerSecond * kBlock) / kRate;
    state.counters["voices"] = synth.activeVoices();
    state.counters["voices_per_core"] = benchmark::Counter(
        voiceSeconds * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.SetLabel(voice.name());
}
BENCHMARK(BM_FmVoicesSustained)->Arg(0)->Arg(10)->Arg(16)->Arg(3)->Unit(benchmark::kMillisecond);

// The same through Engine::process (command drain, FM bus, meters): 64 voices of E.PIANO 1.
void BM_EngineFm64Voices(benchmark::State& state) {
    engine::Engine engine;
    auto& fm = engine.add<engine::FmInstrument>();
    engine.prepare(kRate, kBlock);
    auto& port = engine.openPort();
    fm.loadVoice(port, factoryVoice(10));
    port.push(engine::Command{engine::CommandType::FmSetPolyphony, 0, 64, 0.0f, nullptr});
    for (int n = 0; n < 64; ++n)
        port.push(engine::Command{engine::CommandType::FmNoteOn, 100,
                                  static_cast<std::int16_t>(36 + n), 0.0f, nullptr});
    std::vector<float> l(kBlock), r(kBlock);
    const int blocksPerSecond = static_cast<int>(kRate) / kBlock;
    for (auto _ : state) {
        for (int b = 0; b < blocksPerSecond; ++b)
            engine.process(l.data(), r.data(), kBlock);
        benchmark::DoNotOptimize(l.data());
    }
    state.counters["voices_per_core"] = benchmark::Counter(
        64.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    engine.collectGarbage();
}
BENCHMARK(BM_EngineFm64Voices)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
