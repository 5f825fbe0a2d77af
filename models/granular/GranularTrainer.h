#pragma once
// Trains a neural granular synthesizer from a dataset folder (`latentrack-cli train granular`):
//  phase "grain":  grain VAE, Adam, loss = multi-scale spectral + mel + β·KL (β ramped from 0
//                  over betaWarmupSteps), learning rate decayed exponentially to 0.1× at the end;
//  phase "series": the grain VAE is frozen, every training example is encoded to its μ series,
//                  and the latent-series VAE learns them: MSE + seriesBeta·KL.
// Then the per-class grain statistics and the PCA grain map are computed and the model folder
// is written (GranularModel.h). Every step is seeded from (seed, phase, step), so a run resumed
// from a checkpoint continues exactly as an uninterrupted run would.
// Checkpoints: <out>/checkpoint/ (weights, optimiser state, state.json) every checkpointEvery
// steps and at the end of each phase; the log is appended to <out>/train.log.
// Thread: blocks the calling thread for the whole run; uses `threads` LibTorch threads.

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "models/granular/GranularConfig.h"

namespace latentrack::models::granular {

struct TrainProgress {
    std::string phase; ///< "grain" or "series"
    int step = 0;      ///< steps done in this phase
    int totalSteps = 0;
    std::map<std::string, double> losses; ///< running means since the last report
    double stepsPerSecond = 0.0;
    double etaSeconds = 0.0; ///< for the remaining steps of both phases
};

struct TrainOptions {
    std::filesystem::path dataDir;
    std::string classKey = "class8";
    std::filesystem::path outDir;
    GranularConfig config;
    bool resume = false;
    int threads = 2;
    /// "cpu", "cuda", or "auto" (CUDA when the LibTorch in use has it and a GPU is present).
    std::string device = "auto";
    int checkpointEvery = 250;
    int reportEvery = 10;
    /// Stop after this many steps in this run (checkpoint written, no model folder yet), e.g. to
    /// time-box a session and continue later with `resume`; negative = run to the end.
    int stopAfterSteps = -1;
    std::string command; ///< the command line, stored in the model's provenance
    std::function<void(const TrainProgress&)> progress;
};

/// Runs (or resumes) training. Returns true when the model folder was written, false when the
/// run stopped early (stopAfterSteps). Throws DatasetError, ModelError or std::runtime_error; a
/// resume with a checkpoint from another configuration (other than the step counts, which may
/// grow) is refused with the field that differs.
bool trainGranular(const TrainOptions& options);

} // namespace latentrack::models::granular
