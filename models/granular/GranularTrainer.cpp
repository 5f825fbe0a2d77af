#include "models/granular/GranularTrainer.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "core/io/AtomicFile.h"
#include "models/granular/Augment.h"
#include "models/granular/GranularData.h"
#include "models/granular/GranularModelImpl.h"
#include "models/granular/SpectralLoss.h"
#include "models/training/TrainSupport.h"

namespace latentrack::models::granular {

namespace {

using Clock = std::chrono::steady_clock;

struct Checkpoint {
    std::filesystem::path dir;
    std::string phase = "grain";
    int step = 0;
};

/// Per-step seed from (seed, phase, step): resumable and reproducible.
std::uint64_t stepSeed(std::uint64_t seed, int phase, int step) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(phase), static_cast<std::uint32_t>(step)};
    std::uint32_t words[2];
    seq.generate(words, words + 2);
    return (static_cast<std::uint64_t>(words[0]) << 32) | words[1];
}

torch::Tensor batchIndex(std::uint64_t seed, int batchSize, int64_t numExamples) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> pick(0, numExamples - 1);
    std::vector<int64_t> idx(static_cast<std::size_t>(batchSize));
    for (auto& i : idx)
        i = pick(rng);
    return torch::tensor(idx, torch::kLong);
}

void setLearningRate(torch::optim::Adam& opt, double lr) {
    for (auto& group : opt.param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

/// `count` random hop-aligned crops of `cropGrains` grains from rows of `audio` [M, T]
/// (cropGrains 0 = whole rows, `count` = batchSize). Returns the crops [count, T'] and the
/// classes of their rows.
std::pair<torch::Tensor, torch::Tensor> drawCrops(std::uint64_t seed, const GranularConfig& c,
                                                  const torch::Tensor& audio,
                                                  const torch::Tensor& classes) {
    const auto m = audio.size(0);
    if (c.cropGrains == 0 || c.cropGrains == c.numGrains) {
        const auto idx = batchIndex(seed, c.batchSize, m).to(audio.device());
        return {audio.index_select(0, idx), classes.index_select(0, idx)};
    }
    const int count = std::max(1, c.batchSize * c.numGrains / c.cropGrains);
    const auto idx = batchIndex(seed, count, m);
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    std::uniform_int_distribution<int> startGrain(0, c.numGrains - c.cropGrains);
    const int64_t length = static_cast<int64_t>(c.cropGrains - 1) * c.hop + c.grainSize;
    std::vector<torch::Tensor> crops;
    crops.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        crops.push_back(audio[idx[i].item<int64_t>()].narrow(
            0, static_cast<int64_t>(startGrain(rng)) * c.hop, length));
    return {torch::stack(crops), classes.index_select(0, idx.to(audio.device()))};
}

double decayedRate(double base, int step, int total) {
    return base * std::pow(0.1, total > 0 ? static_cast<double>(step) / total : 0.0);
}

void saveCheckpoint(GranularModel::Impl& model, torch::optim::Adam& grainOpt,
                    torch::optim::Adam& seriesOpt, const Checkpoint& ck) {
    std::filesystem::create_directories(ck.dir);
    auto save = [&](auto& what, const char* name) {
        const auto tmp = ck.dir / (std::string(name) + ".tmp");
        torch::save(what, tmp.string());
        std::filesystem::rename(tmp, ck.dir / name);
    };
    save(model.grain, "grain_vae.pt");
    save(model.series, "series_vae.pt");
    save(grainOpt, "grain_opt.pt");
    save(seriesOpt, "series_opt.pt");
    const nlohmann::json state = {{"phase", ck.phase}, {"step", ck.step}, {"config", model.config}};
    core::io::writeFileAtomically(ck.dir / "state.json", state.dump(1) + "\n");
}

void loadCheckpoint(GranularModel::Impl& model, torch::optim::Adam& grainOpt,
                    torch::optim::Adam& seriesOpt, Checkpoint& ck, torch::Device device) {
    const auto state =
        training::loadCheckpointState(ck.dir, model.config, {"grainSteps", "seriesSteps"});
    ck.phase = state.at("phase").get<std::string>();
    ck.step = state.at("step").get<int>();
    torch::load(model.grain, (ck.dir / "grain_vae.pt").string(), device);
    torch::load(model.series, (ck.dir / "series_vae.pt").string(), device);
    torch::load(grainOpt, (ck.dir / "grain_opt.pt").string(), device);
    torch::load(seriesOpt, (ck.dir / "series_opt.pt").string(), device);
}

torch::Tensor encodeAll(GranularModel::Impl& model, const torch::Tensor& audio,
                        const torch::Tensor& classes) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> parts;
    for (int64_t i = 0; i < audio.size(0); i += 32) {
        const auto n = std::min<int64_t>(32, audio.size(0) - i);
        parts.push_back(model.grain->encode(audio.narrow(0, i, n), classes.narrow(0, i, n)).mean);
    }
    return torch::cat(parts, 0); // [M, N, z]
}

void computeClassStatistics(GranularModel::Impl& model, const torch::Tensor& z,
                            const torch::Tensor& classes) {
    for (int c = 0; c < model.numClasses(); ++c) {
        const auto rows = z.index_select(0, torch::nonzero(classes == c).flatten());
        const auto grains = rows.reshape({-1, model.config.latentDim});
        model.latentMean[c] = grains.mean(0);
        model.latentStd[c] = grains.std(0).clamp_min(1e-3);
    }
}

} // namespace

bool trainGranular(const TrainOptions& o) {
    const auto& config = o.config;
    config.validate();
    torch::set_num_threads(std::max(1, o.threads));
    torch::manual_seed(config.seed);
    const auto data = loadGranularDataset(o.dataDir, o.classKey, knownClassOrder(o.classKey),
                                          config.sampleRate, config.exampleLength());

    const auto device = training::chooseDevice(o.device);
    GranularModel::Impl model(config, data.classes);
    model.grain->to(device);
    model.series->to(device);
    model.provenance = {{"data", o.dataDir.lexically_normal().string()},
                        {"classKey", o.classKey},
                        {"trainExamples", data.train.size()},
                        {"testExamples", data.test.size()},
                        {"testKits", data.testKits},
                        {"command", o.command}};

    const auto m = static_cast<int64_t>(data.train.size());
    auto audio = torch::zeros({m, config.exampleLength()});
    auto classes = torch::zeros({m}, torch::kLong);
    for (int64_t i = 0; i < m; ++i) {
        const auto& ex = data.train[static_cast<std::size_t>(i)];
        audio[i] = torch::tensor(ex.audio);
        classes[i] = ex.classIndex;
    }
    audio = audio.to(device);
    classes = classes.to(device);

    torch::optim::Adam grainOpt(model.grain->parameters(),
                                torch::optim::AdamOptions(config.learningRate));
    torch::optim::Adam seriesOpt(model.series->parameters(),
                                 torch::optim::AdamOptions(config.learningRate));
    Checkpoint ck{o.outDir / "checkpoint"};
    std::filesystem::create_directories(o.outDir);
    std::ofstream log(o.outDir / "train.log", std::ios::app);
    if (o.resume && std::filesystem::exists(ck.dir / "state.json")) {
        loadCheckpoint(model, grainOpt, seriesOpt, ck, device);
        log << "resumed at " << ck.phase << " step " << ck.step << std::endl;
    } else {
        log << "start: " << o.command << "\ndevice " << device.str() << "\n"
            << data.train.size() << " training / " << data.test.size()
            << " held-out examples, classes " << nlohmann::json(data.classes).dump() << std::endl;
    }

    training::LossReporter reporter(log, o.progress, true);
    int budget = o.stopAfterSteps;
    auto outOfBudget = [&budget, &log, &ck] {
        if (budget < 0 || --budget > 0)
            return false;
        log << "stopped at " << ck.phase << " step " << ck.step << " (checkpoint kept)"
            << std::endl;
        return true;
    };
    // Report, checkpoint, and tell whether this run's step budget is used up.
    auto afterStep = [&](const char* phase, int done, int total, int remainingAfter) {
        if (done % o.reportEvery == 0 || done == total)
            reporter.report(phase, done, total, remainingAfter);
        const bool stop = o.stopAfterSteps >= 0 && budget == 1;
        if (done % o.checkpointEvery == 0 || done == total || stop) {
            ck.step = done;
            saveCheckpoint(model, grainOpt, seriesOpt, ck);
        }
        return outOfBudget();
    };
    const MultiScaleSpectralLoss loss(config.fftSizes, config.melFftSizes, config.sampleRate,
                                      config.melMinHz, device);
    if (ck.phase == "grain") {
        model.grain->train();
        for (int step = ck.step; step < config.grainSteps; ++step) {
            const auto seed = stepSeed(config.seed, 0, step);
            torch::manual_seed(seed);
            auto [x, c] = drawCrops(seed, config, audio, classes);
            if (config.augmentSemitones > 0.0)
                x = resampleRows(
                    x, randomSemitones(seed, x.size(0), config.augmentSemitones, x.device()));
            setLearningRate(grainOpt, decayedRate(config.learningRate, step, config.grainSteps));
            const auto q = model.grain->encode(x, c);
            const auto y = model.grain->decode(reparameterise(q), c);
            const auto terms = loss(x, y);
            const auto kl = klDivergence(q);
            const double beta =
                config.beta *
                std::min(1.0, static_cast<double>(step) / std::max(1, config.betaWarmupSteps));
            const auto total = terms.spectral + terms.mel + beta * kl;
            grainOpt.zero_grad();
            total.backward();
            torch::nn::utils::clip_grad_norm_(model.grain->parameters(), 10.0);
            grainOpt.step();
            reporter.add({{"spectral", terms.spectral.item<double>()},
                          {"mel", terms.mel.item<double>()},
                          {"kl", kl.item<double>()}});
            if (afterStep("grain", step + 1, config.grainSteps, config.seriesSteps))
                return false;
        }
        ck.phase = "series";
        ck.step = 0;
        saveCheckpoint(model, grainOpt, seriesOpt, ck);
    }

    model.grain->eval();
    const auto zAll = encodeAll(model, audio, classes);
    model.series->train();
    for (int step = ck.step; step < config.seriesSteps; ++step) {
        const auto seed = stepSeed(config.seed, 1, step);
        torch::manual_seed(seed);
        const auto idx = batchIndex(seed, config.batchSize, m).to(device);
        const auto z = zAll.index_select(0, idx);
        const auto c = classes.index_select(0, idx);
        setLearningRate(seriesOpt, decayedRate(config.learningRate, step, config.seriesSteps));
        const auto q = model.series->encode(z, c);
        const auto zHat = model.series->decode(reparameterise(q), c, config.numGrains);
        const auto mse = torch::mse_loss(zHat, z);
        const auto kl = klDivergence(q);
        const auto total = mse + config.seriesBeta * kl;
        seriesOpt.zero_grad();
        total.backward();
        torch::nn::utils::clip_grad_norm_(model.series->parameters(), 10.0);
        seriesOpt.step();
        reporter.add({{"mse", mse.item<double>()}, {"kl", kl.item<double>()}});
        if (afterStep("series", step + 1, config.seriesSteps, 0))
            return false;
    }
    model.series->eval();
    model.grain->to(torch::kCPU);
    model.series->to(torch::kCPU);
    const auto zCpu = zAll.to(torch::kCPU);
    const auto classesCpu = classes.to(torch::kCPU);

    computeClassStatistics(model, zCpu, classesCpu);
    std::vector<int> grainClass;
    for (int64_t i = 0; i < m; ++i)
        for (int g = 0; g < config.numGrains; ++g)
            grainClass.push_back(static_cast<int>(classesCpu[i].item<int64_t>()));
    model.map = computeGrainMap(zCpu.reshape({-1, config.latentDim}), grainClass, 4, 6000);
    model.provenance["grainSteps"] = config.grainSteps;
    model.provenance["seriesSteps"] = config.seriesSteps;
    model.provenance["finalLosses"] = reporter.last();
    saveModelFolder(model, o.outDir);
    log << "model written to " << o.outDir.string() << std::endl;
    return true;
}

} // namespace latentrack::models::granular
