#include "TrainCommand.h"

#include <cstdio>
#include <sstream>

#include "Progress.h"
#include "RecordedPath.h"
#include "models/preset/PresetTrainer.h"

namespace latentrack::app {

void addTrainPresetCommand(CLI::App& train) {
    auto* cmd = train.add_subcommand(
        "preset", "Preset inference: spectrogram VAE + RealNVP regression flow to DX7 presets");
    auto opt = std::make_shared<models::preset::PresetTrainOptions>();
    auto data = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto config = std::make_shared<std::string>("small");
    auto steps = std::make_shared<int>(-1);
    auto seed = std::make_shared<long long>(-1);
    auto latentWeight = std::make_shared<double>(-1.0);
    cmd->add_option("--data", *data, "Dataset folder (latentrack-cli dataset presets)")->required();
    cmd->add_option("--out", *out, "Model folder to write")->required();
    cmd->add_option("--config", *config, "small or paper")
        ->check(CLI::IsMember({"small", "paper"}));
    cmd->add_flag("--resume", opt->resume, "Continue from <out>/checkpoint");
    cmd->add_option("--threads", opt->threads, "LibTorch threads")->check(CLI::Range(1, 256));
    cmd->add_option("--device", opt->device, "cpu, cuda or auto")
        ->check(CLI::IsMember({"cpu", "cuda", "auto"}));
    cmd->add_option("--steps", *steps, "Override the training steps");
    cmd->add_option("--seed", *seed, "Override the random seed");
    cmd->add_option("--latent-weight", *latentWeight,
                    "Weight of the latent alignment term (PresetConfig::latentWeight; default 0)")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("--stop-after", opt->stopAfterSteps,
                    "Stop after N steps in this run (resume later with --resume)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--checkpoint-every", opt->checkpointEvery, "Steps between checkpoints")
        ->check(CLI::PositiveNumber);
    cmd->callback([=] {
        opt->dataDir = *data;
        opt->outDir = *out;
        opt->config = models::preset::PresetConfig::named(*config);
        if (*steps >= 0)
            opt->config.steps = *steps;
        if (*seed >= 0)
            opt->config.seed = static_cast<std::uint64_t>(*seed);
        if (*latentWeight >= 0.0)
            opt->config.latentWeight = *latentWeight;
        std::ostringstream line;
        line << "latentrack-cli train preset --data " << recordedPath(*data) << " --config "
             << *config << " --out " << recordedPath(*out) << " --device " << opt->device
             << " --threads " << opt->threads << " --steps " << opt->config.steps << " --seed "
             << opt->config.seed;
        if (opt->config.latentWeight > 0.0)
            line << " --latent-weight " << opt->config.latentWeight;
        opt->command = line.str();
        opt->progress = printProgress;
        if (models::preset::trainPreset(*opt))
            std::printf("model written to %s\n", out->c_str());
        else
            std::printf("stopped early; continue with --resume (checkpoint in %s/checkpoint)\n",
                        out->c_str());
    });
}

} // namespace latentrack::app
