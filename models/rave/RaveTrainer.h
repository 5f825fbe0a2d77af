#pragma once
// Trains an attribute-fader model (`latentrack-cli train rave`): C-RAVE (the decoder takes the
// five normalised descriptors with z, per latent frame) or F-RAVE (C-RAVE plus the latent
// discriminator, LatentDiscriminator.h). Each step: a batch of random windows of the training
// recordings (RaveData.h); loss = multi-scale STFT on full band and bands + loudness
// (+ log-mel when melWeight > 0) + β·KL (RaveLoss.h), β = 0 for betaDelay steps then ramped
// linearly over as many to betaMax; F-RAVE adds −λ·min(CE, log bins) of the discriminator on z (λ
// ramped the same way from lambdaDelay; the bound keeps z finite once the discriminator is at
// chance) and takes one discriminator step on the detached z (Adam lr 1e-4, weight decay 1e-4).
// With consistencyWeight > 0 (either variant), z is also decoded with mixed attributes (each
// attribute kept with probability ½, else another window's curve or one of its values held, ¼
// each), z the encoder's μ for half the batch and a prior draw N(0, 1) held over the window
// for the other half (the voice's generate mode), and the decoder is trained on w·MSE(R(decoded),
// mixed attributes), w ramped from consistencyDelay over kConsistencyLead steps, R the attribute
// regressor (AttributeRegressor.h); R takes one Adam step (lr 1e-3) per step from consistencyDelay
// − kConsistencyLead on, on the real attributes of the batch and the core/dsp descriptors of the
// decoded audio, so that it reads the decoder's output as the analysis does rather than as the
// decoder would like. With consistencyOscillatorOnly the term's gradient is taken apart and
// added to the harmonic oscillator's parameters alone (addOscillatorGradient). Adam (β 0.5, 0.9) on
// the model, gradient norm clipped at 10; a batch whose loss is not finite is skipped (20 in a row
// stop the run with the reason). Every step is seeded from (seed, step), so a resumed run continues
// exactly as an uninterrupted one would. Checkpoints: <out>/checkpoint/ every checkpointEvery steps
// and at the end; the log is appended to <out>/train.log; at the end the model folder
// (RaveModelIo.h) is written. Thread: blocks the calling thread; uses `threads` LibTorch threads.

#include <filesystem>
#include <functional>
#include <string>

#include "models/granular/GranularTrainer.h" // TrainProgress
#include "models/rave/RaveConfig.h"
#include "models/rave/RaveModel.h"

namespace latentrack::models::rave {

struct RaveTrainOptions {
    std::filesystem::path dataDir;
    std::filesystem::path outDir;
    RaveConfig config;
    bool resume = false;
    /// Start from a finished model folder (RaveModelIo.h, F-RAVE also its
    /// latent_discriminator.pt) at the step it was trained to, with fresh optimiser states: a
    /// longer schedule for a model whose checkpoint is gone (e.g. the consistency term on a
    /// shipped model). Its configuration must equal this run's except steps (which must be
    /// more), seed, the loss weights of consistency and log-mel, consistencyDelay and the
    /// adversarial stage's settings. Ignored when a checkpoint is resumed.
    std::filesystem::path initFrom;
    int threads = 2;
    std::string device = "auto"; ///< "cpu", "cuda" or "auto"
    int checkpointEvery = 250;
    int reportEvery = 10;
    /// Stop after this many steps in this run (checkpoint kept, no model folder yet).
    int stopAfterSteps = -1;
    std::string command; ///< the command line, stored in the model's provenance
    std::function<void(const granular::TrainProgress&)> progress;
};

/// Runs (or resumes) training; true when the model folder was written, false when the run
/// stopped early. Throws std::runtime_error (data, checkpoint or initial model of another
/// configuration) or RaveModelError (initial model folder unreadable).
bool trainRave(const RaveTrainOptions& options);

/// Adds the gradient of `term` (a scalar whose graph reaches `model`) to the .grad of the
/// harmonic oscillator's parameters alone (RaveDecoderImpl::oscillatorParameters); every other
/// parameter's .grad is left as it was. Throws std::logic_error for a model without an
/// oscillator.
void addOscillatorGradient(const torch::Tensor& term, RaveModel& model);

/// The weight of a term that is 0 for `delay` steps and then ramps linearly to `max` over
/// another `delay` steps (β, λ).
double rampedWeight(double max, int delay, int step);

} // namespace latentrack::models::rave
