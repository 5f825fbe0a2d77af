#include "models/rave/RaveTrainer.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>

#include "core/io/AtomicFile.h"
#include "models/rave/LatentDiscriminator.h"
#include "models/rave/RaveData.h"
#include "models/rave/RaveLoss.h"
#include "models/rave/RaveModelIo.h"
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

struct Trainee {
    RaveModel model;
    LatentDiscriminator discriminator;
    torch::optim::Adam modelOpt;
    torch::optim::Adam discriminatorOpt;
    Trainee(const RaveConfig& c)
        : model(c), discriminator(c.latentDim, c.attributes, c.attributeBins),
          modelOpt(model->parameters(),
                   torch::optim::AdamOptions(c.learningRate).betas({0.5, 0.9})),
          discriminatorOpt(discriminator->parameters(),
                           torch::optim::AdamOptions(1e-4).weight_decay(1e-4)) {}
};

void saveCheckpoint(Trainee& t, const fs::path& dir, int step, const RaveConfig& c) {
    training::saveCheckpointPart(dir, "model.pt", t.model);
    training::saveCheckpointPart(dir, "discriminator.pt", t.discriminator);
    training::saveCheckpointPart(dir, "model_opt.pt", t.modelOpt);
    training::saveCheckpointPart(dir, "discriminator_opt.pt", t.discriminatorOpt);
    training::saveCheckpointState(dir, step, json(c));
}

int loadCheckpoint(Trainee& t, const fs::path& dir, const RaveConfig& c, torch::Device device) {
    const int step = training::loadCheckpointState(dir, json(c));
    torch::load(t.model, (dir / "model.pt").string(), device);
    torch::load(t.discriminator, (dir / "discriminator.pt").string(), device);
    torch::load(t.modelOpt, (dir / "model_opt.pt").string(), device);
    torch::load(t.discriminatorOpt, (dir / "discriminator_opt.pt").string(), device);
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

    const fs::path ckDir = o.outDir / "checkpoint";
    fs::create_directories(o.outDir);
    std::ofstream log(o.outDir / "train.log", std::ios::app);
    int step = 0;
    if (o.resume && fs::exists(ckDir / "state.json")) {
        step = loadCheckpoint(t, ckDir, c, device);
        log << "resumed at step " << step << std::endl;
    } else {
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
        auto loss = reconstructionLoss(t.model, audio, attributes, beta, &posterior);
        auto total = loss.total;
        std::map<std::string, double> terms = {{"stft", loss.fullBand.item<double>()},
                                               {"bands", loss.bands.item<double>()},
                                               {"loud", loss.loudness.item<double>()},
                                               {"kl", loss.kl.item<double>()}};
        const double lambda = fader ? rampedWeight(c.lambdaMax, c.lambdaDelay, step) : 0.0;
        if (lambda > 0.0) {
            // The encoder's adversarial term, −λ·CE, counted only up to the cross-entropy of a
            // uniform guess, log(bins): past it the discriminator is already no better than
            // chance, and an unbounded −CE drives z to infinity (NaN within 500 steps of the
            // ramp, measured). BatchNorm statistics stay fixed for this term.
            t.discriminator->eval();
            const auto ce = t.discriminator->crossEntropy(posterior.mean, bins);
            total = total - lambda * ce.clamp_max(std::log(static_cast<double>(c.attributeBins)));
        }
        t.modelOpt.zero_grad();
        if (!std::isfinite(total.item<double>())) {
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
        if (fader) { // one discriminator step on the detached posterior means
            t.discriminator->train();
            const auto ce = t.discriminator->crossEntropy(posterior.mean.detach(), bins);
            t.discriminatorOpt.zero_grad();
            ce.backward();
            t.discriminatorOpt.step();
            terms["disc_ce"] = ce.item<double>();
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

} // namespace latentrack::models::rave
