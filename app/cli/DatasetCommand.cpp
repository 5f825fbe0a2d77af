#include "DatasetCommand.h"

#include "Progress.h"

#include <cstdio>

#include <spdlog/spdlog.h>

#include "models/dataset/DrumDataset.h"
#include "models/dataset/NoteDataset.h"
#include "models/dataset/PerformanceDataset.h"
#include "models/preset/PresetDataset.h"

namespace latentrack::app {

void addDatasetCommand(CLI::App& app) {
    auto* dataset =
        app.add_subcommand("dataset", "Build training datasets from Debian's sample packages");
    dataset->require_subcommand(1);
    auto opt = std::make_shared<models::dataset::DrumDatasetOptions>();
    auto out = std::make_shared<std::string>();
    auto kits = std::make_shared<std::vector<std::string>>();
    auto noFonts = std::make_shared<bool>(false);
    auto* drums = dataset->add_subcommand(
        "drums", "Labelled drum hits from hydrogen-drumkits and avldrums.lv2-soundfont");
    drums->add_option("--out", *out, "Output folder")->required();
    drums->add_option("--rate", opt->sampleRate, "Sample rate of the dataset in Hz")
        ->check(CLI::Range(8000.0, 96000.0));
    drums->add_option("--max-seconds", opt->maxSeconds, "Longest hit kept, in seconds")
        ->check(CLI::Range(0.1, 10.0));
    drums->add_option(
        "--kit", *kits,
        "Hydrogen kit folder (repeatable; default: the hydrogen-drumkits package's 14 kits)");
    drums->add_flag("--no-soundfonts", *noFonts, "Skip the AVL SoundFont kits");
    drums->callback([opt, out, kits, noFonts] {
        opt->outDir = *out;
        opt->useSoundFonts = !*noFonts;
        for (const auto& k : *kits)
            opt->kits.emplace_back(k);
        const auto report = models::dataset::buildDrumDataset(
            *opt, [](const std::string& line) { spdlog::info("{}", line); });
        std::printf("\n%zu hits written to %s (manifest.json)\n", report.entries.size(),
                    out->c_str());
        std::printf("\nper class (8 drum classes):\n");
        for (const auto& [cls, n] : report.perClass8)
            std::printf("  %-12s %5d\n", cls.c_str(), n);
        std::printf("\nper class (10-track set, drum classes):\n");
        for (const auto& [cls, n] : report.perClass10)
            std::printf("  %-12s %5d\n", cls.c_str(), n);
        std::printf("\nunmappable instruments (%zu, not used):\n", report.unmapped.size());
        for (const auto& u : report.unmapped)
            std::printf("  %s\n", u.c_str());
        if (!report.problems.empty()) {
            std::printf("\nproblems (%zu):\n", report.problems.size());
            for (const auto& p : report.problems)
                std::printf("  %s\n", p.c_str());
        }
    });

    auto noteOpt = std::make_shared<models::dataset::NoteDatasetOptions>();
    auto noteOut = std::make_shared<std::string>();
    auto addNoteSet = [&](const char* name, const char* help, bool dnb) {
        auto* cmd = dataset->add_subcommand(name, help);
        cmd->add_option("--out", *noteOut, "Output folder")->required();
        cmd->add_option("--rate", noteOpt->sampleRate, "Sample rate of the dataset in Hz")
            ->check(CLI::Range(8000.0, 96000.0));
        cmd->add_option("--soundfont", noteOpt->soundFont, "General MIDI SoundFont")
            ->check(CLI::ExistingFile);
        cmd->callback([noteOpt, noteOut, dnb] {
            noteOpt->outDir = *noteOut;
            const auto log = [](const std::string& line) { spdlog::info("{}", line); };
            const auto r = dnb ? models::dataset::buildDnbDataset(*noteOpt, log)
                               : models::dataset::buildOrchestraDataset(*noteOpt, log);
            std::printf("\n%d examples written to %s (manifest.json)\n\nper class (held out):\n",
                        r.entries, noteOut->c_str());
            for (const auto& [cls, n] : r.perClass) {
                const auto held = r.heldOutPerClass.find(cls);
                std::printf("  %-12s %5d (%d)\n", cls.c_str(), n,
                            held == r.heldOutPerClass.end() ? 0 : held->second);
            }
            for (const auto& p : r.problems)
                std::printf("  problem: %s\n", p.c_str());
        });
    };
    addNoteSet("orchestra",
               "Single notes of ten orchestral instruments from fluid-soundfont-gm (class field "
               "\"class\"; every third semitone held out)",
               false);
    addNoteSet("dnb10",
               "The 10 Drum-and-Bass classes: kit hits, GM bass/lead/pad/fx notes, one-bar break "
               "loops from our sequencer (class field \"class10\")",
               true);

    auto perfOpt = std::make_shared<models::dataset::PerformanceDatasetOptions>();
    auto perfOut = std::make_shared<std::string>();
    auto addPerformanceSet = [&](const char* name, const char* help, bool strings) {
        auto* cmd = dataset->add_subcommand(name, help);
        cmd->add_option("--out", *perfOut, "Output folder")->required();
        cmd->add_option("--rate", perfOpt->sampleRate, "Sample rate of the dataset in Hz")
            ->check(CLI::Range(8000.0, 96000.0));
        cmd->add_option("--count", perfOpt->trainCount, "Training recordings to render")
            ->check(CLI::Range(1, 10000));
        cmd->add_option("--held-out", perfOpt->heldOutCount, "Held-out recordings per source")
            ->check(CLI::Range(1, 1000));
        cmd->add_option("--seed", perfOpt->seed, "Random seed of the performances");
        cmd->callback([perfOpt, perfOut, strings] {
            perfOpt->outDir = *perfOut;
            const auto log = [](const std::string& line) { spdlog::info("{}", line); };
            const auto r = strings ? models::dataset::buildStringsDataset(*perfOpt, log)
                                   : models::dataset::buildPercussionDataset(*perfOpt, log);
            std::printf("\n%d recordings written to %s (manifest.json): %.1f min train, %.1f min "
                        "held out\n",
                        r.entries, perfOut->c_str(), r.trainSeconds / 60.0, r.testSeconds / 60.0);
            for (const auto& p : r.problems)
                std::printf("  problem: %s\n", p.c_str());
        });
    };
    addPerformanceSet("percussion",
                      "Hand-drum performances played by our drum machine from real tabla and "
                      "djembe hits (held out: unseen kits and a recorded tabla loop)",
                      false);
    addPerformanceSet("strings",
                      "Violin, viola and cello phrases from fluid-soundfont-gm (held out: unseen "
                      "phrases, and TimGM6mb's recordings)",
                      true);

    auto presetOpt = std::make_shared<models::preset::PresetDatasetOptions>();
    auto presetOut = std::make_shared<std::string>();
    auto presetConfig = std::make_shared<std::string>("small");
    auto presetBanks = std::make_shared<std::vector<std::string>>();
    auto* presets = dataset->add_subcommand(
        "presets", "DX7 presets and their spectrograms for preset inference, rendered by our FM "
                   "engine from hexter's factory voices (split by source voice)");
    presets->add_option("--out", *presetOut, "Output folder")->required();
    presets->add_option("--config", *presetConfig, "Spectrogram settings: small or paper")
        ->check(CLI::IsMember({"small", "paper"}));
    presets->add_option("--count", presetOpt->trainPresets, "Training presets to keep")
        ->check(CLI::Range(1, 1000000));
    presets->add_option("--bank", *presetBanks,
                        "DX7 bank (repeatable; default: /usr/share/hexter/*.dx7)");
    presets->add_option("--seed", presetOpt->seed, "Random seed of the split and augmentation");
    presets->callback([presetOpt, presetOut, presetConfig, presetBanks] {
        presetOpt->outDir = *presetOut;
        presetOpt->config = models::preset::PresetConfig::named(*presetConfig);
        for (const auto& b : *presetBanks)
            presetOpt->banks.emplace_back(b);
        const auto r = models::preset::buildPresetDataset(
            *presetOpt, [](int done, int total) { printCount("presets", done, total); });
        std::printf("\n%d distinct source voices (%d repeats dropped): %d train, %d validation, "
                    "%d test presets in %s\n",
                    r.sources, r.duplicates, r.train, r.validation, r.test, presetOut->c_str());
        std::printf("%d augmented candidates; dropped %d quiet (< %.0f dB peak RMS) and %d "
                    "duplicates or near-duplicates\n",
                    r.candidates, r.droppedQuiet, presetOpt->quietDb, r.droppedDuplicate);
    });
}

} // namespace latentrack::app
