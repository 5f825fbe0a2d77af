// The reference point for fm_bench: Debian's hexter DX7 emulator timed through its DSSI plugin
// on this machine, with the same load (48 kHz, 64-frame blocks, 64 held notes of a factory
// voice). Counter `voices_per_core` as in fm_bench. The plugin is loaded with dlopen; the
// benchmark is skipped when hexter is not installed.

#include <benchmark/benchmark.h>

#include <dlfcn.h>
#include <dssi.h>

#include <string>
#include <vector>

namespace {

constexpr unsigned long kRate = 48000;
constexpr unsigned long kBlock = 64;
constexpr int kNotes = 64;

void BM_HexterVoicesSustained(benchmark::State& state) {
    void* lib = dlopen("/usr/lib/dssi/hexter.so", RTLD_NOW);
    if (!lib) {
        state.SkipWithError("hexter DSSI plugin not found (install the hexter package)");
        return;
    }
    auto descriptorFn = reinterpret_cast<DSSI_Descriptor_Function>(dlsym(lib, "dssi_descriptor"));
    const DSSI_Descriptor* dssi = descriptorFn ? descriptorFn(0) : nullptr;
    if (!dssi) {
        state.SkipWithError("hexter.so has no DSSI descriptor");
        return;
    }
    const LADSPA_Descriptor* ladspa = dssi->LADSPA_Plugin;
    LADSPA_Handle h = ladspa->instantiate(ladspa, kRate);
    std::vector<float> audio(kBlock);
    std::vector<float> controls(ladspa->PortCount, 0.0f);
    for (unsigned long p = 0; p < ladspa->PortCount; ++p) {
        const auto& hint = ladspa->PortRangeHints[p];
        if (LADSPA_IS_PORT_AUDIO(ladspa->PortDescriptors[p])) {
            ladspa->connect_port(h, p, audio.data());
        } else {
            controls[p] = 0.5f * (hint.LowerBound + hint.UpperBound);
            ladspa->connect_port(h, p, &controls[p]);
        }
    }
    if (dssi->configure) {
        char* reply = dssi->configure(h, "polyphony", std::to_string(kNotes).c_str());
        free(reply);
    }
    if (ladspa->activate)
        ladspa->activate(h);
    // Pick the program by name, so both benchmarks play the same factory voice.
    static const char* const kNames[] = {"BRASS   1", "E.PIANO 1", "E.ORGAN 1"};
    const std::string wanted = kNames[state.range(0)];
    unsigned long bank = 0, programNumber = 0;
    bool found = false;
    for (unsigned long i = 0; dssi->get_program; ++i) {
        const DSSI_Program_Descriptor* pd = dssi->get_program(h, i);
        if (!pd)
            break;
        std::string name = pd->Name;
        while (!name.empty() && name.back() == ' ')
            name.pop_back();
        if (name == wanted) {
            bank = pd->Bank;
            programNumber = pd->Program;
            found = true;
            break;
        }
    }
    if (!found) {
        state.SkipWithError(("hexter has no program named " + wanted).c_str());
        return;
    }
    dssi->select_program(h, bank, programNumber);
    std::vector<snd_seq_event_t> events(kNotes);
    for (int n = 0; n < kNotes; ++n) {
        snd_seq_event_t& e = events[static_cast<std::size_t>(n)];
        e = snd_seq_event_t{};
        e.type = SND_SEQ_EVENT_NOTEON;
        e.data.note.channel = 0;
        e.data.note.note = static_cast<unsigned char>(36 + n);
        e.data.note.velocity = 100;
        e.time.tick = 0;
    }
    dssi->run_synth(h, kBlock, events.data(), events.size());
    const unsigned long blocksPerSecond = kRate / kBlock;
    for (auto _ : state) {
        for (unsigned long b = 0; b < blocksPerSecond; ++b)
            dssi->run_synth(h, kBlock, nullptr, 0);
        benchmark::DoNotOptimize(audio.data());
    }
    state.counters["voices_per_core"] = benchmark::Counter(
        kNotes * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.SetLabel(wanted);
    if (ladspa->deactivate)
        ladspa->deactivate(h);
    ladspa->cleanup(h);
    dlclose(lib);
}
// Voices of fm_bench, by name (hexter has no STRINGS 1): 0 BRASS 1, 1 E.PIANO 1, 2 E.ORGAN 1.
BENCHMARK(BM_HexterVoicesSustained)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
