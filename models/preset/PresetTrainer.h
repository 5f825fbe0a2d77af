#pragma once
// Trains a preset-inference model (`latentrack-cli train preset`) on a preset dataset
// (PresetDataset.h). Each step: a batch of training presets drawn from (seed, step); loss as
// PresetLoss.h with β ramped linearly from 0 over betaWarmup steps; Adam, gradient norm clipped
// at 10, non-finite batches skipped (20 in a row stop the run). Every 500 steps the validation
// presets' loss (z = posterior mean) is logged. Checkpoints in <out>/checkpoint/ every
// checkpointEvery steps and at the end (a resumed run continues exactly as an uninterrupted
// one); the log is appended to <out>/train.log; at the end the model folder (PresetModelIo.h)
// is written. Thread: blocks the calling thread; uses `threads` LibTorch threads.

#include <filesystem>
#include <functional>
#include <string>

#include "models/granular/GranularTrainer.h" // TrainProgress
#include "models/preset/PresetConfig.h"

namespace latentrack::models::preset {

struct PresetTrainOptions {
    std::filesystem::path dataDir;
    std::filesystem::path outDir;
    PresetConfig config; ///< its rendering fields must match the dataset's
    bool resume = false;
    int threads = 2;
    std::string device = "auto";
    int checkpointEvery = 500;
    int reportEvery = 20;
    int stopAfterSteps = -1; ///< stop after this many steps in this run (checkpoint kept)
    std::string command;     ///< the command line, stored in the model's provenance
    std::function<void(const granular::TrainProgress&)> progress;
};

/// Runs (or resumes) training; true when the model folder was written. Throws
/// std::runtime_error (data, a dataset rendered with other settings, a checkpoint of another
/// configuration).
bool trainPreset(const PresetTrainOptions& options);

} // namespace latentrack::models::preset
