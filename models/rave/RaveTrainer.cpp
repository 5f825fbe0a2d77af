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

torch::Device chooseDevice(const std::string& name) {
    if (name == "cpu")
        return torch::kCPU;
    const bool cuda = torch::cuda::is_available();
    if (name == "cuda" && !cuda)
        throw std::runtime_error("--device cuda: this LibTorch has no CUDA or no GPU is present");
    if (name != "cuda" && name != "auto")
        throw std::runtime_error("unknown device '" + name + "' (cpu, cuda or auto)");
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

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
    fs::create_directories(dir);
    auto save = [&](auto& what, const char* name) {
        const auto tmp = dir / (std::string(name) + ".tmp");
        torch::save(what, tmp.string());
        fs::rename(tmp, dir / name);
    };
    save(t.model, "model.pt");
    save(t.discriminator, "discriminator.pt");
    save(t.modelOpt, "model_opt.pt");
    save(t.discriminatorOpt, "discriminator_opt.pt");
    core::io::writeFileAtomically(dir / "state.json",
                                  json{{"step", step}, {"config", c}}.dump(1) + "\n");
}

int loadCheckpoint(Trainee& t, const fs::path& dir, const RaveConfig& c, torch::Device device) {
    const auto state = json::parse(core::io::readFile(dir / "state.json"));
    const json want = c;
    const auto& have = state.at("config");
    for (const auto& [key, value] : want.items())
        if (key != "steps" && (!have.contains(key) || have[key] != value))
            throw std::runtime_error("cannot resume: checkpoint was trained with " + key + " = " +
                                     (have.contains(key) ? have[key].dump() : "(unset)") +
                                     ", this run asks for " + value.dump());
    torch::load(t.model, (dir / "model.pt").string(), device);
    torch::load(t.discriminator, (dir / "discriminator.pt").string(), device);
    torch::load(t.modelOpt, (dir / "model_opt.pt").string(), device);
    torch::load(t.discriminatorOpt, (dir / "discriminator_opt.pt").string(), device);
    return state.at("step").get<int>();
}

class Reporter {
public:
    Reporter(const RaveTrainOptions& o, std::ofstream& log) : m_o(o), m_log(log) {}
    void add(const std::map<std::string, double>& terms) {
        for (const auto& [k, v] : terms)
            m_sums[k] += v;
        ++m_count;
    }
    void report(int step, int total) {
        if (m_count == 0)
            return;
        const auto now = Clock::now();
        const double seconds = std::chrono::duration<double>(now - m_since).count();
        granular::TrainProgress p;
        p.phase = "rave";
        p.step = step;
        p.totalSteps = total;
        p.stepsPerSecond = seconds > 0 ? m_count / seconds : 0.0;
        p.etaSeconds = p.stepsPerSecond > 0 ? (total - step) / p.stepsPerSecond : 0.0;
        for (const auto& [k, v] : m_sums)
            p.losses[k] = v / m_count;
        m_log << "step " << step << "/" << total;
        for (const auto& [k, v] : p.losses)
            m_log << " " << k << " " << v;
        m_log << " steps/s " << p.stepsPerSecond << std::endl;
        if (m_o.progress)
            m_o.progress(p);
        m_sums.clear();
        m_count = 0;
        m_since = now;
    }

private:
    const RaveTrainOptions& m_o;
    std::ofstream& m_log;
    std::map<std::string, double> m_sums;
    int m_count = 0;
    Clock::time_point m_since = Clock::now();
};

} // namespace

bool trainRave(const RaveTrainOptions& o) {
    const auto& c = o.config;
    c.validate();
    torch::set_num_threads(std::max(1, o.threads));
    const auto data = loadRaveDataset(o.dataDir, c);
    const auto device = chooseDevice(o.device);
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

    Reporter reporter(o, log);
    const bool fader = c.variant == RaveVariant::FRave && c.attributes > 0;
    int budget = o.stopAfterSteps;
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
        if (done % o.reportEvery == 0 || done == c.steps)
            reporter.report(done, c.steps);
        const bool stop = budget >= 0 && --budget == 0;
        if (done % o.checkpointEvery == 0 || done == c.steps || stop)
            saveCheckpoint(t, ckDir, done, c);
        if (stop && done < c.steps) {
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
