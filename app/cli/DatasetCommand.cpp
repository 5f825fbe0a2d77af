#include "DatasetCommand.h"

#include <cstdio>

#include <spdlog/spdlog.h>

#include "models/dataset/DrumDataset.h"

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
    drums->add_option("--kit", *kits, "Hydrogen kit folder (repeatable; default: all installed)");
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
}

} // namespace latentrack::app
