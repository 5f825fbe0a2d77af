// `latentrack-cli sweep preset`: the macro-knob sweep of a preset model (PresetMacros.h),
// stored in its model.json and card.

#include "EvalCommand.h"

#include <cstdio>
#include <sstream>

#include <spdlog/spdlog.h>

#include "ModelCard.h"
#include "Progress.h"
#include "RecordedPath.h"
#include "models/preset/PresetDataset.h"
#include "models/preset/PresetMacros.h"

namespace latentrack::app {

namespace preset = models::preset;

void addSweepCommand(CLI::App& app) {
    auto* sweep = app.add_subcommand("sweep", "Find a model's macro knobs by sweeping its latent");
    sweep->require_subcommand(1);
    auto* cmd = sweep->add_subcommand(
        "preset", "Rank a preset model's latent dimensions by how much they move the sound");
    auto model = std::make_shared<std::string>();
    auto data = std::make_shared<std::string>();
    auto voices = std::make_shared<int>(12);
    auto scaleVoices = std::make_shared<int>(2000);
    auto checkVoices = std::make_shared<int>(42);
    auto threads = std::make_shared<int>(1);
    cmd->add_option("--model", *model, "Model folder")->required()->check(CLI::ExistingDirectory);
    cmd->add_option("--data", *data, "Dataset folder (default: the one it was trained on)");
    cmd->add_option("--voices", *voices, "Validation voices to sweep from")
        ->check(CLI::Range(1, 1000));
    cmd->add_option("--scale-voices", *scaleVoices,
                    "Training presets whose latent spread sets each dimension's scale")
        ->check(CLI::Range(2, 100000));
    cmd->add_option("--check-voices", *checkVoices,
                    "Test voices on which each knob is checked against its label (0: none)")
        ->check(CLI::Range(0, 1000));
    cmd->add_option("--threads", *threads, "LibTorch threads")->check(CLI::Range(1, 256));
    cmd->callback([=] {
        torch::set_num_threads(*threads);
        const std::filesystem::path dir = *model;
        if (data->empty())
            *data = trainingDataFolder(dir);
        const preset::PresetDataset dataset(*data);
        preset::PresetInferencer inf(preset::loadPresetModel(dir));
        // Sweep from the validation split's own voices (never trained on, not the test split
        // the evaluation reports on); scales from presets spread evenly over the training set.
        std::vector<core::fm::DxVoice> from, scaleFrom;
        for (int i : dataset.indices(preset::PresetSplit::Validation))
            if (dataset.kind(i) == preset::PresetKind::Original &&
                static_cast<int>(from.size()) < *voices)
                from.push_back(dataset.voice(i));
        const auto train = dataset.indices(preset::PresetSplit::Train);
        const std::size_t take = std::min<std::size_t>(train.size(), *scaleVoices);
        for (std::size_t k = 0; k < take; ++k)
            scaleFrom.push_back(dataset.voice(train[k * train.size() / take]));
        preset::MacroSweepOptions o;
        o.progress = [](int done, int total) { printCount("sweep (voices)", done, total); };
        const auto macros = preset::sweepMacros(inf, from, scaleFrom, o);
        std::printf("%-6s %-10s %10s %8s  %s\n", "knob", "dimension", "moves dB", "scale",
                    "moves most");
        for (std::size_t k = 0; k < macros.size(); ++k)
            std::printf("%-6zu %-10d %10.2f %8.3f  %s (%+.2f spreads)\n", k + 1,
                        macros[k].dimension + 1, macros[k].movesDb, macros[k].scale,
                        preset::macroLabel(macros[k]).c_str(), macros[k].effect);
        // The knobs checked on the test split's voices, which neither the sweep nor training saw.
        nlohmann::json heldOut = nullptr;
        std::vector<core::fm::DxVoice> check;
        for (int i : dataset.indices(preset::PresetSplit::Test))
            if (dataset.kind(i) == preset::PresetKind::Original &&
                static_cast<int>(check.size()) < *checkVoices)
                check.push_back(dataset.voice(i));
        if (!check.empty()) {
            constexpr int kPositions = 9;
            const auto checks = preset::checkMacros(inf, macros, check, kPositions);
            std::printf("\nheld-out check on %zu test voices, each knob alone at %d positions:\n",
                        check.size(), kPositions);
            std::printf("%-6s %-22s %12s %10s %10s %10s\n", "knob", "label", "label holds",
                        "rank rho", "moves dB", "dropouts");
            for (std::size_t k = 0; k < checks.size(); ++k)
                std::printf("%-6zu %-22s %11.0f%% %10.3f %10.2f %9.1f%%\n", k + 1,
                            preset::macroLabel(macros[k]).c_str(), 100.0 * checks[k].labelHolds,
                            checks[k].rankCorrelation, checks[k].movesDb,
                            100.0 * checks[k].dropoutShare);
            heldOut = preset::macroChecksJson(checks, static_cast<int>(check.size()), kPositions);
            std::printf("mean: label holds %.0f%%, rank rho %.3f, moves %.2f dB, dropouts %.1f%%\n",
                        100.0 * heldOut["labelHolds"].get<double>(),
                        heldOut["rankCorrelation"].get<double>(), heldOut["movesDb"].get<double>(),
                        100.0 * heldOut["dropoutShare"].get<double>());
        }
        std::ostringstream line;
        line << "latentrack-cli sweep preset --model " << recordedPath(*model) << " --data "
             << recordedPath(*data) << " --voices " << *voices << " --scale-voices " << *scaleVoices
             << " --check-voices " << *checkVoices << " --threads " << *threads;
        writeModelSection(dir, "macros", preset::macrosJson(macros), line.str(), heldOut);
        std::printf("macros: %s/model.json and card.json\n", model->c_str());
    });
}

} // namespace latentrack::app
