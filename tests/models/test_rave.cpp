// The RAVE-style model's parts: PQMF near-perfect reconstruction and band separation, the
// causal streaming convolutions and the whole model streaming block by block exactly as one
// offline call, and a few training steps lowering the loss on real audio.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/dsp/Correlation.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "models/dataset/PerformanceDataset.h"
#include "models/rave/AttributeRegressor.h"
#include "models/rave/LatentDiscriminator.h"
#include "models/rave/LoudnessDescriptors.h"
#include "models/rave/RaveData.h"
#include "models/rave/RaveLoss.h"
#include "models/rave/RaveModel.h"
#include "models/rave/RaveModelIo.h"
#include "models/rave/RaveStreamDecoder.h"
#include "models/rave/RaveTrainer.h"
#include "models/rave/RaveVoice.h"
#include "models/rave/SpectralDescriptors.h"
#include "models/rave/WaveDiscriminator.h"
#include "tests/models/RaveTestUtil.h"

using namespace latentrack::models::rave;

namespace {

double snrDb(const torch::Tensor& reference, const torch::Tensor& test) {
    const double signal = reference.square().sum().item<double>();
    const double noise = (reference - test).square().sum().item<double>();
    return 10.0 * std::log10(signal / std::max(noise, 1e-30));
}

RaveConfig tinyConfig() {
    return latentrack::test::tinyRaveConfig();
}

/// Concatenates `blocks` along the last dimension.
torch::Tensor joined(const std::vector<torch::Tensor>& blocks) {
    return torch::cat(blocks, -1);
}

} // namespace

TEST(Pqmf, ReconstructsNearPerfectlyWithItsLatency) {
    torch::manual_seed(1);
    for (int bands : {2, 4, 8, 16}) {
        Pqmf pqmf(bands);
        const auto x = torch::randn({2, 8192});
        const auto y = pqmf.synthesise(pqmf.analyse(x));
        ASSERT_EQ(y.sizes(), x.sizes());
        const int lag = pqmf.latency();
        const auto delayed = x.narrow(1, 0, 8192 - lag);
        const auto aligned = y.narrow(1, lag, 8192 - lag);
        EXPECT_GT(snrDb(delayed, aligned), 40.0) << bands << " bands";
    }
}

TEST(Pqmf, ASineLandsInItsOwnBand) {
    Pqmf pqmf(8);
    const double sr = 16000.0;
    for (int k : {0, 3, 6}) {
        const double hz = (k + 0.5) * sr / 2.0 / 8.0; // the centre of band k
        auto x = torch::empty({1, 8192});
        auto a = x.accessor<float, 2>();
        for (int i = 0; i < 8192; ++i)
            a[0][i] = static_cast<float>(std::sin(2.0 * std::numbers::pi * hz * i / sr));
        const auto energy = pqmf.analyse(x).square().sum(2).squeeze(0); // [M]
        EXPECT_GT(energy[k].item<double>() / energy.sum().item<double>(), 0.99) << "band " << k;
    }
}

TEST(Pqmf, StreamsBlockByBlockAsOneCall) {
    torch::manual_seed(2);
    Pqmf pqmf(8);
    const auto x = torch::randn({2, 8 * 300});
    const auto bandsOffline = pqmf.analyse(x);
    const auto audioOffline = pqmf.synthesise(bandsOffline);
    for (int block : {8, 32, 8 * 25, 8 * 100}) {
        pqmf.resetStream();
        std::vector<torch::Tensor> bands, audio;
        for (int at = 0; at < x.size(1); at += block) {
            bands.push_back(pqmf.analyse(x.narrow(1, at, block), true));
            audio.push_back(pqmf.synthesise(bands.back(), true));
        }
        EXPECT_TRUE(torch::allclose(joined(bands), bandsOffline, 1e-5, 1e-6)) << block;
        EXPECT_TRUE(torch::allclose(joined(audio), audioOffline, 1e-5, 1e-6)) << block;
    }
    EXPECT_THROW(pqmf.analyse(torch::zeros({1, 12})), std::invalid_argument);
    EXPECT_THROW(Pqmf(6), std::invalid_argument);
}

class RaveStreaming : public ::testing::TestWithParam<int> {};

INSTANTIATE_TEST_SUITE_P(NoiseBands, RaveStreaming, ::testing::Values(0, 3));

TEST_P(RaveStreaming, DecoderAndEncoderStreamAsOneOfflineCall) {
    torch::manual_seed(3);
    torch::NoGradGuard noGrad;
    auto c = tinyConfig();
    c.noiseBands = GetParam();
    RaveModel model(c);
    model->eval();
    if (c.noiseBands > 0) { // noise loud enough to matter
        for (auto& p : model->named_parameters())
            if (p.key() == "decoder.noise.conv.bias")
                p.value().fill_(4.0);
    }
    const int frames = 24;
    const auto z = torch::randn({2, c.latentDim, frames});
    const auto attributes = torch::rand({2, c.attributes, frames}) * 2 - 1;
    const auto offline = model->decode(z, attributes);
    ASSERT_EQ(offline.size(1), frames * model->compression());
    for (int block : {1, 2, 5, 12}) {
        model->setStreaming(true);
        std::vector<torch::Tensor> out;
        for (int at = 0; at + block <= frames; at += block)
            out.push_back(model->decode(z.narrow(2, at, block), attributes.narrow(2, at, block)));
        const auto streamed = joined(out);
        EXPECT_TRUE(torch::allclose(streamed, offline.narrow(1, 0, streamed.size(1)), 1e-4, 1e-5))
            << "decoder, blocks of " << block << " latent frames; max difference "
            << (streamed - offline.narrow(1, 0, streamed.size(1))).abs().max().item<float>();
    }
    const auto audio = torch::randn({1, frames * model->compression()}) * 0.3;
    model->setStreaming(false);
    const auto encoded = model->encode(audio).mean;
    for (int block : {1, 3, 8}) {
        model->setStreaming(true);
        std::vector<torch::Tensor> out;
        const int samples = block * model->compression();
        for (int at = 0; at + samples <= audio.size(1); at += samples)
            out.push_back(model->encode(audio.narrow(1, at, samples)).mean);
        const auto streamed = joined(out);
        EXPECT_TRUE(torch::allclose(streamed, encoded.narrow(2, 0, streamed.size(2)), 1e-4, 1e-5))
            << "encoder, blocks of " << block << " latent frames";
    }
    model->setStreaming(false);
    EXPECT_TRUE(torch::equal(model->decode(z, attributes), offline)) << "offline restarts";
    EXPECT_THROW(model->decode(z, torch::zeros({2, 3, frames})), std::invalid_argument);
    EXPECT_THROW(model->encode(torch::zeros({1, 100})), std::invalid_argument);
}

TEST(RaveModel, TheNoiseGeneratorAddsEachBandsSubBandNoiseByItsAmplitude) {
    torch::manual_seed(5);
    torch::NoGradGuard noGrad;
    auto c = tinyConfig();
    c.noiseBands = 4;
    RaveModel model(c);
    model->eval();
    torch::Tensor bias;
    for (auto& p : model->named_parameters())
        if (p.key() == "decoder.noise.conv.bias")
            bias = p.value();
    ASSERT_TRUE(bias.defined());
    const int frames = 8;
    const auto z = torch::randn({1, c.latentDim, frames});
    const auto attributes = torch::zeros({1, c.attributes, frames});
    bias.fill_(-40.0); // every amplitude 0
    const auto quiet = model->decodeBands(z, attributes);
    bias[2 * c.noiseBands + 3] = 45.0; // band 2, sub-band 3: amplitude 1
    const auto noisy = model->decodeBands(z, attributes);
    const auto added = noisy - quiet; // [1, M, T/M]
    const auto& table = model->decoder().noiseTable();
    ASSERT_EQ(table.sizes(), (std::vector<int64_t>{c.bands, c.noiseBands, 8192}));
    const auto expected = table[2][3].narrow(0, 0, added.size(2));
    EXPECT_TRUE(torch::allclose(added[0][2], expected, 1e-5, 1e-6));
    EXPECT_LT(added.abs().sum().item<double>() - added[0][2].abs().sum().item<double>(), 1e-4)
        << "no other band moved";
    // Sub-band 3 of 4 holds the top quarter of the band's spectrum, looped without a seam.
    const auto power = torch::fft::rfft(table[2][3]).abs().square();
    const auto bins = power.size(0);
    EXPECT_GT(power.narrow(0, 3 * bins / 4, bins - 3 * bins / 4).sum().item<double>(),
              0.999 * power.sum().item<double>());
    EXPECT_GT(table[2][3].abs().max().item<double>(), 0.1);
    EXPECT_FALSE(torch::allclose(table[0][0], table[1][0])) << "each band its own noise";
}

TEST(RaveModel, TrainingLowersTheLossOnRealAudio) {
    torch::manual_seed(4);
    auto kit = latentrack::core::io::readAudioFile(
        "/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0/PearlSnare-Hard.wav");
    kit = latentrack::core::io::resample(kit, 16000.0);
    auto mono = latentrack::core::io::toMono(kit);
    const auto c = tinyConfig();
    mono.resize(static_cast<std::size_t>(c.windowSize), 0.0f);
    const auto audio = torch::from_blob(mono.data(), {1, c.windowSize}).clone().repeat({2, 1});
    const auto attributes = torch::zeros({2, c.attributes, c.latentFrames()});
    RaveModel model(c);
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(2e-3));
    double first = 0.0;
    double last = 0.0;
    for (int step = 0; step < 60; ++step) {
        const auto loss = reconstructionLoss(model, audio, attributes, 0.0);
        adam.zero_grad();
        loss.total.backward();
        adam.step();
        const double value = loss.fullBand.item<double>();
        ASSERT_TRUE(std::isfinite(value));
        if (step == 0)
            first = value;
        last = value;
    }
    EXPECT_LT(last, 0.8 * first) << "full-band STFT distance " << first << " → " << last;
}

TEST(RaveLoss, TheLogMelTermReadsLevelDifferencesOnTheMelScale) {
    // White noise fills every band far above the 1e-10 floor.
    torch::manual_seed(7);
    const auto noise = 0.1 * torch::randn({1, 16384});
    EXPECT_NEAR(logMelDistance(noise, noise, 16000).item<double>(), 0.0, 1e-9);
    // 20 dB down everywhere: the power ratio is 100, the term half its natural log.
    EXPECT_NEAR(logMelDistance(noise, 0.1 * noise, 16000).item<double>(), 0.5 * std::log(100.0),
                1e-3);
    // A sine at 200 Hz against one at 400 Hz: each puts its power in bands the other leaves
    // near the floor, far more than a 6 dB level change of the same sine (½·ln 4).
    const auto t = torch::arange(16384, torch::kFloat32).unsqueeze(0) / 16000.0;
    const auto low = torch::sin(2.0 * std::numbers::pi * 200.0 * t);
    const auto high = torch::sin(2.0 * std::numbers::pi * 400.0 * t);
    const double halved = logMelDistance(low, 0.5 * low, 16000).item<double>();
    EXPECT_NEAR(halved, 0.5 * std::log(4.0), 0.05);
    EXPECT_GT(logMelDistance(low, high, 16000).item<double>(), 2.0 * halved);
    auto kit = latentrack::core::io::readAudioFile(
        "/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0/PearlSnare-Hard.wav");
    kit = latentrack::core::io::resample(kit, 16000.0);
    auto mono = latentrack::core::io::toMono(kit);
    mono.resize(16384, 0.0f);
    // Off by default: the term is 0 and the total is what it was.
    auto c = tinyConfig();
    ASSERT_EQ(c.melWeight, 0.0);
    RaveModel model(c);
    torch::manual_seed(2);
    const auto input = torch::from_blob(mono.data(), {1, c.windowSize}).clone();
    const auto attributes = torch::zeros({1, c.attributes, c.latentFrames()});
    const auto off = reconstructionLoss(model, input, attributes, 0.0);
    EXPECT_EQ(off.mel.item<double>(), 0.0);
    c.melWeight = 2.0;
    RaveModel weighted(c);
    torch::NoGradGuard g;
    for (std::size_t i = 0; i < model->parameters().size(); ++i)
        weighted->parameters()[i].copy_(model->parameters()[i]);
    torch::manual_seed(2);
    const auto on = reconstructionLoss(weighted, input, attributes, 0.0);
    EXPECT_GT(on.mel.item<double>(), 0.0);
    EXPECT_NEAR(on.total.item<double>() - off.total.item<double>(), 2.0 * on.mel.item<double>(),
                1e-3 * on.total.item<double>());
}

namespace {

/// A small percussion dataset built once for the data and trainer tests.
const std::filesystem::path& tinyPercussion() {
    static const std::filesystem::path dir = [] {
        const auto d = std::filesystem::temp_directory_path() /
                       ("latentrack-rave-tiny-perc-" + std::to_string(::getpid()));
        std::filesystem::remove_all(d);
        latentrack::models::dataset::PerformanceDatasetOptions o;
        o.outDir = d;
        o.trainCount = 2;
        o.heldOutCount = 1;
        latentrack::models::dataset::buildPercussionDataset(o, {});
        return d;
    }();
    return dir;
}

} // namespace

TEST(RaveData, RecordingsCarryNormalisedDescriptorsPerLatentFrame) {
    const auto c = tinyConfig();
    const auto data = loadRaveDataset(tinyPercussion(), c);
    ASSERT_EQ(data.train.size(), 2u);
    ASSERT_EQ(data.test.size(), 2u) << "the unseen kit and the recorded tabla loop";
    for (const auto& r : data.train) {
        ASSERT_EQ(r.attributes.size(), r.audio.size() / static_cast<std::size_t>(c.compression()));
        for (const auto& a : r.attributes)
            for (float v : a)
                ASSERT_TRUE(v >= -1.0001f && v <= 1.0001f);
    }
    EXPECT_GT(data.range.max[0], data.range.min[0]) << "RMS varies over a performance";
    std::mt19937_64 rng(1);
    const auto batch = sampleBatch(data, c, rng);
    EXPECT_EQ(batch.audio.sizes(), (std::vector<int64_t>{c.batchSize, c.windowSize}));
    EXPECT_EQ(batch.attributes.sizes(),
              (std::vector<int64_t>{c.batchSize, c.attributes, c.latentFrames()}));
    EXPECT_GE(batch.bins.min().item<int64_t>(), 0);
    EXPECT_LT(batch.bins.max().item<int64_t>(), c.attributeBins);
    // Equal-population bins: over the training frames each bin holds about 1/16 of them.
    const auto all = windowOf(data.train[0], 0, data, c).bins;
    EXPECT_GT(std::get<0>(at::_unique(all)).numel(), 4);
    EXPECT_THROW(loadRaveDataset("/nonexistent", c), std::runtime_error);
}

namespace {

/// The tiny config for `steps` training steps: batches of 2, β and λ from step 1.
RaveConfig trainingConfig(int steps) {
    auto c = tinyConfig();
    c.steps = steps;
    c.batchSize = 2;
    c.betaDelay = 1;
    c.lambdaDelay = 1;
    return c;
}

RaveTrainOptions trainingOptions(const RaveConfig& c) {
    RaveTrainOptions o;
    o.dataDir = tinyPercussion();
    o.config = c;
    o.threads = 1;
    o.device = "cpu";
    o.reportEvery = 1;
    return o;
}

/// An empty folder of the temporary directory, named `prefix` and the process id.
std::filesystem::path freshFolder(const std::string& prefix) {
    const auto root =
        std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    return root;
}

} // namespace

TEST(RaveTrainer, AResumedRunEqualsAnUninterruptedOneAndTheModelLoads) {
    auto c = trainingConfig(4);
    c.consistencyDelay = 1; // the regressor from step 0, the consistency term from step 1
    c.consistencySpectral = true;
    const auto root = freshFolder("latentrack-rave-train-");
    auto o = trainingOptions(c);
    o.outDir = root / "straight";
    ASSERT_TRUE(trainRave(o));
    o.outDir = root / "resumed";
    o.stopAfterSteps = 2;
    ASSERT_FALSE(trainRave(o)) << "stopped after 2 of 4 steps";
    o.stopAfterSteps = -1;
    o.resume = true;
    ASSERT_TRUE(trainRave(o));
    const auto a = loadRaveModel(root / "straight");
    const auto b = loadRaveModel(root / "resumed");
    const auto pa = a.model->parameters();
    const auto pb = b.model->parameters();
    ASSERT_EQ(pa.size(), pb.size());
    for (std::size_t i = 0; i < pa.size(); ++i)
        ASSERT_TRUE(torch::allclose(pa[i], pb[i], 1e-5, 1e-6)) << "parameter " << i;
    EXPECT_EQ(a.config().variant, RaveVariant::FRave);
    EXPECT_EQ(a.binEdges.size(), 5u);
    EXPECT_TRUE(std::filesystem::exists(root / "resumed" / "checkpoint" / "regressor.pt"));
    const auto log = latentrack::core::io::readFile(root / "straight" / "train.log");
    EXPECT_NE(log.find("attr "), std::string::npos) << log;
    EXPECT_NE(log.find("reg_dec "), std::string::npos) << log;
    EXPECT_TRUE(a.config().consistencySpectral);
    // A checkpoint from before a setting existed resumes with the setting's default.
    {
        const auto statePath = root / "resumed" / "checkpoint" / "state.json";
        auto state = nlohmann::json::parse(latentrack::core::io::readFile(statePath));
        ASSERT_TRUE(state["config"].erase("consistencyOscillatorOnly"));
        latentrack::core::io::writeFileAtomically(statePath, state.dump());
        auto longer = o;
        longer.config.steps = 5;
        longer.outDir = root / "resumed";
        EXPECT_TRUE(trainRave(longer));
    }
    // The regressor alone reading all five (the shipped models' term) trains too.
    auto regressorOnly = trainingOptions(trainingConfig(2));
    regressorOnly.config.consistencyDelay = 1;
    regressorOnly.outDir = root / "regressor";
    ASSERT_TRUE(trainRave(regressorOnly));
    EXPECT_FALSE(loadRaveModel(root / "regressor").config().consistencySpectral);
    EXPECT_NE(latentrack::core::io::readFile(root / "regressor" / "train.log").find("attr "),
              std::string::npos);
    // A resume with another configuration is refused with the field that differs.
    o.config.latentDim = 8;
    o.outDir = root / "resumed";
    try {
        trainRave(o);
        FAIL() << "a checkpoint of another configuration was resumed";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("latentDim"), std::string::npos) << e.what();
    }
}

TEST(RaveTrainer, TheConsistencyTermOnTheOscillatorAloneTrainsOnlyItsParameters) {
    auto c = trainingConfig(3);
    c.harmonics = 2;
    c.pitchInput = true;
    c.consistencyDelay = 0; // the regressor from step 0, the term's weight from step 1
    c.consistencyWeight = 1000.0;
    c.consistencyOscillatorOnly = true;
    RaveModel model(c);
    const auto scoped = model->decoder().oscillatorParameters();
    std::size_t oscillator = 0;
    for (const auto& p : model->named_parameters())
        oscillator += p.key().rfind("decoder.harmonic.", 0) == 0 ? 1 : 0;
    ASSERT_GT(oscillator, 0u);
    EXPECT_EQ(scoped.size(), oscillator);
    EXPECT_LT(scoped.size(), model->parameters().size());
    const auto decoderParameters = model->decoder().named_parameters();
    for (const auto& p : scoped) // the very tensors the optimiser steps
        EXPECT_TRUE(
            std::any_of(decoderParameters.begin(), decoderParameters.end(), [&](const auto& q) {
                return q.key().rfind("harmonic.", 0) == 0 && q.value().is_same(p);
            }));
    EXPECT_THROW(RaveModel(trainingConfig(3))->decoder().oscillatorParameters(), std::logic_error);
    // The term's gradient reaches the oscillator alone; backward() would reach the waveform path.
    const auto z = torch::randn({2, c.latentDim, 4});
    const auto attributes = torch::rand({2, c.attributes, 4}) * 2.0 - 1.0;
    const auto pitch = torch::full({2, 4}, 57.0);
    auto term = [&] { return model->decode(z, attributes, pitch).pow(2).mean(); };
    addOscillatorGradient(term(), model);
    for (const auto& p : model->named_parameters()) {
        const bool inOscillator = p.key().rfind("decoder.harmonic.", 0) == 0;
        const bool moved =
            p.value().grad().defined() && p.value().grad().abs().sum().item<float>() > 0;
        if (!inOscillator) {
            EXPECT_FALSE(moved) << p.key();
        }
    }
    float oscillatorGradient = 0.0f;
    for (const auto& p : scoped)
        oscillatorGradient += p.grad().defined() ? p.grad().abs().sum().item<float>() : 0.0f;
    EXPECT_GT(oscillatorGradient, 0.0f);
    term().backward();
    float waveformGradient = 0.0f;
    for (const auto& p : model->decoder().named_parameters())
        if (p.key().rfind("harmonic.", 0) != 0 && p.value().grad().defined())
            waveformGradient += p.value().grad().abs().sum().item<float>();
    EXPECT_GT(waveformGradient, 0.0f) << "the check above can fail";
    auto noOscillator = trainingConfig(3);
    noOscillator.consistencyOscillatorOnly = true;
    EXPECT_THROW(noOscillator.validate(), std::invalid_argument);
    auto loudnessAlone = c;
    loudnessAlone.consistencyLoudness = true;
    EXPECT_THROW(loudnessAlone.validate(), std::invalid_argument) << "needs consistencySpectral";

    // Trained with every descriptor read from the audio (the loudness ones through
    // LoudnessDescriptors' gradient).
    c.consistencySpectral = true;
    c.consistencyLoudness = true;

    const auto root = freshFolder("latentrack-rave-oscillator-consistency-");
    auto o = trainingOptions(c);
    o.outDir = root;
    ASSERT_TRUE(trainRave(o));
    const auto trained = loadRaveModel(root);
    EXPECT_TRUE(trained.config().consistencyOscillatorOnly);
    EXPECT_TRUE(trained.config().consistencyLoudness);
    const auto log = latentrack::core::io::readFile(root / "train.log");
    EXPECT_NE(log.find("attr "), std::string::npos) << log;
    EXPECT_EQ(log.find("reg_dec "), std::string::npos) << "every attribute measured: no regressor";
    for (const auto& p : trained.model->parameters())
        ASSERT_TRUE(torch::isfinite(p).all().item<bool>());
}

TEST(RaveTrainer, AFinishedModelContinuesAtItsStepWithItsWeights) {
    auto c = trainingConfig(2);
    c.consistencyWeight = 0.0;
    c.seed = 7;
    const auto root = freshFolder("latentrack-rave-init-");
    auto o = trainingOptions(c);
    o.outDir = root / "first";
    ASSERT_TRUE(trainRave(o));
    // One more step, another seed (another initialisation), the consistency term on.
    o.config.steps = 3;
    o.config.seed = 1234;
    o.config.consistencyWeight = 10.0;
    o.config.consistencyDelay = 2;
    o.initFrom = root / "first";
    o.outDir = root / "continued";
    ASSERT_TRUE(trainRave(o));
    const auto first = loadRaveModel(root / "first");
    const auto continued = loadRaveModel(root / "continued");
    const auto pa = first.model->parameters();
    const auto pb = continued.model->parameters();
    ASSERT_EQ(pa.size(), pb.size());
    double largest = 0.0;
    for (std::size_t i = 0; i < pa.size(); ++i)
        largest = std::max(largest, (pa[i] - pb[i]).abs().max().item<double>());
    // Adam's first step moves each weight by at most the learning rate; a model initialised
    // from seed 1234 would be far from seed 7's.
    EXPECT_LE(largest, 1.5 * c.learningRate);
    EXPECT_GT(largest, 0.0);
    const auto log = latentrack::core::io::readFile(root / "continued" / "train.log");
    EXPECT_NE(log.find("initialised from"), std::string::npos) << log;
    EXPECT_NE(log.find("at step 2"), std::string::npos) << log;
    // A harmonic oscillator may be added: it starts fresh, every other weight continues.
    o.outDir = root / "oscillator";
    o.config.harmonics = 2;
    ASSERT_TRUE(trainRave(o));
    const auto oscillator = loadRaveModel(root / "oscillator");
    EXPECT_EQ(oscillator.config().harmonics, 2);
    EXPECT_TRUE(oscillator.model->decoder().hasOscillator());
    EXPECT_NE(latentrack::core::io::readFile(root / "oscillator" / "train.log").find("pitch "),
              std::string::npos);
    // So may the oscillator's filtered noise, to a model that has the oscillator: the
    // oscillator's head continues with its weights.
    o.initFrom = root / "oscillator";
    o.outDir = root / "noise";
    o.config.steps = 4;
    o.config.oscillatorNoiseBands = 3;
    ASSERT_TRUE(trainRave(o));
    const auto noise = loadRaveModel(root / "noise");
    EXPECT_EQ(noise.config().oscillatorNoiseBands, 3);
    EXPECT_EQ(noise.model->decoder().oscillatorNoiseTable().size(0), 3);
    {
        auto before = oscillator.model->named_parameters();
        double largest = 0.0;
        for (const auto& p : noise.model->named_parameters())
            if (const auto* b = before.find(p.key()))
                largest = std::max(largest, (p.value() - *b).abs().max().item<double>());
        EXPECT_LE(largest, 1.5 * c.learningRate) << "the oscillator's weights continued";
    }
    o.initFrom = root / "first";
    o.config.steps = 3;
    o.config.oscillatorNoiseBands = 0;
    o.config.harmonics = 0;
    // Another architecture, or no steps left, is refused with the reason.
    o.outDir = root / "other";
    o.config.latentDim = 8;
    try {
        trainRave(o);
        FAIL() << "a model of another configuration was continued";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("latentDim"), std::string::npos) << e.what();
    }
    o.config.latentDim = c.latentDim;
    o.config.steps = 2;
    try {
        trainRave(o);
        FAIL() << "a model was continued with no steps left";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("trained for 2 steps"), std::string::npos) << e.what();
    }
    // A model whose attributes were normalised over another descriptor range is refused.
    o.config.steps = 3;
    const auto card = root / "first" / "model.json";
    auto json = nlohmann::json::parse(latentrack::core::io::readFile(card));
    json["descriptorMax"][0] = json["descriptorMax"][0].get<double>() * 2.0;
    latentrack::core::io::writeFileAtomically(card, json.dump());
    try {
        trainRave(o);
        FAIL() << "a model of another descriptor range was continued";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("rms range"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(root);
}

TEST(RaveTrainer, TheAdversarialStageFreezesTheEncoderAndTrainsTheDecoder) {
    auto c = trainingConfig(4);
    c.consistencyWeight = 0.0;
    c.adversarialStart = 2;
    c.discriminatorCapacity = 4;
    c.discriminatorMaxChannels = 16;
    const auto root = freshFolder("latentrack-rave-adversarial-");
    auto o = trainingOptions(c);
    o.outDir = root / "staged";
    o.stopAfterSteps = 2;
    ASSERT_FALSE(trainRave(o)) << "stopped at the start of the adversarial stage";
    RaveModel atStart(c);
    torch::load(atStart, (root / "staged" / "checkpoint" / "model.pt").string());
    o.stopAfterSteps = -1;
    o.resume = true;
    ASSERT_TRUE(trainRave(o));
    auto finished = loadRaveModel(root / "staged");
    const auto encoderBefore = atStart->encoder().parameters();
    const auto encoderAfter = finished.model->encoder().parameters();
    ASSERT_EQ(encoderBefore.size(), encoderAfter.size());
    for (std::size_t i = 0; i < encoderBefore.size(); ++i)
        ASSERT_TRUE(torch::equal(encoderBefore[i], encoderAfter[i])) << "encoder parameter " << i;
    double moved = 0.0;
    const auto decoderBefore = atStart->decoder().parameters();
    const auto decoderAfter = finished.model->decoder().parameters();
    for (std::size_t i = 0; i < decoderBefore.size(); ++i)
        moved = std::max(moved, (decoderBefore[i] - decoderAfter[i]).abs().max().item<double>());
    EXPECT_GT(moved, 0.0) << "the decoder still learns";
    // In one uninterrupted run too (the VAE stage's Adam momentum must not carry the encoder).
    auto straight = trainingOptions(c);
    straight.outDir = root / "straight";
    ASSERT_TRUE(trainRave(straight));
    const auto encoderStraight = loadRaveModel(root / "straight").model->encoder().parameters();
    for (std::size_t i = 0; i < encoderBefore.size(); ++i)
        ASSERT_TRUE(torch::allclose(encoderBefore[i], encoderStraight[i], 1e-6, 1e-7))
            << "encoder parameter " << i;
    const auto log = latentrack::core::io::readFile(root / "staged" / "train.log");
    EXPECT_NE(log.find("adv "), std::string::npos) << log;
    EXPECT_NE(log.find("fm "), std::string::npos) << log;
    EXPECT_NE(log.find("d_hinge "), std::string::npos) << log;
    EXPECT_TRUE(std::filesystem::exists(root / "staged" / "checkpoint" / "wave_discriminator.pt"));
    EXPECT_EQ(finished.config().adversarialStart, 2);
    std::filesystem::remove_all(root);
}

TEST(WaveDiscriminator, TellsARecordingFromNoiseAndMatchesItsOwnFeatures) {
    torch::manual_seed(6);
    auto c = tinyConfig();
    c.discriminatorScales = 2;
    WaveDiscriminator d(c);
    auto hit = latentrack::core::io::toMono(latentrack::core::io::resample(
        latentrack::core::io::readAudioFile(
            "/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0/PearlSnare-Hard.wav"),
        16000.0));
    hit.resize(4096, 0.0f);
    const auto real = torch::from_blob(hit.data(), {1, 4096}).clone().repeat({2, 1});
    const auto fake = torch::randn({2, 4096}) * real.square().mean().sqrt();
    const auto features = d->forward(real);
    ASSERT_EQ(features.size(), 2u);
    for (const auto& scale : features) {
        ASSERT_EQ(scale.size(), static_cast<std::size_t>(c.discriminatorLayers + 3));
        EXPECT_EQ(scale.back().size(1), 1) << "one score per frame";
    }
    EXPECT_EQ(features[0].back().size(2), 4096 / 64) << "stride 4 per layer";
    // Capped channels whose group count must divide both sides (10 → 40 → 128: 16 groups).
    auto capped = c;
    capped.discriminatorCapacity = 10;
    WaveDiscriminator odd(capped);
    EXPECT_EQ(odd->forward(real)[0].back().size(2), 4096 / 64);
    torch::optim::Adam adam(d->parameters(), torch::optim::AdamOptions(1e-3).betas({0.5, 0.9}));
    const double before = discriminatorHingeLoss(d, real, fake).item<double>();
    for (int i = 0; i < 40; ++i) {
        const auto loss = discriminatorHingeLoss(d, real, fake);
        adam.zero_grad();
        loss.backward();
        adam.step();
    }
    EXPECT_LT(discriminatorHingeLoss(d, real, fake).item<double>(), 0.5 * before);
    // The generator's terms: no feature distance from the real audio to itself, and a gradient
    // back to the fake audio only.
    EXPECT_NEAR(generatorAdversarialTerms(d, real, real).featureMatching.item<double>(), 0.0, 1e-9);
    auto generated = fake.clone().requires_grad_(true);
    const auto g = generatorAdversarialTerms(d, real, generated);
    (g.adversarial + g.featureMatching).backward();
    EXPECT_GT(generated.grad().abs().sum().item<double>(), 0.0);
    EXPECT_TRUE(torch::isfinite(generated.grad()).all().item<bool>());
}

TEST(AttributeRegressor, LearnsToReadTheDescriptorsOfRealAudioDifferentiably) {
    const auto c = tinyConfig();
    const auto data = loadRaveDataset(tinyPercussion(), c);
    torch::manual_seed(3);
    AttributeRegressor regressor(c);
    torch::optim::Adam adam(regressor->parameters(), torch::optim::AdamOptions(1e-3));
    std::mt19937_64 rng(5);
    const auto held = sampleBatch(data, c, rng); // never trained on
    const auto heldError = [&] {
        torch::NoGradGuard noGrad;
        return torch::mse_loss(regressor->forward(held.audio), held.attributes).item<double>();
    };
    const double before = heldError();
    for (int step = 0; step < 150; ++step) {
        const auto batch = sampleBatch(data, c, rng);
        const auto loss = torch::mse_loss(regressor->forward(batch.audio), batch.attributes);
        adam.zero_grad();
        loss.backward();
        adam.step();
    }
    const double after = heldError();
    EXPECT_LT(after, 0.5 * before) << "held-out MSE " << before << " → " << after;
    const double variance = held.attributes.var().item<double>();
    EXPECT_LT(after, variance) << "better than the mean";
    // One prediction per latent frame, and a gradient back to the audio (the decoder's output).
    auto audio = held.audio.clone().requires_grad_(true);
    const auto predicted = regressor->forward(audio);
    EXPECT_EQ(predicted.sizes(), held.attributes.sizes());
    predicted.sum().backward();
    EXPECT_GT(audio.grad().abs().sum().item<double>(), 0.0);
    EXPECT_TRUE(torch::isfinite(audio.grad()).all().item<bool>());
    auto none = c;
    none.attributes = 0;
    EXPECT_THROW(AttributeRegressor{none}, std::invalid_argument);
}

TEST(SpectralDescriptors, EqualTheAnalysisOnRealAudioAndPassAGradientThroughSilence) {
    const auto c = tinyConfig();
    const auto data = loadRaveDataset(tinyPercussion(), c);
    std::mt19937_64 rng(9);
    const auto batch = sampleBatch(data, c, rng);
    const auto direct = spectralDescriptors(batch.audio, c, data.range);
    ASSERT_EQ(direct.size(1), kSpectralDescriptors);
    ASSERT_EQ(direct.size(2), c.latentFrames());
    latentrack::core::dsp::DescriptorAnalyzer analyzer(latentDescriptorConfig(c));
    double worst = 0.0;
    for (int64_t b = 0; b < batch.audio.size(0); ++b) {
        const auto row = batch.audio[b].contiguous();
        const float* p = row.data_ptr<float>();
        const auto frames =
            latentFrameDescriptors(analyzer, std::vector<float>(p, p + row.size(0)), c);
        for (int64_t j = 0; j < direct.size(2); ++j) {
            const auto expected = data.range.normalise(frames[static_cast<std::size_t>(j)]);
            for (int d = 0; d < kSpectralDescriptors; ++d)
                worst = std::max(worst, std::abs(direct[b][d][j].item<double>() -
                                                 expected[static_cast<std::size_t>(d)]));
        }
    }
    EXPECT_LT(worst, 2e-3) << "largest normalised difference from core/dsp's analysis";

    // A 1 kHz sine: its centroid in Hz, RMS 1/√2 of its amplitude (range 0 … max: v = (n+1)/2·max).
    latentrack::core::dsp::DescriptorRange hz;
    hz.max = {1.0f, 8000.0f, 8000.0f, 1.0f, 1.0f};
    const auto t = torch::arange(c.windowSize, torch::kFloat32) / c.sampleRate;
    const auto sine = (0.5 * torch::sin(2.0 * std::numbers::pi * 1000.0 * t)).unsqueeze(0);
    const auto s = (spectralDescriptors(sine, c, hz) + 1.0) * 0.5;
    const int64_t mid = c.latentFrames() / 2;
    EXPECT_NEAR(s[0][0][mid].item<double>(), 0.5 / std::sqrt(2.0), 1e-3);
    EXPECT_NEAR(s[0][1][mid].item<double>() * 8000.0, 1000.0, 25.0);

    // Silence reads as zeros (normalised: −1) and still passes a finite gradient back.
    auto silence = torch::zeros({2, c.windowSize}).requires_grad_(true);
    const auto quiet = spectralDescriptors(silence, c, hz);
    EXPECT_NEAR(quiet.max().item<double>(), -1.0, 1e-4);
    quiet.sum().backward();
    EXPECT_TRUE(torch::isfinite(silence.grad()).all().item<bool>());
    EXPECT_THROW(spectralDescriptors(torch::zeros({2, c.windowSize + 1}), c, hz),
                 std::invalid_argument);
}

TEST(LoudnessDescriptors, FollowTheIso532AnalysisOnRealAudioAndPassAGradientThroughSilence) {
    namespace dsp = latentrack::core::dsp;
    const auto c = tinyConfig();
    const auto data = loadRaveDataset(tinyPercussion(), c);
    const LoudnessDescriptors loudness(c, data.range);
    dsp::DescriptorAnalyzer analyzer(latentDescriptorConfig(c));
    // Real hand-drum windows and a bowed-string-like tone (a saw's harmonics under a slow
    // swell), against core/dsp's exact values, frame by frame.
    std::vector<torch::Tensor> rows;
    std::mt19937_64 rng(11);
    for (int i = 0; i < 3; ++i)
        rows.push_back(sampleBatch(data, c, rng).audio);
    const auto t = torch::arange(c.windowSize, torch::kFloat64) / c.sampleRate;
    auto saw = torch::zeros_like(t);
    for (int h = 1; h <= 40; ++h)
        saw += torch::sin(2.0 * std::numbers::pi * 110.0 * h * t) / h;
    const auto swell = 0.05 + 0.3 * t / t.max();
    rows.push_back((saw * swell).to(torch::kFloat32).unsqueeze(0));
    const auto audio = torch::cat(rows, 0);
    const auto raw = loudness.raw(audio);
    ASSERT_EQ(raw.sizes(), (std::vector<int64_t>{audio.size(0), 2, c.latentFrames()}));
    std::vector<double> exact[2], ours[2];
    double worst[2] = {0.0, 0.0};
    for (int64_t b = 0; b < audio.size(0); ++b) {
        const auto row = audio[b].contiguous();
        const float* p = row.data_ptr<float>();
        const auto frames =
            latentFrameDescriptors(analyzer, std::vector<float>(p, p + row.size(0)), c);
        for (int64_t j = 0; j < c.latentFrames(); ++j) {
            const auto& f = frames[static_cast<std::size_t>(j)];
            if (f.loudnessSone < 0.5f) // a near-silent frame: both read 0 or close to it
                continue;
            const dsp::Descriptor which[2] = {dsp::Descriptor::Sharpness,
                                              dsp::Descriptor::Boominess};
            for (int d = 0; d < 2; ++d) {
                exact[d].push_back(f[which[d]]);
                ours[d].push_back(raw[b][d][j].item<double>());
                worst[d] = std::max(worst[d], std::abs(ours[d].back() - exact[d].back()) /
                                                  std::max(1e-6, std::abs(exact[d].back())));
            }
        }
    }
    ASSERT_GT(exact[0].size(), 20u);
    for (int d = 0; d < 2; ++d) {
        EXPECT_GT(latentrack::core::dsp::pearson(exact[d], ours[d]), 0.999) << d;
        EXPECT_LT(worst[d], 0.08) << "largest relative difference, descriptor " << d;
    }

    // Normalised as the range says; silence reads 0 (normalised −1) with a finite gradient.
    const auto normalised = loudness(audio);
    const auto s = static_cast<std::size_t>(dsp::Descriptor::Sharpness);
    EXPECT_NEAR(normalised[0][0][3].item<double>(),
                2.0 * (raw[0][0][3].item<double>() - data.range.min[s]) /
                        (data.range.max[s] - data.range.min[s]) -
                    1.0,
                1e-4);
    dsp::DescriptorRange unit;
    unit.max = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
    auto silence = torch::zeros({2, c.windowSize}).requires_grad_(true);
    const auto quiet = LoudnessDescriptors(c, unit)(silence);
    EXPECT_NEAR(quiet.max().item<double>(), -1.0, 1e-6);
    quiet.sum().backward();
    EXPECT_TRUE(torch::isfinite(silence.grad()).all().item<bool>());
    // The gradient is the derivative: louder top partials (the 30th … 40th, 3.3 … 4.4 kHz)
    // make the tone sharper, by as much as the gradient says (a central difference).
    const LoudnessDescriptors reader(c, unit);
    auto tone = (saw * 0.2).to(torch::kFloat32).unsqueeze(0).requires_grad_(true);
    const auto sharpness = [&](const torch::Tensor& x) { return reader.raw(x).select(1, 0).sum(); };
    sharpness(tone).backward();
    auto top = torch::zeros_like(t);
    for (int h = 30; h <= 40; ++h)
        top += torch::sin(2.0 * std::numbers::pi * 110.0 * h * t) / h;
    const auto partial = (0.2 * top).to(torch::kFloat32);
    const double predicted = (tone.grad()[0] * partial).sum().item<double>();
    const double step = 0.05;
    const auto base = tone.detach();
    const double measured = (sharpness(base + step * partial.unsqueeze(0)).item<double>() -
                             sharpness(base - step * partial.unsqueeze(0)).item<double>()) /
                            (2.0 * step);
    EXPECT_GT(measured, 0.0) << "a high partial makes the tone sharper";
    EXPECT_NEAR(predicted, measured, 0.1 * std::abs(measured));
    EXPECT_THROW(loudness.raw(torch::zeros({2, c.windowSize + 1})), std::invalid_argument);
}

TEST(RaveModelIo, BadFoldersAreRefusedWithTheReason) {
    const auto root = std::filesystem::temp_directory_path() /
                      ("latentrack-rave-bad-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    EXPECT_THROW(loadRaveModel(root / "missing"), RaveModelError);
    latentrack::core::io::writeFileAtomically(root / "model.json", R"({"kind": "granular"})");
    try {
        loadRaveModel(root);
        FAIL();
    } catch (const RaveModelError& e) {
        EXPECT_NE(std::string(e.what()).find("not an attribute-fader"), std::string::npos);
    }
    // Weights of another size than the config says.
    RaveBundle b;
    b.model = RaveModel(tinyConfig());
    saveRaveModel(root, b);
    auto j = nlohmann::json::parse(latentrack::core::io::readFile(root / "model.json"));
    j["config"]["latentDim"] = 8;
    latentrack::core::io::writeFileAtomically(root / "model.json", j.dump());
    try {
        loadRaveModel(root);
        FAIL();
    } catch (const RaveModelError& e) {
        EXPECT_NE(std::string(e.what()).find("does not fit"), std::string::npos) << e.what();
    }
}

TEST(LatentDiscriminator, LearnsAttributesThatZCarries) {
    torch::manual_seed(5);
    LatentDiscriminator d(4, 2, 4);
    torch::optim::Adam adam(d->parameters(), torch::optim::AdamOptions(3e-3));
    const auto bins = torch::randint(0, 4, {8, 2, 32}, torch::kLong);
    // z carries both attributes' bins (plus noise) in its first two channels.
    auto z = torch::randn({8, 4, 32}) * 0.1;
    z.narrow(1, 0, 2).add_(bins.to(torch::kFloat32));
    const double before = d->crossEntropy(z, bins).item<double>();
    for (int i = 0; i < 150; ++i) {
        const auto ce = d->crossEntropy(z, bins);
        adam.zero_grad();
        ce.backward();
        adam.step();
    }
    d->eval();
    EXPECT_LT(d->crossEntropy(z, bins).item<double>(), 0.5 * before);
    EXPECT_GT(d->accuracy(z, bins).min().item<double>(), 0.6) << "majority class: about 0.25";
}

TEST(RaveStreamDecoder, BlocksJoinIntoOneDecodeAndFadersAndModulatorsSetTheAttributes) {
    torch::manual_seed(6);
    RaveBundle bundle;
    bundle.model = RaveModel(tinyConfig());
    bundle.range.max.fill(1.0f);
    const auto& c = bundle.config();
    std::vector<float> joinedAudio, whole;
    {
        RaveStreamDecoder voice(bundle, 3);
        for (int i = 0; i < 6; ++i) {
            const auto part = voice.next(i % 2 == 0 ? 1 : 3); // blocks of 1 and 3 frames
            joinedAudio.insert(joinedAudio.end(), part.begin(), part.end());
        }
    }
    {
        RaveStreamDecoder voice(bundle, 3);
        whole = voice.next(12);
    }
    ASSERT_EQ(joinedAudio.size(), whole.size());
    ASSERT_EQ(whole.size(), static_cast<std::size_t>(12 * c.compression()));
    double worst = 0.0;
    for (std::size_t i = 0; i < whole.size(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(joinedAudio[i] - whole[i])));
    EXPECT_LT(worst, 1e-4) << "the same seed and frames give the same stream in any blocks";

    RaveStreamDecoder voice(bundle, 3);
    voice.setFader(0, 0.5f);
    latentrack::core::control::ModulatorSettings sine;
    sine.shape = latentrack::core::control::ModShape::Square;
    sine.rateHz = 0.01f; // the first half-cycle: +amount
    sine.amount = 0.25f;
    voice.setModulator(0, sine);
    voice.setFader(1, 2.0f); // clamped
    voice.next(2);
    EXPECT_NEAR(voice.lastTargets()[0], 0.75f, 1e-6);
    EXPECT_NEAR(voice.lastTargets()[1], 1.0f, 1e-6);
    // Looping a sound: its own curve plus the fader, or the fader alone when absolute.
    std::vector<float> sound(static_cast<std::size_t>(4 * c.compression()), 0.0f);
    for (std::size_t i = 0; i < sound.size(); ++i)
        sound[i] = 0.3f * static_cast<float>(std::sin(0.05 * static_cast<double>(i)));
    voice.loop(sound);
    voice.setModulator(0, {});
    voice.setFader(2, -0.2f, true);
    voice.next(1);
    EXPECT_NEAR(voice.lastTargets()[2], -0.2f, 1e-6);
    EXPECT_THROW(voice.loop(std::vector<float>(3, 0.0f)), std::invalid_argument);
}

TEST(RaveVoice, FillsTheStreamPlayersRingAheadAndFollowsTheFaders) {
    torch::manual_seed(7);
    auto bundle = std::make_shared<RaveBundle>();
    bundle->model = RaveModel(tinyConfig());
    bundle->range.max.fill(1.0f);
    latentrack::core::rt::AudioRing ring(32768);
    const double engineRate = 48000.0;
    RaveVoice voice(bundle, ring, engineRate, 0.03, 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(ring.available(), 0u) << "silent until play()";
    voice.play(true);
    voice.setFader(0, 0.5f);
    // Play the ring as an audio callback would: 256 frames every 256/48000 s.
    std::vector<float> block(256);
    std::size_t dry = 0;
    float peak = 0.0f;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 150; ++i) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(5333 * (i + 1)));
        const auto got = ring.read(block.data(), block.size());
        if (i > 20)
            dry += block.size() - got;
        for (std::size_t k = 0; k < got; ++k)
            peak = std::max(peak, std::abs(block[k]));
    }
    // Wall-clock pacing on a shared CI machine: allow a little scheduling slack (the decoder is
    // ~70x realtime, so a worker that keeps up leaves the ring dry almost never).
    EXPECT_LT(dry, 129u * 256u / 10u) << "the worker keeps ahead of the reader";
    EXPECT_GT(peak, 0.0f);
    EXPECT_NEAR(voice.targets()[0], 0.5f, 1e-6);
    EXPECT_GT(voice.reactionSeconds(), 0.0);
    EXPECT_LT(voice.reactionSeconds(), 0.1) << "a fader move reaches the ring within 100 ms";
    for (float m : voice.measured())
        EXPECT_TRUE(std::isfinite(m));
    EXPECT_GT(voice.blocks(), 10u);
    EXPECT_THROW(voice.loop(std::vector<float>(5, 0.0f)), std::invalid_argument);
}

// The live input: blocks fed as they arrive go through the streaming encoder, and with absolute
// faders decode exactly what the offline encode's μ decodes; with relative faders the input's
// own descriptors become the attributes (a loud block raises rms, silence lowers it).
TEST(RaveStreamDecoder, LiveBlocksEncodeAsOneCallAndCarryTheirOwnDescriptors) {
    auto bundle = latentrack::test::tinyRaveBundle(8, {0.3f, 4000.0f, 4000.0f, 3.0f, 3.0f});
    const auto& c = bundle.config();
    const int frames = 24, block = 2;
    std::vector<float> input(static_cast<std::size_t>(frames * c.compression()));
    for (std::size_t i = 0; i < input.size(); ++i)
        input[i] = (i < input.size() / 2 ? 0.4f : 0.0f) *
                   static_cast<float>(std::sin(0.07 * static_cast<double>(i)));
    std::vector<float> live;
    std::vector<float> rmsTargets;
    {
        RaveStreamDecoder voice(bundle, 1);
        voice.useLive();
        for (int a = 0; a < 5; ++a)
            voice.setFader(a, 0.1f * static_cast<float>(a), true);
        for (int f = 0; f < frames; f += block) {
            const auto at = input.begin() + static_cast<std::ptrdiff_t>(f * c.compression());
            voice.feedLive({at, at + block * c.compression()}, block);
            const auto out = voice.next(block);
            live.insert(live.end(), out.begin(), out.end());
        }
        EXPECT_THROW(voice.next(block), std::invalid_argument) << "no block fed";
        EXPECT_THROW(voice.feedLive(std::vector<float>(7), block), std::invalid_argument);
    }
    torch::NoGradGuard noGrad;
    bundle.model->setStreaming(false);
    const auto x = torch::from_blob(input.data(), {1, static_cast<int64_t>(input.size())}).clone();
    const auto mu = bundle.model->encode(x).mean;
    auto attributes = torch::zeros({1, 5, frames});
    for (int a = 0; a < 5; ++a)
        attributes[0][a].fill_(0.1f * static_cast<float>(a));
    const auto offline = bundle.model->decode(mu, attributes)[0];
    ASSERT_EQ(static_cast<std::int64_t>(live.size()), offline.size(0));
    double worst = 0.0;
    for (std::size_t i = 0; i < live.size(); ++i)
        worst =
            std::max(worst, static_cast<double>(std::abs(
                                live[i] - offline[static_cast<std::int64_t>(i)].item<float>())));
    EXPECT_LT(worst, 1e-4);

    RaveStreamDecoder voice(bundle, 1);
    voice.useLive();
    const auto loud = [&](float gain) {
        std::vector<float> b(static_cast<std::size_t>(block * c.compression()));
        for (std::size_t i = 0; i < b.size(); ++i)
            b[i] = gain * static_cast<float>(std::sin(0.07 * static_cast<double>(i)));
        return b;
    };
    for (int i = 0; i < 20; ++i) { // 20 blocks of 32 ms: past the 128 ms measurement lag
        voice.feedLive(loud(0.25f), block);
        voice.next(block);
    }
    const float whileLoud = voice.lastTargets()[0];
    for (int i = 0; i < 20; ++i) {
        voice.feedLive(loud(0.0f), block);
        voice.next(block);
    }
    EXPECT_GT(whileLoud, 0.0f) << "rms of 0.18 in a 0 … 0.3 range";
    EXPECT_LT(voice.lastTargets()[0], -0.9f) << "silence";
}

// "follow": an attribute takes another sound's descriptor curve, looped, plus its fader.
TEST(RaveStreamDecoder, AnAttributeFollowsAnotherSoundsDescriptorCurve) {
    auto bundle = latentrack::test::tinyRaveBundle(9, {0.5f, 4000.0f, 4000.0f, 3.0f, 3.0f});
    const auto& c = bundle.config();
    // A sound that is loud, then silent: its rms curve goes from high to −1.
    std::vector<float> other(static_cast<std::size_t>(40 * c.compression()), 0.0f);
    for (std::size_t i = 0; i < other.size() / 2; ++i)
        other[i] = 0.6f * static_cast<float>(std::sin(0.05 * static_cast<double>(i)));
    const auto curves = descriptorCurves(bundle, other);
    ASSERT_EQ(curves[0].size(), 40u);
    EXPECT_GT(curves[0][5], 0.0f);
    EXPECT_LT(curves[0][35], -0.9f);
    EXPECT_TRUE(descriptorCurves(bundle, std::vector<float>(10)).front().empty());

    RaveStreamDecoder voice(bundle, 1);
    voice.setFollow(0, curves[0]);
    voice.setFader(0, 0.1f);
    std::vector<float> targets;
    for (int f = 0; f < 80; ++f) { // two loops of the curve
        voice.next(1);
        targets.push_back(voice.lastTargets()[0]);
    }
    for (int f = 0; f < 80; ++f)
        EXPECT_NEAR(targets[static_cast<std::size_t>(f)],
                    std::clamp(curves[0][static_cast<std::size_t>(f % 40)] + 0.1f, -1.0f, 1.0f),
                    1e-6)
            << "frame " << f;
    voice.setFollow(0, {});
    voice.next(1);
    EXPECT_NEAR(voice.lastTargets()[0], 0.1f, 1e-6) << "back to the fader (modulator off)";
}

// Fader travel: 0 is the data's median (the middle bin edge), ±1 its extremes, linear on each
// side; without stored edges the identity. The stream decoder maps the prior's and an absolute
// fader's travel, not an offset on a sound's own curve nor a followed curve.
TEST(FaderScale, RestIsTheMedianAndTheEndsAreTheDataExtremes) {
    using latentrack::models::rave::FaderScale;
    const FaderScale identity;
    EXPECT_FLOAT_EQ(identity.toAttribute(0, 0.4f), 0.4f);
    EXPECT_FLOAT_EQ(identity.toTravel(3, -0.7f), -0.7f);
    // Three edges: the median of attribute 0 at −0.6 (a skewed descriptor); attribute 1 at 0.99
    // (kept inside ±0.95); attribute 2 with no edges.
    const FaderScale scale({{-0.8f, -0.6f, 0.1f}, {0.5f, 0.99f, 1.0f}, {}});
    EXPECT_FLOAT_EQ(scale.centre(0), -0.6f);
    EXPECT_FLOAT_EQ(scale.toAttribute(0, 0.0f), -0.6f);
    EXPECT_FLOAT_EQ(scale.toAttribute(0, -1.0f), -1.0f);
    EXPECT_FLOAT_EQ(scale.toAttribute(0, 1.0f), 1.0f);
    EXPECT_FLOAT_EQ(scale.toAttribute(0, 0.5f), 0.2f);
    EXPECT_FLOAT_EQ(scale.toAttribute(0, -0.5f), -0.8f);
    EXPECT_FLOAT_EQ(scale.toAttribute(0, 3.0f), 1.0f) << "travel clamped";
    EXPECT_FLOAT_EQ(scale.centre(1), 0.95f);
    EXPECT_FLOAT_EQ(scale.centre(2), 0.0f);
    EXPECT_FLOAT_EQ(scale.centre(7), 0.0f);
    float last = -2.0f;
    for (int i = -20; i <= 20; ++i) {
        const float t = static_cast<float>(i) / 20.0f;
        const float v = scale.toAttribute(0, t);
        EXPECT_GT(v, last) << "monotone at travel " << t;
        EXPECT_NEAR(scale.toTravel(0, v), t, 1e-6) << "the inverse at travel " << t;
        last = v;
    }
}

TEST(RaveStreamDecoder, TheFaderAtRestPlaysTheMedianOfTheTrainingData) {
    auto bundle = latentrack::test::tinyRaveBundle(10, {0.5f, 4000.0f, 4000.0f, 3.0f, 3.0f});
    bundle.binEdges = {{-0.9f, -0.5f, 0.0f}, {-0.2f, 0.4f, 0.8f}, {}, {}, {}};
    const latentrack::models::rave::FaderScale scale(bundle.binEdges);
    const auto& c = bundle.config();
    RaveStreamDecoder voice(bundle, 1);
    voice.next(1);
    EXPECT_FLOAT_EQ(voice.lastTargets()[0], -0.5f) << "the prior at rest: the median";
    EXPECT_FLOAT_EQ(voice.lastTargets()[1], 0.4f);
    EXPECT_FLOAT_EQ(voice.lastTargets()[2], 0.0f);
    latentrack::core::control::ModulatorSettings square;
    square.shape = latentrack::core::control::ModShape::Square;
    square.rateHz = 0.01f; // the first half-cycle: +amount
    square.amount = 0.5f;
    voice.setModulator(0, square);
    voice.setFader(0, 0.25f);
    voice.next(1);
    EXPECT_FLOAT_EQ(voice.lastTargets()[0], scale.toAttribute(0, 0.75f)) << "fader + modulator";
    // A looped sound: its own curve plus the fader as an offset, unmapped; an absolute fader
    // is travel again.
    std::vector<float> silence(static_cast<std::size_t>(4 * c.compression()), 0.0f);
    voice.loop(silence);
    voice.setModulator(0, {});
    voice.setFader(0, 0.25f);
    voice.setFader(1, -0.5f, true);
    voice.next(1);
    EXPECT_NEAR(voice.lastTargets()[0], -0.75f, 1e-6) << "silence's own rms −1, plus 0.25";
    EXPECT_FLOAT_EQ(voice.lastTargets()[1], scale.toAttribute(1, -0.5f));
    // A followed curve plus the fader, as an offset.
    voice.usePrior();
    voice.setFollow(1, {0.3f});
    voice.setFader(1, 0.1f);
    voice.next(1);
    EXPECT_NEAR(voice.lastTargets()[1], 0.4f, 1e-6);
}
