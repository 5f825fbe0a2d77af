#include "models/rave/RaveTrainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>

#include "core/io/AtomicFile.h"
#include "models/rave/AttributeRegressor.h"
#include "models/rave/LatentDiscriminator.h"
#include "models/rave/LoudnessDescriptors.h"
#include "models/rave/RaveData.h"
#include "models/rave/RaveLoss.h"
#include "models/rave/RaveModelIo.h"
#include "models/rave/SpectralDescriptors.h"
#include "models/rave/WaveDiscriminator.h"
#include "models/training/ModelFiles.h"
#include "models/training/TrainSupport.h"

namespace latentrack::models::rave {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double rampedWeight(double max, int delay, int step) {
    if (step < delay)
        return 0.0;
    if (delay == 0)
        return max;
    return max * std::min(1.0, static_cast<double>(step - delay) / delay);
}

namespace {

bool usesConsistency(const RaveConfig& c) {
    return c.attributes > 0 && c.consistencyWeight > 0.0;
}

/// Whether the consistency term needs the learned regressor: not when every attribute is
/// measured from the audio (spectral and loudness readings).
bool usesRegressor(const RaveConfig& c) {
    const int measured =
        c.consistencySpectral
            ? kSpectralDescriptors + (c.consistencyLoudness ? kLoudnessDescriptors : 0)
            : 0;
    return usesConsistency(c) && c.attributes > measured;
}

struct Trainee {
    RaveModel model;
    LatentDiscriminator discriminator;
    torch::optim::Adam modelOpt;
    torch::optim::Adam discriminatorOpt;
    AttributeRegressor regressor{nullptr}; ///< only where the consistency term reads with it
    std::unique_ptr<torch::optim::Adam> regressorOpt;
    WaveDiscriminator wave{nullptr}; ///< only with the adversarial stage
    std::unique_ptr<torch::optim::Adam> waveOpt;
    Trainee(const RaveConfig& c)
        : model(c), discriminator(c.latentDim, c.attributes, c.attributeBins),
          modelOpt(model->parameters(),
                   torch::optim::AdamOptions(c.learningRate).betas({0.5, 0.9})),
          discriminatorOpt(discriminator->parameters(),
                           torch::optim::AdamOptions(1e-4).weight_decay(1e-4)) {
        if (usesRegressor(c)) { // made last: the model's initial weights stay as they were
            regressor = AttributeRegressor(c);
            regressorOpt = std::make_unique<torch::optim::Adam>(regressor->parameters(),
                                                                torch::optim::AdamOptions(1e-3));
        }
        if (c.adversarialStart >= 0) { // after the regressor, for the same reason
            wave = WaveDiscriminator(c);
            waveOpt = std::make_unique<torch::optim::Adam>(
                wave->parameters(), torch::optim::AdamOptions(1e-4).betas({0.5, 0.9}));
        }
    }
};

/// Each window's attributes [B, A, L], each attribute kept with probability ½, else replaced by
/// the same attribute's curve in another window of the batch (¼) or held at one value of it,
/// a random frame of a random window (¼: a fader left where it is): combinations that no
/// recording has.
torch::Tensor mixAttributes(const torch::Tensor& attributes, std::mt19937_64& rng) {
    const auto batch = attributes.size(0);
    auto mixed = attributes.clone();
    if (batch < 2)
        return mixed;
    std::uniform_int_distribution<int64_t> other(1, batch - 1);
    std::uniform_int_distribution<int64_t> anyWindow(0, batch - 1);
    std::uniform_int_distribution<int64_t> anyFrame(0, attributes.size(2) - 1);
    std::uniform_int_distribution<int> choice(0, 3);
    for (int64_t b = 0; b < batch; ++b)
        for (int64_t a = 0; a < attributes.size(1); ++a) {
            const int c = choice(rng);
            if (c == 2)
                mixed[b][a] = attributes[(b + other(rng)) % batch][a];
            else if (c == 3)
                mixed[b][a].fill_(attributes[anyWindow(rng)][a][anyFrame(rng)].item<float>());
        }
    return mixed;
}

/// The latents the consistency term decodes, [B, z, L]: the encoder's μ in the first half of
/// the batch (transfer), and in the second a draw from the prior N(0, 1) held over the window
/// (the voice's generate mode: a walk whose 2 s time constant is longer than the window).
torch::Tensor consistencyLatents(const torch::Tensor& mean) {
    auto z = mean.clone();
    const auto half = mean.size(0) / 2;
    const auto prior = mean.size(0) - half;
    z.narrow(0, half, prior)
        .copy_(
            torch::randn({prior, mean.size(1), 1}, mean.options()).expand({-1, -1, mean.size(2)}));
    return z;
}

/// The real normalised descriptors (core/dsp) of each row of `audio` [B, T]: [B, A, L].
torch::Tensor measuredAttributes(const torch::Tensor& audio,
                                 core::dsp::DescriptorAnalyzer& analyzer,
                                 const core::dsp::DescriptorRange& range, const RaveConfig& c) {
    const auto cpu = audio.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const auto frames = cpu.size(1) / c.compression();
    auto out = torch::zeros({cpu.size(0), c.attributes, frames});
    auto o = out.accessor<float, 3>();
    for (int64_t b = 0; b < cpu.size(0); ++b) {
        const float* row = cpu[b].data_ptr<float>();
        const auto descriptors =
            latentFrameDescriptors(analyzer, std::vector<float>(row, row + cpu.size(1)), c);
        for (int64_t j = 0; j < frames; ++j) {
            const auto v = range.normalise(descriptors[static_cast<std::size_t>(j)]);
            for (int a = 0; a < c.attributes; ++a)
                o[b][a][j] = v[static_cast<std::size_t>(a)];
        }
    }
    return out.to(audio.device());
}

/// The consistency term's error, MSE between what `audio` [B, T] reads as and `target`
/// [B, A, L]: with c.consistencySpectral the first three attributes (RMS, centroid, bandwidth)
/// are measured from the audio itself; with c.consistencyLoudness so are sharpness and
/// boominess, their exact values `measured` [B, A, L] (core/dsp's, measuredAttributes()) passed
/// straight through `loudness`'s gradient; the regressor reads the rest (all of them without
/// consistencySpectral).
torch::Tensor consistencyError(const torch::Tensor& audio, const torch::Tensor& target,
                               AttributeRegressor& regressor, const LoudnessDescriptors* loudness,
                               const torch::Tensor& measured,
                               const core::dsp::DescriptorRange& range, const RaveConfig& c) {
    if (!c.consistencySpectral)
        return torch::mse_loss(regressor->forward(audio), target);
    const int64_t attributes = target.size(1);
    const int64_t spectral = std::min<int64_t>(kSpectralDescriptors, attributes);
    std::vector<torch::Tensor> reading{spectralDescriptors(audio, c, range).narrow(1, 0, spectral)};
    int64_t read = spectral;
    if (loudness && attributes > read) {
        const int64_t more = std::min<int64_t>(kLoudnessDescriptors, attributes - read);
        const auto surrogate = (*loudness)(audio).narrow(1, 0, more);
        const auto exact = measured.narrow(1, read, more).to(surrogate.device());
        reading.push_back(surrogate + (exact - surrogate).detach());
        read += more;
    }
    if (attributes > read)
        reading.push_back(regressor->forward(audio).narrow(1, read, attributes - read));
    return torch::mse_loss(torch::cat(reading, 1), target);
}

void saveCheckpoint(Trainee& t, const fs::path& dir, int step, const RaveConfig& c) {
    training::saveCheckpointPart(dir, "model.pt", t.model);
    training::saveCheckpointPart(dir, "discriminator.pt", t.discriminator);
    training::saveCheckpointPart(dir, "model_opt.pt", t.modelOpt);
    training::saveCheckpointPart(dir, "discriminator_opt.pt", t.discriminatorOpt);
    if (t.regressor) {
        training::saveCheckpointPart(dir, "regressor.pt", t.regressor);
        training::saveCheckpointPart(dir, "regressor_opt.pt", *t.regressorOpt);
    }
    if (t.wave) {
        training::saveCheckpointPart(dir, "wave_discriminator.pt", t.wave);
        training::saveCheckpointPart(dir, "wave_discriminator_opt.pt", *t.waveOpt);
    }
    training::saveCheckpointState(dir, step, json(c));
}

int loadCheckpoint(Trainee& t, const fs::path& dir, const RaveConfig& c, torch::Device device) {
    const int step = training::loadCheckpointState(dir, c).at("step").get<int>();
    torch::load(t.model, (dir / "model.pt").string(), device);
    torch::load(t.discriminator, (dir / "discriminator.pt").string(), device);
    torch::load(t.modelOpt, (dir / "model_opt.pt").string(), device);
    torch::load(t.discriminatorOpt, (dir / "discriminator_opt.pt").string(), device);
    // A checkpoint from before the regressor's first step has none: it starts fresh.
    if (t.regressor && fs::exists(dir / "regressor.pt")) {
        torch::load(t.regressor, (dir / "regressor.pt").string(), device);
        torch::load(*t.regressorOpt, (dir / "regressor_opt.pt").string(), device);
    }
    if (t.wave && fs::exists(dir / "wave_discriminator.pt")) {
        torch::load(t.wave, (dir / "wave_discriminator.pt").string(), device);
        torch::load(*t.waveOpt, (dir / "wave_discriminator_opt.pt").string(), device);
    }
    return step;
}

/// Copies every parameter of `from` into the same-named one of `to`; `to` may have more (a
/// harmonic oscillator added: it starts from its own initial weights). Throws
/// std::runtime_error naming a parameter of `from` that `to` lacks or shapes otherwise.
void copyParameters(const RaveModel& from, RaveModel& to, const fs::path& folder) {
    torch::NoGradGuard noGrad;
    auto target = to->named_parameters();
    for (const auto& p : from->named_parameters()) {
        auto* dst = target.find(p.key());
        if (dst == nullptr || dst->sizes() != p.value().sizes())
            throw std::runtime_error("cannot start from " + folder.string() + ": " + p.key() +
                                     " does not fit this model");
        dst->copy_(p.value());
    }
}

/// Copies a finished model (and its latent discriminator) into the trainee; returns the step
/// it was trained to. Throws std::runtime_error when its configuration differs from `c` in
/// anything but the seed, the consistency term's schedule and the adversarial stage, or an
/// oscillator, or the oscillator's noise, that `c` adds (it has none; what is added starts
/// fresh), or has as many steps as `c` or more, or when it normalised its attributes with
/// another descriptor range than `range` (the data's: the faders would silently mean something
/// else).
int initFromModel(Trainee& t, const fs::path& folder, const RaveConfig& c,
                  const core::dsp::DescriptorRange& range, torch::Device device) {
    const auto bundle = loadRaveModel(folder);
    for (int d = 0; d < core::dsp::kNumDescriptors; ++d) {
        const auto i = static_cast<std::size_t>(d);
        const double span = std::max(1e-9f, range.max[i] - range.min[i]);
        if (std::abs(bundle.range.min[i] - range.min[i]) > 1e-4 * span ||
            std::abs(bundle.range.max[i] - range.max[i]) > 1e-4 * span)
            throw std::runtime_error(
                "cannot start from " + folder.string() + ": its " +
                core::dsp::descriptorName(static_cast<core::dsp::Descriptor>(d)) + " range [" +
                std::to_string(bundle.range.min[i]) + ", " + std::to_string(bundle.range.max[i]) +
                "] is not this data's [" + std::to_string(range.min[i]) + ", " +
                std::to_string(range.max[i]) + "]");
    }
    // Settings that only steer the training, not the weights, may differ; so may the steps. No
    // weight depends on whether the oscillator is given its pitch.
    std::vector<std::string> mayDiffer{"steps",
                                       "seed",
                                       "consistencyWeight",
                                       "consistencyDelay",
                                       "consistencySpectral",
                                       "consistencyLoudness",
                                       "consistencyOscillatorOnly",
                                       "melWeight",
                                       "pitchWeight",
                                       "adversarialStart",
                                       "featureMatchingWeight",
                                       "discriminatorCapacity",
                                       "discriminatorMultiplier",
                                       "discriminatorLayers",
                                       "discriminatorMaxChannels",
                                       "discriminatorScales",
                                       "pitchInput"};
    const bool addsOscillator = bundle.config().harmonics == 0 && c.harmonics > 0;
    if (addsOscillator)
        mayDiffer.push_back("harmonics");
    const bool addsNoise = bundle.config().oscillatorNoiseBands == 0 && c.oscillatorNoiseBands > 0;
    if (addsNoise)
        mayDiffer.push_back("oscillatorNoiseBands");
    try {
        training::requireSameConfig(json(bundle.config()), json(c), mayDiffer);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error("cannot start from " + folder.string() + ": " + e.what());
    }
    const int step = bundle.config().steps;
    if (step >= c.steps)
        throw std::runtime_error("cannot start from " + folder.string() + ": it was trained for " +
                                 std::to_string(step) + " steps, this run has " +
                                 std::to_string(c.steps));
    // In place: the optimiser keeps its parameters.
    if (addsOscillator || addsNoise)
        copyParameters(bundle.model, t.model, folder);
    else
        training::loadWeights(folder, t.model);
    t.model->to(device);
    const auto disc = folder / "latent_discriminator.pt";
    if (c.variant == RaveVariant::FRave) {
        if (!fs::exists(disc))
            throw std::runtime_error("cannot start from " + folder.string() + ": no " +
                                     disc.filename().string());
        torch::load(t.discriminator, disc.string(), device);
    }
    return step;
}

} // namespace

bool trainRave(const RaveTrainOptions& o) {
    const auto& c = o.config;
    c.validate();
    torch::set_num_threads(std::max(1, o.threads));
    const auto data = loadRaveDataset(o.dataDir, c);
    const auto device = training::chooseDevice(o.device);
    torch::manual_seed(c.seed);
    Trainee t(c);
    t.model->to(device);
    t.model->pqmf().to(device);
    t.discriminator->to(device);
    if (t.regressor)
        t.regressor->to(device);
    if (t.wave)
        t.wave->to(device);
    core::dsp::DescriptorAnalyzer analyzer(latentDescriptorConfig(c));
    std::unique_ptr<LoudnessDescriptors> loudness;
    if (c.consistencyLoudness)
        loudness = std::make_unique<LoudnessDescriptors>(c, data.range);
    // The decode starts with the regressor's lead, or with the term itself when there is none.
    const int consistencyStart =
        t.regressor ? std::max(0, c.consistencyDelay - kConsistencyLead) : c.consistencyDelay;

    const fs::path ckDir = o.outDir / "checkpoint";
    fs::create_directories(o.outDir);
    std::ofstream log(o.outDir / "train.log", std::ios::app);
    int step = 0;
    if (o.resume && fs::exists(ckDir / "state.json")) {
        step = loadCheckpoint(t, ckDir, c, device);
        log << "resumed at step " << step << std::endl;
    } else {
        if (!o.initFrom.empty()) {
            step = initFromModel(t, o.initFrom, c, data.range, device);
            log << "initialised from " << o.initFrom.string() << " at step " << step
                << " (fresh optimiser states)" << std::endl;
        }
        log << "start: " << o.command << "\ndevice " << device.str() << ", " << data.train.size()
            << " training recordings (" << data.trainSeconds / 60.0 << " min), " << data.test.size()
            << " held out (" << data.testSeconds / 60.0 << " min)" << std::endl;
    }

    training::LossReporter reporter(log, o.progress, false);
    const bool fader = c.variant == RaveVariant::FRave && c.attributes > 0;
    training::StepSchedule schedule(c.steps, o.reportEvery, o.checkpointEvery, o.stopAfterSteps);
    int nonFinite = 0; // consecutive non-finite losses
    for (; step < c.steps; ++step) {
        std::mt19937_64 rng(c.seed * 1000003ULL + static_cast<std::uint64_t>(step));
        torch::manual_seed(c.seed + static_cast<std::uint64_t>(step) * 7919ULL);
        auto batch = sampleBatch(data, c, rng);
        const auto audio = batch.audio.to(device);
        const auto attributes = batch.attributes.to(device);
        const auto bins = batch.bins.to(device);

        t.model->train();
        LatentPosterior posterior;
        const double beta = rampedWeight(c.betaMax, c.betaDelay, step);
        // RAVE's second stage: the encoder frozen, the decoder against the wave discriminator.
        const bool adversarial = t.wave && step >= c.adversarialStart;
        auto loss = reconstructionLoss(t.model, audio, attributes, beta, &posterior, adversarial,
                                       batch.pitch.to(device));
        auto total = loss.total;
        std::map<std::string, double> terms = {{"stft", loss.fullBand.item<double>()},
                                               {"bands", loss.bands.item<double>()},
                                               {"loud", loss.loudness.item<double>()},
                                               {"kl", loss.kl.item<double>()}};
        if (c.melWeight > 0.0)
            terms["mel"] = loss.mel.item<double>();
        if (c.harmonics > 0)
            terms["pitch"] = loss.pitch.item<double>();
        const double lambda =
            fader && !adversarial ? rampedWeight(c.lambdaMax, c.lambdaDelay, step) : 0.0;
        if (lambda > 0.0) {
            // The encoder's adversarial term, −λ·CE, counted only up to the cross-entropy of a
            // uniform guess, log(bins): past it the discriminator is already no better than
            // chance, and an unbounded −CE drives z to infinity (NaN within 500 steps of the
            // ramp, measured). BatchNorm statistics stay fixed for this term.
            t.discriminator->eval();
            const auto ce = t.discriminator->crossEntropy(posterior.mean, bins);
            total = total - lambda * ce.clamp_max(std::log(static_cast<double>(c.attributeBins)));
        }
        // Descriptor consistency: decode μ and prior draws with mixed attributes; the regressor
        // must read them back. Only the decoder learns from it (z is detached).
        torch::Tensor mixedAudio;
        torch::Tensor mixedMeasured;  // its descriptors as core/dsp measures them
        torch::Tensor oscillatorTerm; // with consistencyOscillatorOnly: backpropagated apart
        const bool decodeMixed = usesConsistency(c) && step >= consistencyStart;
        if (decodeMixed) {
            const double weight =
                c.consistencyWeight *
                std::clamp(static_cast<double>(step - c.consistencyDelay) / kConsistencyLead, 0.0,
                           1.0);
            const auto mixed = mixAttributes(attributes, rng);
            const auto z = consistencyLatents(posterior.mean.detach());
            torch::Tensor consistency;
            {
                // Before the ramp the decode only feeds the regressor: no graph to keep.
                torch::AutoGradMode graph(weight > 0.0);
                mixedAudio = t.model->decode(z, mixed,
                                             c.pitchInput ? fillUnvoiced(batch.pitch).to(device)
                                                          : torch::Tensor());
                mixedMeasured = measuredAttributes(mixedAudio, analyzer, data.range, c);
                consistency = consistencyError(mixedAudio, mixed, t.regressor, loudness.get(),
                                               mixedMeasured, data.range, c);
            }
            if (weight > 0.0 && c.consistencyOscillatorOnly)
                oscillatorTerm = weight * consistency;
            else if (weight > 0.0)
                total = total + weight * consistency;
            terms["attr"] = consistency.item<double>();
        }
        if (adversarial) {
            const auto g = generatorAdversarialTerms(t.wave, loss.target.detach(), loss.output);
            total = total + g.adversarial + c.featureMatchingWeight * g.featureMatching;
            terms["adv"] = g.adversarial.item<double>();
            terms["fm"] = g.featureMatching.item<double>();
        }
        t.modelOpt.zero_grad();
        if (adversarial) // no gradient at all, so that Adam's momentum cannot move the encoder
            for (auto& p : t.model->encoder().parameters())
                p.mutable_grad() = torch::Tensor();
        if (!std::isfinite(total.item<double>()) ||
            (oscillatorTerm.defined() && !std::isfinite(oscillatorTerm.item<double>()))) {
            // Never step (or checkpoint) on a non-finite loss: skip the batch, and give up
            // with the reason when it keeps happening.
            if (++nonFinite > 20)
                throw std::runtime_error("training diverged: 20 non-finite losses in a row at "
                                         "step " +
                                         std::to_string(step) +
                                         " (the last good checkpoint is kept)");
            log << "step " << step << ": non-finite loss, batch skipped" << std::endl;
            continue;
        }
        total.backward();
        if (oscillatorTerm.defined())
            addOscillatorGradient(oscillatorTerm, t.model);
        const double norm = torch::nn::utils::clip_grad_norm_(t.model->parameters(), 10.0);
        if (!std::isfinite(norm)) { // a finite loss can still have a non-finite gradient
            t.modelOpt.zero_grad();
            if (++nonFinite > 20)
                throw std::runtime_error("training diverged: 20 non-finite gradients in a row at "
                                         "step " +
                                         std::to_string(step) +
                                         " (the last good checkpoint is kept)");
            log << "step " << step << ": non-finite gradient, batch skipped" << std::endl;
            continue;
        }
        nonFinite = 0;
        t.modelOpt.step();
        if (adversarial) { // one wave discriminator step on the detached output
            t.wave->train();
            const auto hinge =
                discriminatorHingeLoss(t.wave, loss.target.detach(), loss.output.detach());
            t.waveOpt->zero_grad();
            hinge.backward();
            t.waveOpt->step();
            terms["d_hinge"] = hinge.item<double>();
        }
        if (fader && !adversarial) { // one latent discriminator step on the posterior means
            t.discriminator->train();
            const auto ce = t.discriminator->crossEntropy(posterior.mean.detach(), bins);
            t.discriminatorOpt.zero_grad();
            ce.backward();
            t.discriminatorOpt.step();
            terms["disc_ce"] = ce.item<double>();
        }
        if (decodeMixed &&
            t.regressor) { // one regressor step on real and decoded audio, as measured
            const auto decoded = mixedAudio.detach();
            const auto real = torch::mse_loss(t.regressor->forward(audio), attributes);
            const auto own = torch::mse_loss(t.regressor->forward(decoded), mixedMeasured);
            t.regressorOpt->zero_grad();
            (real + own).backward();
            t.regressorOpt->step();
            terms["reg"] = real.item<double>();
            terms["reg_dec"] = own.item<double>();
        }
        reporter.add(terms);
        const int done = step + 1;
        const auto due = schedule.after(done);
        if (due.report)
            reporter.report("rave", done, c.steps);
        if (due.checkpoint)
            saveCheckpoint(t, ckDir, done, c);
        if (due.stop) {
            log << "stopped at step " << done << " (checkpoint kept)" << std::endl;
            return false;
        }
    }

    RaveBundle bundle;
    t.model->to(torch::kCPU);
    t.model->pqmf().to(torch::kCPU);
    t.model->eval();
    bundle.model = t.model;
    bundle.range = data.range;
    bundle.binEdges = data.binEdges;
    std::vector<std::string> testSources;
    for (const auto& r : data.test)
        testSources.push_back(r.source);
    bundle.provenance = {{"data", o.dataDir.lexically_normal().string()},
                         {"trainRecordings", data.train.size()},
                         {"trainMinutes", data.trainSeconds / 60.0},
                         {"testRecordings", data.test.size()},
                         {"testMinutes", data.testSeconds / 60.0},
                         {"testSources", testSources},
                         {"command", o.command}};
    saveRaveModel(o.outDir, bundle);
    t.discriminator->to(torch::kCPU);
    torch::save(t.discriminator, (o.outDir / "latent_discriminator.pt").string());
    log << "model written to " << o.outDir.string() << std::endl;
    return true;
}

void addOscillatorGradient(const torch::Tensor& term, RaveModel& model) {
    const auto params = model->decoder().oscillatorParameters();
    const auto grads =
        torch::autograd::grad({term}, params, {}, false, false, /*allow_unused=*/true);
    for (std::size_t i = 0; i < params.size(); ++i)
        if (grads[i].defined()) {
            auto& g = params[i].mutable_grad();
            g = g.defined() ? g + grads[i] : grads[i];
        }
}

} // namespace latentrack::models::rave
