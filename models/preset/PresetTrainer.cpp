#include "models/preset/PresetTrainer.h"

#include <cmath>
#include <fstream>
#include <random>

#include "core/io/AtomicFile.h"
#include "models/preset/PresetDataset.h"
#include "models/preset/PresetLoss.h"
#include "models/preset/PresetModelIo.h"
#include "models/preset/PresetRepresentation.h"
#include "models/training/TrainSupport.h"

namespace latentrack::models::preset {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

/// The dataset as tensors: quantised spectrograms [N, M·F] uint8 and the targets.
struct TensorSet {
    torch::Tensor mels;
    PresetTargets targets;
    int64_t size() const { return mels.size(0); }
};

TensorSet tensors(const PresetDataset& data, const std::vector<int>& ids, double labelSmoothing) {
    const auto& c = data.config();
    const int64_t bytes = static_cast<int64_t>(c.mels) * c.frames;
    TensorSet s;
    s.mels = torch::empty({static_cast<int64_t>(ids.size()), bytes}, torch::kUInt8);
    std::vector<core::fm::DxVoice> voices;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto m = data.mel(ids[i]);
        std::copy(m.begin(), m.end(), s.mels[static_cast<int64_t>(i)].data_ptr<std::uint8_t>());
        voices.push_back(data.voice(ids[i]));
    }
    s.targets = presetTargets(voices, labelSmoothing);
    return s;
}

/// Rows of a set as a batch on the device: spectrograms [B, 1, M, F] scaled to [−1, 1].
std::pair<torch::Tensor, PresetTargets> batchOf(const TensorSet& s, const torch::Tensor& idx,
                                                const PresetConfig& c, torch::Device device) {
    const auto mels = s.mels.index_select(0, idx).to(torch::kFloat32).div(255.0).mul(2.0).sub(1.0);
    PresetTargets t;
    t.numeric = s.targets.numeric.index_select(0, idx).to(device);
    t.classes = s.targets.classes.index_select(0, idx).to(device);
    t.numericMask = s.targets.numericMask.index_select(0, idx).to(device);
    t.categoricalMask = s.targets.categoricalMask.index_select(0, idx).to(device);
    t.invertible = s.targets.invertible.index_select(0, idx).to(device);
    // Stored frame-major ([F, M]); the network sees [1, M, F].
    return {mels.view({-1, c.frames, c.mels}).transpose(1, 2).unsqueeze(1).contiguous().to(device),
            t};
}

void checkDatasetMatches(const PresetConfig& data, const PresetConfig& run) {
    const json a = data, b = run;
    for (const char* key :
         {"sampleRate", "note", "velocity", "holdSeconds", "releaseSeconds", "fftSize", "hop",
          "mels", "frames", "minHz", "maxHz", "floorDb", "ceilingDb"})
        if (a.at(key) != b.at(key))
            throw std::runtime_error(std::string("the dataset was rendered with ") + key + " = " +
                                     a.at(key).dump() + ", the " + run.name +
                                     " configuration asks for " + b.at(key).dump() +
                                     " (build it with --config " + run.name + ")");
}

struct Trainee {
    PresetModel model;
    torch::optim::Adam opt;
    explicit Trainee(const PresetConfig& c)
        : model(c, PresetRepresentation::shared().vectorSize()),
          opt(model->parameters(), torch::optim::AdamOptions(c.learningRate)) {}
};

void saveCheckpoint(Trainee& t, const fs::path& dir, int step, const PresetConfig& c) {
    training::saveCheckpointPart(dir, "model.pt", t.model);
    training::saveCheckpointPart(dir, "opt.pt", t.opt);
    training::saveCheckpointState(dir, step, json(c));
}

int loadCheckpoint(Trainee& t, const fs::path& dir, const PresetConfig& c, torch::Device device) {
    const int step = training::loadCheckpointState(dir, c).at("step").get<int>();
    torch::load(t.model, (dir / "model.pt").string(), device);
    torch::load(t.opt, (dir / "opt.pt").string(), device);
    return step;
}

std::map<std::string, double> validate(PresetModel& model, const TensorSet& valid,
                                       const PresetConfig& c, torch::Device device) {
    torch::NoGradGuard g;
    model->eval();
    const auto idx = torch::arange(valid.size(), torch::kLong);
    const auto [x, t] = batchOf(valid, idx, c, device);
    const auto l = presetLoss(model, x, t, c.beta, false);
    model->train();
    return {{"val_spec", l.spectrogram.item<double>()},
            {"val_num", l.numeric.item<double>()},
            {"val_cat", l.categorical.item<double>()},
            {"val_lat", l.latent.item<double>()}};
}

} // namespace

bool trainPreset(const PresetTrainOptions& o) {
    const auto& c = o.config;
    c.validate();
    torch::set_num_threads(std::max(1, o.threads));
    const PresetDataset data(o.dataDir);
    checkDatasetMatches(data.config(), c);
    const auto trainIds = data.indices(PresetSplit::Train);
    const auto validIds = data.indices(PresetSplit::Validation);
    if (trainIds.empty() || validIds.empty())
        throw std::runtime_error(o.dataDir.string() + ": no training or no validation presets");
    const auto train = tensors(data, trainIds, c.labelSmoothing);
    const auto valid = tensors(data, validIds, c.labelSmoothing);
    const auto device = training::chooseDevice(o.device);
    torch::manual_seed(c.seed);
    Trainee t(c);
    t.model->to(device);

    const fs::path ckDir = o.outDir / "checkpoint";
    fs::create_directories(o.outDir);
    std::ofstream log(o.outDir / "train.log", std::ios::app);
    int step = 0;
    if (o.resume && fs::exists(ckDir / "state.json")) {
        step = loadCheckpoint(t, ckDir, c, device);
        log << "resumed at step " << step << std::endl;
    } else {
        log << "start: " << o.command << "\ndevice " << device.str() << ", " << trainIds.size()
            << " training presets, " << validIds.size() << " validation presets" << std::endl;
    }
    training::LossReporter reporter(log, o.progress, false);
    training::StepSchedule schedule(c.steps, o.reportEvery, o.checkpointEvery, o.stopAfterSteps);
    int nonFinite = 0;
    t.model->train();
    for (; step < c.steps; ++step) {
        std::mt19937_64 rng(c.seed * 1000003ULL + static_cast<std::uint64_t>(step));
        torch::manual_seed(c.seed + static_cast<std::uint64_t>(step) * 7919ULL);
        std::uniform_int_distribution<int64_t> pick(0, train.size() - 1);
        std::vector<int64_t> rows(static_cast<std::size_t>(c.batchSize));
        for (auto& r : rows)
            r = pick(rng);
        const auto [x, targets] = batchOf(train, torch::tensor(rows, torch::kLong), c, device);
        const double beta = c.betaWarmup > 0
                                ? c.beta * std::min(1.0, static_cast<double>(step) / c.betaWarmup)
                                : c.beta;
        const auto l = presetLoss(t.model, x, targets, beta, true);
        t.opt.zero_grad();
        const double total = l.total.item<double>();
        bool ok = std::isfinite(total);
        if (ok) {
            l.total.backward();
            ok = std::isfinite(torch::nn::utils::clip_grad_norm_(t.model->parameters(), 10.0));
        }
        if (!ok) {
            t.opt.zero_grad();
            if (++nonFinite > 20)
                throw std::runtime_error("training diverged: 20 non-finite losses or gradients in "
                                         "a row at step " +
                                         std::to_string(step) +
                                         " (the last good checkpoint is kept)");
            log << "step " << step << ": non-finite loss or gradient, batch skipped" << std::endl;
            continue;
        }
        nonFinite = 0;
        t.opt.step();
        std::map<std::string, double> terms = {{"spec", l.spectrogram.item<double>()},
                                               {"kl", l.kl.item<double>()},
                                               {"num", l.numeric.item<double>()},
                                               {"cat", l.categorical.item<double>()},
                                               {"lat", l.latent.item<double>()}};
        const int done = step + 1;
        if (done % 500 == 0 || done == c.steps) {
            const auto v = validate(t.model, valid, c, device);
            log << "validation at step " << done;
            for (const auto& [k, val] : v)
                log << " " << k << " " << val;
            log << std::endl;
        }
        reporter.add(terms);
        const auto due = schedule.after(done);
        if (due.report)
            reporter.report("preset", done, c.steps);
        if (due.checkpoint)
            saveCheckpoint(t, ckDir, done, c);
        if (due.stop) {
            log << "stopped at step " << done << " (checkpoint kept)" << std::endl;
            return false;
        }
    }

    PresetBundle bundle;
    t.model->to(torch::kCPU);
    t.model->eval();
    bundle.model = t.model;
    bundle.provenance = {{"data", o.dataDir.lexically_normal().string()},
                         {"trainPresets", trainIds.size()},
                         {"validationPresets", validIds.size()},
                         {"testPresets", data.indices(PresetSplit::Test).size()},
                         {"finalLosses", reporter.last()},
                         {"command", o.command}};
    savePresetModel(o.outDir, bundle);
    log << "model written to " << o.outDir.string() << std::endl;
    return true;
}

} // namespace latentrack::models::preset
