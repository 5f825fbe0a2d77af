// fm_compare: renders the voices of a DX7 bank through LatentRack's FM engine and through the
// hexter reference (Debian's hexter DSSI plugin) and prints, per voice, the log-mel distance to
// hexter's rendering of the same voice and the hexter voice nearest to LatentRack's rendering
// (FmFidelity.h says how). The FM fidelity test asserts on the same numbers; this tool is for
// debugging differences stage by stage (--wav writes both renderings).
//
//   fm_compare --bank /usr/share/hexter/dx7_roms.dx7 [--note 60] [--velocity 100]
//              [--hold 2] [--release 1] [--wav DIR] [--detail N]
//
// --detail N [--set INDEX=VALUE …] prints, for voice N (1-based), where the two renderings differ:
// the level of each (dB RMS, before the −20 dBFS normalisation) and the mean log-mel difference
// (LatentRack − hexter, dB) per quarter second, and per octave band over the whole note.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "FmFidelity.h"
#include "FmTestUtil.h"
#include "HexterReference.h"
#include "core/fm/SysEx.h"
#include "core/io/AudioFile.h"

using namespace latentrack;

namespace {

double rmsDb(const std::vector<float>& x, std::size_t from, std::size_t to) {
    double p = 0.0;
    for (std::size_t i = from; i < std::min(to, x.size()); ++i)
        p += static_cast<double>(x[i]) * x[i];
    return 10.0 * std::log10(std::max(p / static_cast<double>(to - from), 1e-20));
}

void printDetail(const core::fm::DxVoice& v, const test::HexterReference& hexter,
                 const test::FidelitySettings& s) {
    const auto ours = test::renderLatentRack(v, s);
    const auto ref = hexter.render(v, s.note, s.velocity, s.hold, s.release, s.sampleRate);
    core::dsp::MelSpectrogram mel(test::fidelityMelConfig(s.sampleRate));
    const auto a = test::fidelityLogMel(ours, mel);
    const auto b = test::fidelityLogMel(ref, mel);
    std::printf("%s: distance %.2f dB\n", v.name().c_str(), core::dsp::logMelDistance(a, b));
    std::printf("op  R1 R2 R3 R4  L1 L2 L3 L4  BP LD RD LC RC RS AMS KVS  OL M CRS FIN DET\n");
    for (int op = 1; op <= core::fm::kNumOperators; ++op) {
        std::printf("%2d ", op);
        for (int p = 0; p < core::fm::kOperatorParams; ++p)
            std::printf(p == 4 || p == 8 || p == 13 || p == 16 ? "  %2d" : " %2d",
                        v.params[static_cast<std::size_t>(core::fm::DxVoice::opOffset(op) + p)]);
        std::printf("\n");
    }
    std::printf("pitch EG R %d %d %d %d L %d %d %d %d, algorithm %d, feedback %d, osc sync %d, "
                "LFO speed %d delay %d PMD %d AMD %d sync %d wave %d PMS %d, transpose %d\n",
                v.params[126], v.params[127], v.params[128], v.params[129], v.params[130],
                v.params[131], v.params[132], v.params[133], v.params[134] + 1, v.params[135],
                v.params[136], v.params[137], v.params[138], v.params[139], v.params[140],
                v.params[141], v.params[142], v.params[143], v.params[144]);
    const auto quarter = static_cast<std::size_t>(s.sampleRate / 4.0);
    const int framesPerQuarter = static_cast<int>(quarter) / mel.config().hop;
    std::printf("%6s %10s %10s %10s %10s\n", "s", "LR dB", "hexter dB", "diff dB", "|diff| dB");
    for (int q = 0; q * framesPerQuarter < std::min(a.frames, b.frames); ++q) {
        double d = 0.0, ad = 0.0;
        int n = 0;
        for (int t = q * framesPerQuarter;
             t < std::min({(q + 1) * framesPerQuarter, a.frames, b.frames}); ++t)
            for (int m = 0; m < a.mels; ++m, ++n) {
                d += a.at(t, m) - b.at(t, m);
                ad += std::abs(a.at(t, m) - b.at(t, m));
            }
        const std::size_t from = static_cast<std::size_t>(q) * quarter;
        std::printf("%6.2f %10.1f %10.1f %10.2f %10.2f\n", q * 0.25,
                    rmsDb(ours, from, from + quarter), rmsDb(ref, from, from + quarter), d / n,
                    ad / n);
    }
    std::printf("%12s %10s %10s\n", "band Hz", "diff dB", "|diff| dB");
    const auto& c = mel.config();
    const double lo = 2595.0 * std::log10(1.0 + c.minHz / 700.0);
    const double hi = 2595.0 * std::log10(1.0 + c.maxHz / 700.0);
    for (double edge = 31.25; edge < c.maxHz; edge *= 2.0) {
        double d = 0.0, ad = 0.0;
        int n = 0;
        for (int m = 0; m < a.mels; ++m) {
            const double centre =
                700.0 * (std::pow(10.0, (lo + (hi - lo) * (m + 1) / (a.mels + 1)) / 2595.0) - 1.0);
            if (centre < edge || centre >= 2.0 * edge)
                continue;
            for (int t = 0; t < std::min(a.frames, b.frames); ++t, ++n) {
                d += a.at(t, m) - b.at(t, m);
                ad += std::abs(a.at(t, m) - b.at(t, m));
            }
        }
        if (n > 0)
            std::printf("%5.0f-%-6.0f %10.2f %10.2f\n", edge, 2.0 * edge, d / n, ad / n);
    }
}

void printHarmonics(const core::fm::DxVoice& v, const test::HexterReference& hexter,
                    const test::FidelitySettings& s, int count) {
    const auto ours = test::renderLatentRack(v, s);
    const auto ref = hexter.render(v, s.note, s.velocity, s.hold, s.release, s.sampleRate);
    const auto from = static_cast<std::size_t>(0.5 * s.sampleRate);
    const auto to = static_cast<std::size_t>(std::min(1.5, s.hold) * s.sampleRate);
    const double f0 = 440.0 * std::exp2((s.note - 69) / 12.0);
    const double ours1 = test::spectrumDbAt(ours, from, to, f0, s.sampleRate);
    const double ref1 = test::spectrumDbAt(ref, from, to, f0, s.sampleRate);
    std::printf("harmonic  LatentRack dB re. h1  hexter dB re. h1  (h1: %.1f / %.1f dBFS)\n", ours1,
                ref1);
    for (int k = 1; k <= count; ++k)
        std::printf("%8d %20.2f %17.2f\n", k,
                    test::spectrumDbAt(ours, from, to, k * f0, s.sampleRate) - ours1,
                    test::spectrumDbAt(ref, from, to, k * f0, s.sampleRate) - ref1);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Compare LatentRack's FM engine with hexter, voice for voice"};
    std::string bankPath = "/usr/share/hexter/dx7_roms.dx7";
    std::string wavDir;
    test::FidelitySettings s;
    app.add_option("--bank", bankPath, "DX7 bank (.dx7 or .syx)");
    app.add_option("--note", s.note, "MIDI note")->check(CLI::Range(0, 127));
    app.add_option("--velocity", s.velocity, "velocity")->check(CLI::Range(1, 127));
    app.add_option("--hold", s.hold, "seconds held")->check(CLI::Range(0.05, 30.0));
    app.add_option("--release", s.release, "seconds after the note-off")
        ->check(CLI::Range(0.0, 30.0));
    app.add_option("--wav", wavDir, "write <n>-latentrack.wav and <n>-hexter.wav here");
    int detail = 0;
    app.add_option("--detail", detail, "print where voice N differs, in time and frequency");
    bool fromInit = false;
    app.add_flag("--init", fromInit, "with --detail 1: start from INIT VOICE, not the bank");
    int harmonics = 0;
    app.add_option("--harmonics", harmonics,
                   "with --detail: print the first N harmonics of the note (0.5 … 1.5 s), dB");
    double envelopeStep = 0.0;
    app.add_option("--envelope", envelopeStep,
                   "with --detail: print both levels (dB RMS) every SECONDS");
    std::vector<std::string> edits;
    app.add_option("--set", edits, "with --detail: INDEX=VALUE edits of the voice (0 … 154)");
    CLI11_PARSE(app, argc, argv);

    test::HexterReference hexter;
    if (!hexter.available()) {
        std::fprintf(stderr, "fm_compare: %s\n", hexter.why().c_str());
        return 2;
    }
    try {
        const auto bank = core::fm::loadBankFile(bankPath);
        if (detail > 0) {
            if (detail > static_cast<int>(bank.voices.size()))
                throw std::invalid_argument("--detail: the bank has " +
                                            std::to_string(bank.voices.size()) + " voices");
            auto voice = fromInit ? core::fm::DxVoice::initVoice()
                                  : bank.voices[static_cast<std::size_t>(detail - 1)];
            for (const auto& e : edits) {
                const auto eq = e.find('=');
                const int index = std::stoi(e.substr(0, eq));
                if (eq == std::string::npos || index < 0 || index >= core::fm::kVoiceParams)
                    throw std::invalid_argument("--set " + e + ": expected INDEX=VALUE");
                voice.params[static_cast<std::size_t>(index)] =
                    static_cast<std::uint8_t>(std::stoi(e.substr(eq + 1)));
            }
            printDetail(voice, hexter, s);
            if (envelopeStep > 0.0) {
                const auto ours = test::renderLatentRack(voice, s);
                const auto ref =
                    hexter.render(voice, s.note, s.velocity, s.hold, s.release, s.sampleRate);
                const auto step = static_cast<std::size_t>(envelopeStep * s.sampleRate);
                for (std::size_t i = 0; i + step <= std::min(ours.size(), ref.size()); i += step)
                    std::printf("%8.3f %8.2f %8.2f\n", static_cast<double>(i) / s.sampleRate,
                                rmsDb(ours, i, i + step), rmsDb(ref, i, i + step));
            }
            if (harmonics > 0)
                printHarmonics(voice, hexter, s, harmonics);
            return 0;
        }
        const auto f = test::compareBank(bank.voices, hexter, s);
        std::printf("%-3s %-10s %8s  %-10s %8s\n", "#", "voice", "own dB", "nearest", "dB");
        for (std::size_t i = 0; i < f.names.size(); ++i) {
            const auto j = static_cast<std::size_t>(f.nearest[i]);
            std::printf("%-3zu %-10s %8.2f  %-10s %8.2f%s\n", i + 1, f.names[i].c_str(),
                        f.distance[i][i], f.names[j].c_str(), f.distance[i][j],
                        j == i ? "" : "  <- not its own");
        }
        std::printf("closest to their own voice: %.1f %%, median distance to it: %.2f dB\n",
                    100.0 * f.ownMatchFraction, f.medianOwnDistance);
        if (!wavDir.empty()) {
            std::filesystem::create_directories(wavDir);
            for (std::size_t i = 0; i < bank.voices.size(); ++i) {
                const auto& v = bank.voices[i];
                const auto base = std::filesystem::path(wavDir) / std::to_string(i + 1);
                core::io::writeAudioFile(base.string() + "-latentrack.wav",
                                         {test::renderLatentRack(v, s)}, s.sampleRate);
                core::io::writeAudioFile(
                    base.string() + "-hexter.wav",
                    {hexter.render(v, s.note, s.velocity, s.hold, s.release, s.sampleRate)},
                    s.sampleRate);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fm_compare: %s\n", e.what());
        return 1;
    }
    return 0;
}
