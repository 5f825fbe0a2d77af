// Grain VAE, latent-series VAE, their synthesis path, training, saving and loading.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "GranularTestUtil.h"
#include "core/io/AudioFile.h"
#include "core/kit/DrumClass.h"
#include "core/kit/HydrogenKit.h"
#include "core/rt/AudioRing.h"
#include "models/granular/Augment.h"
#include "models/granular/GrainStreamer.h"
#include "models/granular/GrainSynthesis.h"
#include "models/granular/GrainVae.h"
#include "models/granular/GranularData.h"
#include "models/granular/GranularModel.h"
#include "models/granular/GranularTrainer.h"
#include "models/granular/LatentSeriesVae.h"
#include "models/granular/NearCopies.h"
#include "models/training/TrainSupport.h"

using namespace latentrack;
using namespace latentrack::models::granular;

TEST(GrainSynthesis, OverlapAddOfWindowedFramesReconstructsTheSignal) {
    torch::manual_seed(1);
    const int grain = 256, hop = 64, frames = 20;
    const auto x = torch::randn({2, (frames - 1) * hop + grain});
    const auto y = overlapAdd(frameGrains(x, grain, hop), hop, false);
    ASSERT_EQ(y.sizes(), x.sizes());
    // Σw ≥ 1e-3 everywhere except the first and last 3 samples (Hann starts at 0).
    const auto inner = [&](const torch::Tensor& t) { return t.narrow(1, 3, t.size(1) - 6); };
    EXPECT_LT((inner(y) - inner(x)).abs().max().item<float>(), 1e-5f);
}

TEST(GrainSynthesis, FlatFilterLeavesNoiseUnchangedAndZeroFilterSilencesIt) {
    const auto noise = torch::rand({1, 3, 128}) * 2 - 1;
    EXPECT_LT((filterNoise(torch::ones({1, 3, 65}), noise) - noise).abs().max().item<float>(),
              1e-5f);
    EXPECT_EQ(filterNoise(torch::zeros({1, 3, 65}), noise).abs().max().item<float>(), 0.0f);
    // A filter that keeps only bin 8 leaves a sinusoid of 8 cycles per grain.
    auto mags = torch::zeros({1, 1, 65});
    mags[0][0][8] = 1.0;
    const auto y = filterNoise(mags, noise.narrow(1, 0, 1))[0][0];
    const auto spectrum = torch::fft::rfft(y).abs();
    EXPECT_EQ(spectrum.argmax().item<int64_t>(), 8);
    EXPECT_LT(spectrum.sum().item<float>() - spectrum[8].item<float>(), 1e-3f);
}

TEST(GrainSynthesis, GrainSpectrumFilteredNoiseKeepsTheSignalsLevelAndSpectrum) {
    // A band-limited signal (a low-passed noise plus a 1 kHz sine at 16 kHz), re-synthesised
    // by the decoder's path from its own grainSpectrum(), keeps its RMS and its spectral tilt.
    torch::manual_seed(3);
    const int grain = 1024, hop = 256, frames = 48;
    const int64_t length = (frames - 1) * hop + grain;
    const auto t = torch::arange(length, torch::kFloat32) / 16000.0;
    const auto lowNoise = torch::avg_pool1d(torch::randn({1, 1, length + 7}), 8, 1).squeeze(1);
    const auto x = 0.5 * lowNoise + 0.1 * torch::sin(2.0 * M_PI * 1000.0 * t).unsqueeze(0);
    const auto mags = grainSpectrum(x, grain, hop);
    ASSERT_EQ(mags.sizes(), (std::vector<int64_t>{1, frames, grain / 2 + 1}));
    double levelDb = 0.0, lowHighDb = 0.0;
    const int draws = 32;
    for (int d = 0; d < draws; ++d) {
        const auto noise = torch::rand({1, frames, grain}) * 2.0 - 1.0;
        const auto y = overlapAdd(filterNoise(mags, noise), hop, true);
        const auto inner = [&](const torch::Tensor& s) {
            return s.narrow(1, grain, length - 2 * grain);
        };
        levelDb += 10.0 * std::log10(inner(y).pow(2).mean().item<double>() /
                                     inner(x).pow(2).mean().item<double>());
        // Power below 2 kHz over power above: the filter keeps the shape as well as the level.
        const auto band = [&](const torch::Tensor& s, bool low) {
            const auto p = torch::fft::rfft(inner(s), c10::nullopt, -1).abs().pow(2);
            const auto split = p.size(1) / 4;
            return (low ? p.narrow(1, 0, split) : p.narrow(1, split, p.size(1) - split))
                .sum()
                .item<double>();
        };
        lowHighDb +=
            10.0 * std::log10((band(y, true) / band(y, false)) / (band(x, true) / band(x, false)));
    }
    EXPECT_NEAR(levelDb / draws, 0.0, 0.5);   // without the overlap-add factor: −4.3 dB
    EXPECT_NEAR(lowHighDb / draws, 0.0, 3.0); // white noise: −15.6 dB
}

TEST(GrainVae, ShapesFollowTheConfiguration) {
    const auto c = test::tinyConfig();
    GrainVae vae(c, 3);
    const auto audio = torch::randn({2, c.exampleLength()}) * 0.1;
    const auto classes = torch::tensor({0, 2}, torch::kLong);
    const auto q = vae->encode(audio, classes);
    EXPECT_EQ(q.mean.sizes(), (std::vector<int64_t>{2, c.numGrains, c.latentDim}));
    EXPECT_EQ(q.logVar.sizes(), q.mean.sizes());
    const auto mags = vae->decodeMagnitudes(q.mean, classes);
    EXPECT_EQ(mags.sizes(), (std::vector<int64_t>{2, c.numGrains, c.numBins()}));
    EXPECT_GT(mags.min().item<float>(), 0.0f);
    EXPECT_LE(mags.max().item<float>(), c.magnitudeCeiling + 1e-6);
    const auto y = vae->decode(q.mean, classes);
    EXPECT_EQ(y.sizes(), audio.sizes());

    LatentSeriesVae series(c, 3);
    const auto e = series->encode(q.mean, classes);
    EXPECT_EQ(e.mean.sizes(), (std::vector<int64_t>{2, c.embeddingDim}));
    EXPECT_EQ(series->decode(e.mean, classes, 7).sizes(),
              (std::vector<int64_t>{2, 7, c.latentDim}));
}

TEST(GrainVae, SoftsignIsTheConfiguredOutputStageOnTheTrainingAndInferencePaths) {
    auto c = test::tinyConfig();
    c.postSoftsign = false;
    GrainVae linear(c, 3);
    c.postSoftsign = true;
    GrainVae published(c, 3);
    {
        torch::NoGradGuard noGrad;
        auto target = published->named_parameters();
        for (const auto& p : linear->named_parameters())
            target[p.key()].copy_(p.value());
    }
    torch::manual_seed(11);
    const auto z = torch::randn({1, c.numGrains, c.latentDim});
    const auto classes = torch::tensor({1}, torch::kLong);
    auto decode = [&](GrainVae& vae) {
        return vae->decode(z, classes, at::detail::createCPUGenerator(5)).detach();
    };
    const auto a = decode(linear); // grad mode on: the fold/Conv1d training path
    const auto b = decode(published);
    EXPECT_LT((b - torch::nn::functional::softsign(a)).abs().max().item<float>(), 1e-5f);
    EXPECT_LT(b.abs().max().item<float>(), 1.0f);
    EXPECT_GT((a - b).abs().max().item<float>(), 1e-2f); // the linear output is not squashed
    c10::InferenceMode inference;                        // the direct CPU loops of GrainSynthesis
    EXPECT_LT((decode(linear) - a).abs().max().item<float>(), 1e-4f);
    EXPECT_LT((decode(published) - b).abs().max().item<float>(), 1e-4f);
}

TEST(GranularConfig, PaperAndSmallShareOneCodePathAndRoundTripThroughJson) {
    const auto paper = GranularConfig::named("paper");
    EXPECT_EQ(paper.grainSize, 1024);
    EXPECT_EQ(paper.latentDim, 96);
    EXPECT_EQ(paper.embeddingDim, 256);
    EXPECT_EQ(paper.hop * 4, paper.grainSize);
    const nlohmann::json j = paper;
    EXPECT_EQ(nlohmann::json(j.get<GranularConfig>()), j);
    // A model file written before a field existed keeps the value it was trained with: DDSP's
    // magnitude ceiling of 2, whole examples per batch.
    nlohmann::json old = GranularConfig::named("small");
    old.erase("magnitudeCeiling");
    old.erase("cropGrains");
    old.erase("augmentSemitones");
    old.erase("postSoftsign");
    EXPECT_TRUE(old.get<GranularConfig>().postSoftsign);
    EXPECT_TRUE(paper.postSoftsign);
    EXPECT_FALSE(GranularConfig::named("small").postSoftsign);
    EXPECT_EQ(old.get<GranularConfig>().magnitudeCeiling, 2.0);
    EXPECT_EQ(old.get<GranularConfig>().cropGrains, 0);
    EXPECT_EQ(old.get<GranularConfig>().augmentSemitones, 0.0);
    EXPECT_THROW(GranularConfig::named("huge"), std::invalid_argument);
    auto bad = GranularConfig::named("small");
    bad.hop = 300;
    EXPECT_THROW(bad.validate(), std::invalid_argument);
    bad = GranularConfig::named("small");
    bad.cropGrains = 1;
    EXPECT_THROW(bad.validate(), std::invalid_argument);
    bad.cropGrains = bad.numGrains + 1;
    EXPECT_THROW(bad.validate(), std::invalid_argument);
    bad = GranularConfig::named("small");
    bad.augmentSemitones = -1.0;
    EXPECT_THROW(bad.validate(), std::invalid_argument);
}

// Zero crossings per second of row `row` over samples [from, to).
double crossingRate(const torch::Tensor& x, int64_t row, int64_t from, int64_t to, double rate) {
    const auto a = x[row].contiguous();
    const float* p = a.data_ptr<float>();
    int n = 0;
    for (int64_t i = from + 1; i < to; ++i)
        n += (p[i - 1] < 0.0f) != (p[i] < 0.0f);
    return n * rate / static_cast<double>(to - from);
}

TEST(Augment, ResamplingShiftsPitchByTheRatioAndKeepsTheLength) {
    const double rate = 16000.0;
    const auto t = torch::arange(16000, torch::kFloat) / rate;
    const auto sine = torch::sin(2 * M_PI * 500.0 * t).unsqueeze(0).repeat({3, 1});
    const auto y = resampleRows(sine, torch::tensor({0.0f, 12.0f, -7.0f}));
    ASSERT_EQ(y.sizes(), sine.sizes());
    EXPECT_TRUE(torch::allclose(y[0], sine[0], 1e-5, 1e-5));
    // +12: 1000 Hz over the first half second (2 crossings per period), then silence.
    EXPECT_NEAR(crossingRate(y, 1, 0, 7900, rate), 2000.0, 10.0);
    EXPECT_EQ(y[1].narrow(0, 8001, 7999).abs().max().item<float>(), 0.0f);
    // −7: 500 · 2^(−7/12) = 333.7 Hz over the whole row.
    EXPECT_NEAR(crossingRate(y, 2, 0, 16000, rate), 2 * 500.0 * std::pow(2.0, -7.0 / 12.0), 4.0);
    EXPECT_LE(y.abs().max().item<float>(), 1.0f + 1e-5f);

    const auto s1 = randomSemitones(42, 1000, 2.0);
    EXPECT_TRUE(torch::equal(s1, randomSemitones(42, 1000, 2.0)));
    EXPECT_FALSE(torch::equal(s1, randomSemitones(43, 1000, 2.0)));
    EXPECT_LE(s1.abs().max().item<float>(), 2.0f);
    EXPECT_GT(s1.max().item<float>(), 1.9f);
    EXPECT_LT(s1.min().item<float>(), -1.9f);
}

TEST(GranularTraining, AFewStepsOnRealDrumHitsLowerTheLoss) {
    auto c = test::tinyConfig();
    c.grainSteps = 60;
    c.seriesSteps = 2;
    c.learningRate = 1e-2;
    std::vector<double> losses;
    test::trainTiny("train-loss", c, &losses);
    ASSERT_EQ(losses.size(), 60u);
    const double first = (losses[0] + losses[1] + losses[2]) / 3;
    const double last = (losses[57] + losses[58] + losses[59]) / 3;
    EXPECT_LT(last, 0.9 * first) << "first " << first << " last " << last;
}

TEST(GranularTraining, SameSeedGivesTheSameModelAndResumeContinuesExactly) {
    const auto c = test::tinyConfig();
    const auto a = GranularModel::load(test::trainTiny("seed-a", c));
    const auto b = GranularModel::load(test::trainTiny("seed-b", c));
    EXPECT_EQ(a->sampleNote(1, 42), b->sampleNote(1, 42));

    // Stopped mid-way through the grain phase (as a killed run would be), then resumed.
    const auto dir = test::freshDir("seed-resume");
    EXPECT_FALSE(std::filesystem::exists(test::trainTiny("seed-resume", c, nullptr, false, dir, 7) /
                                         "model.json"));
    const auto resumed = GranularModel::load(test::trainTiny("seed-resume", c, nullptr, true, dir));
    EXPECT_EQ(resumed->sampleNote(1, 42), a->sampleNote(1, 42));
}

TEST(GranularTraining, ACheckpointFromBeforeASettingResumesWithWhatItWasTrainedWith) {
    // A state.json written before cropGrains existed lacks it; GranularConfig's from_json reads
    // the absent field as 0 (whole examples), what those runs trained with.
    namespace training = models::training;
    const std::vector<std::string> mayDiffer{"grainSteps", "seriesSteps"};
    auto c = test::tinyConfig();
    c.cropGrains = 0;
    const auto dir = test::freshDir("checkpoint-without-field");
    auto stored = nlohmann::json(c);
    stored.erase("cropGrains");
    training::saveCheckpointState(dir, 5, stored);
    EXPECT_EQ(training::loadCheckpointState(dir, c, mayDiffer).at("step").get<int>(), 5);

    c.grainSteps += 100; // a run may be extended
    EXPECT_NO_THROW(training::loadCheckpointState(dir, c, mayDiffer));
    c.cropGrains = 4; // but not changed
    try {
        training::loadCheckpointState(dir, c, mayDiffer);
        ADD_FAILURE() << "a changed setting resumed";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cropGrains = 0"), std::string::npos) << e.what();
    }
}

TEST(GranularModel, SaveLoadRoundTripAndSeededGenerationAreIdentical) {
    const auto dir = test::trainTiny("roundtrip", test::tinyConfig());
    const auto m1 = GranularModel::load(dir);
    const auto m2 = GranularModel::load(dir);
    const auto c = m1->config();
    EXPECT_EQ(m1->classes(),
              (std::vector<std::string>{"closed_hat", "crash", "open_hat", "snare", "tom"}));
    const auto note = m1->sampleNote(3, 7);
    ASSERT_EQ(static_cast<int>(note.size()), c.exampleLength());
    EXPECT_EQ(note, m2->sampleNote(3, 7));
    EXPECT_EQ(note, m1->sampleNote(3, 7));
    EXPECT_NE(note, m1->sampleNote(3, 8));
    for (float v : note)
        ASSERT_TRUE(std::isfinite(v));

    const auto path = m1->samplePathLatents(0, 3);
    EXPECT_EQ(path.numGrains, c.numGrains);
    // A linear path: equal steps between consecutive grains.
    for (int d = 0; d < c.latentDim; ++d)
        EXPECT_NEAR(path.grain(2)[d] - path.grain(1)[d], path.grain(1)[d] - path.grain(0)[d], 1e-5);
    const auto z = m1->encode(std::vector<float>(5000, 0.1f), 0);
    EXPECT_EQ(z.numGrains, (5000 - c.grainSize + c.hop - 1) / c.hop + 1);
    EXPECT_EQ(static_cast<int>(m1->synthesize(z, 0, 1).size()),
              (z.numGrains - 1) * c.hop + c.grainSize);
    const auto& map = m1->grainMap();
    EXPECT_EQ(map.numComponents, 4);
    EXPECT_GT(map.numPoints(), 0);
    EXPECT_THROW(m1->sampleNote(5, 1), std::out_of_range);
}

TEST(GranularModel, MissingCorruptOrMismatchedFilesGiveClearErrors) {
    const auto dir = test::trainTiny("errors", test::tinyConfig());
    auto expectError = [](const std::filesystem::path& d, const std::string& part) {
        try {
            GranularModel::load(d);
            ADD_FAILURE() << "no error for " << d;
        } catch (const ModelError& e) {
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
        }
    };
    expectError(dir / "nothing-here", "no such model folder");

    const auto copy = [&](const std::string& name) {
        const auto d = test::freshDir(name);
        std::filesystem::copy(dir, d,
                              std::filesystem::copy_options::recursive |
                                  std::filesystem::copy_options::overwrite_existing);
        return d;
    };
    auto d = copy("err-missing");
    std::filesystem::remove(d / "series_vae.pt");
    expectError(d, "series_vae.pt: missing");

    d = copy("err-json");
    std::ofstream(d / "model.json") << "{ \"format\": \"latentrack-granular\", ";
    expectError(d, "model.json");

    d = copy("err-truncated");
    std::filesystem::resize_file(d / "grain_vae.pt", 100);
    expectError(d, "grain_vae.pt");

    d = copy("err-mismatch");
    auto j = nlohmann::json::parse(std::ifstream(d / "model.json"));
    j["config"]["hidden"] = 48;
    std::ofstream(d / "model.json") << j;
    expectError(d, "do not match");

    d = copy("err-version");
    j = nlohmann::json::parse(std::ifstream(d / "model.json"));
    j["version"] = 99;
    std::ofstream(d / "model.json") << j;
    expectError(d, "version 99");
}

TEST(GranularData, WholeKitsAreHeldOut) {
    const auto dir = test::freshDir("split");
    // Kicks and snares of five real kits (different recordings): some kit must be held out
    // whole.
    auto entries = nlohmann::json::array();
    int kits = 0;
    for (const auto& folder : latentrack::core::kit::packageHydrogenKits()) {
        const auto k = latentrack::core::kit::loadHydrogenKit(folder);
        int taken = 0;
        for (const auto& inst : k.instruments) {
            const auto c = latentrack::core::kit::classifyInstrument(inst.name).drums8;
            using latentrack::core::kit::DrumClass;
            if (!c || (*c != DrumClass::Kick && *c != DrumClass::Snare) || inst.layers.empty() ||
                !std::filesystem::exists(inst.layers.front().file))
                continue;
            entries.push_back({{"file", inst.layers.front().file.string()},
                               {"class", *c == DrumClass::Kick ? "kick" : "snare"},
                               {"kit", k.name}});
            ++taken;
        }
        kits += taken > 0;
        if (kits == 5)
            break;
    }
    ASSERT_EQ(kits, 5);
    std::ofstream(dir / "manifest.json") << nlohmann::json{{"entries", entries}};
    const auto data = loadGranularDataset(dir, "class", {}, 16000, 4096);
    ASSERT_FALSE(data.testKits.empty());
    EXPECT_FALSE(data.test.empty());
    for (const auto& e : data.train)
        EXPECT_EQ(std::count(data.testKits.begin(), data.testKits.end(), e.kit), 0) << e.kit;
    for (const auto& e : data.test) {
        EXPECT_EQ(std::count(data.testKits.begin(), data.testKits.end(), e.kit), 1) << e.kit;
        EXPECT_EQ(e.audio.size(), 4096u);
    }
    EXPECT_THROW(loadGranularDataset(dir / "missing", "class", {}, 16000, 4096), DatasetError);
}

TEST(GrainStreamer, StreamsFiniteAudioIntoTheRingAndMatchesTheOfflineLevel) {
    const auto dir = test::trainTiny("streamer", test::tinyConfig());
    std::shared_ptr<GranularModel> model(GranularModel::load(dir));
    const auto& c = model->config();
    core::rt::AudioRing ring(1 << 14);
    GrainStreamer streamer(model, ring, 48000.0, 0.02);
    // A constant latent: the streamed level matches offline synthesis of the same grains.
    const auto z = model->encode(std::vector<float>(c.exampleLength(), 0.0f), 1);
    std::vector<float> latent(z.grain(0), z.grain(0) + z.latentDim);
    streamer.setClass(1);
    streamer.follow(latent);
    const auto streamed = streamer.decodeNow(64);
    ASSERT_EQ(static_cast<int>(streamed.size()), 64 * c.hop);
    LatentSeries constant;
    constant.numGrains = 64;
    constant.latentDim = c.latentDim;
    for (int i = 0; i < 64; ++i)
        constant.values.insert(constant.values.end(), latent.begin(), latent.end());
    const auto offline = model->synthesize(constant, 1, 5);
    auto rms = [](const std::vector<float>& x, std::size_t from, std::size_t to) {
        double s = 0;
        for (std::size_t i = from; i < to; ++i) {
            EXPECT_TRUE(std::isfinite(x[i]));
            s += x[i] * x[i];
        }
        return std::sqrt(s / static_cast<double>(to - from));
    };
    // Steady-state parts (past the first grain's fade-in).
    const double a = rms(streamed, 2 * c.grainSize, streamed.size());
    const double b = rms(offline, 2 * c.grainSize, offline.size() - 2 * c.grainSize);
    ASSERT_GT(b, 0.0);
    EXPECT_NEAR(20 * std::log10(a / b), 0.0, 1.5) << a << " vs " << b;

    // The worker keeps the ring filled about 20 ms ahead while following.
    for (int i = 0; i < 200 && ring.available() < 900; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_GE(ring.available(), 900u);
    EXPECT_GT(streamer.grains(), 0u);

    // Looping forward-backward stays inside the path.
    streamer.loop({latent, latent, latent, latent}, 1.5f, true, false);
    for (int i = 0; i < 20; ++i) {
        streamer.decodeNow(1);
        EXPECT_GE(streamer.loopPosition(), 0.0f);
        EXPECT_LE(streamer.loopPosition(), 3.0f);
    }
}

TEST(GrainStreamer, ANewTargetIsHeardWithinFiftyMilliseconds) {
    // The shipped drums8 model (16 kHz, hop 256) streaming at 48 kHz into an engine that reads
    // 256-frame blocks whenever the worker has filled the ring (so the stream never runs dry
    // and the measure does not depend on scheduling).
    std::shared_ptr<GranularModel> model(
        GranularModel::load(LATENTRACK_SOURCE_DIR "/assets/models/drums8"));
    core::rt::AudioRing ring(1 << 14);
    GrainStreamer streamer(model, ring, 48000.0);
    const auto path = model->samplePathLatents(0, 3);
    auto latent = [&](int i) {
        return std::vector<float>(path.grain(i), path.grain(i) + path.latentDim);
    };
    const auto ahead = static_cast<std::size_t>(GrainStreamer::kDefaultAheadSeconds * 48000.0);
    std::vector<float> block(256);
    auto readBlock = [&] {
        for (int i = 0; i < 2000 && ring.available() < ahead; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ASSERT_GE(ring.available(), ahead);
        ring.read(block.data(), block.size());
    };
    std::vector<double> reactions;
    streamer.follow(latent(0));
    for (int change = 1; change <= 24; ++change) {
        // Changes land at different phases of the 16 ms grain cycle.
        for (int b = 0; b < 3 + change % 4; ++b)
            readBlock();
        const double before = streamer.reactionSeconds();
        streamer.follow(latent(change % path.numGrains));
        for (int b = 0; b < 100 && streamer.reactionSeconds() == before; ++b)
            readBlock();
        reactions.push_back(streamer.reactionSeconds());
    }
    std::sort(reactions.begin(), reactions.end());
    const double median = reactions[reactions.size() / 2];
    std::printf("explorer reaction: median %.1f ms, max %.1f ms over %zu moves\n", 1e3 * median,
                1e3 * reactions.back(), reactions.size());
    EXPECT_GT(reactions.front(), 0.0);
    EXPECT_LE(median, 0.050);
    // Bound: the queue (< ahead + one hop) and one more hop to half window; a grain already
    // being decoded when the mouse moves adds a third hop (16 ms at 48 kHz: 768 samples).
    EXPECT_LE(reactions.back(), GrainStreamer::kDefaultAheadSeconds + 3 * 0.016 + 1e-3);
}

TEST(GrainSynthesis, DirectInferencePathMatchesTheTrainingPath) {
    torch::manual_seed(3);
    const auto grains = torch::randn({2, 12, 256});
    const auto a = overlapAdd(grains, 64, true);
    const auto b = overlapAddDirect(grains, 64, true);
    EXPECT_LT((a - b).abs().max().item<float>(), 1e-4f);
    const auto kernel = torch::randn({1, 1, 9});
    const auto linear =
        torch::nn::functional::conv1d(a.unsqueeze(1), kernel,
                                      torch::nn::functional::Conv1dFuncOptions().padding(4))
            .squeeze(1);
    const auto viaConv = torch::nn::functional::softsign(linear);
    EXPECT_LT((viaConv - postFilterDirect(a, kernel, true)).abs().max().item<float>(), 1e-5f);
    EXPECT_LT((linear - postFilterDirect(a, kernel, false)).abs().max().item<float>(), 1e-5f);
}

TEST(LatentSeriesVae, InferenceRecurrenceMatchesTorchLstm) {
    const auto c = test::tinyConfig();
    LatentSeriesVae series(c, 3);
    const auto e = torch::randn({2, c.embeddingDim});
    const auto classes = torch::tensor({0, 2}, torch::kLong);
    const auto withGrad = series->decode(e, classes, 9); // autograd on: torch::nn::LSTM
    torch::NoGradGuard noGrad;
    const auto direct = series->decode(e, classes, 9);
    EXPECT_LT((withGrad - direct).abs().max().item<float>(), 1e-5f);
}

TEST(GranularData, ANearCopyOfAHeldOutHitIsLeftOutOfTraining) {
    // Real hits: a kick and a snare of one Hydrogen kit; a copy of the kick as another kit
    // would ship it (quietly re-encoded: −50 dB of noise added), and the snare stays.
    const std::string kit = "/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0/";
    auto load = [](const std::string& file) {
        auto s = latentrack::core::io::readAudioFile(file);
        auto x = latentrack::core::io::toMono(s);
        x.resize(16000, 0.0f);
        float peak = 0.0f;
        for (float v : x)
            peak = std::max(peak, std::abs(v));
        for (float& v : x)
            v *= 0.9f / peak;
        return x;
    };
    GranularExample kick{load(kit + "PearlKick-Med.wav"), 0, "A", "a/kick.wav"};
    GranularExample snare{load(kit + "PearlSnare-Med.wav"), 1, "B", "b/snare.wav"};
    GranularExample copy = kick;
    copy.kit = "B";
    copy.file = "b/kick.wav";
    std::mt19937 rng(3);
    std::normal_distribution<float> noise(0.0f, 0.003f);
    for (float& v : copy.audio)
        v += noise(rng);
    std::vector<GranularExample> train{snare, copy};
    const std::vector<GranularExample> test{kick};
    EXPECT_GT(correlationAtZeroLag(kick.audio, copy.audio), 0.98);
    EXPECT_LT(correlationAtZeroLag(kick.audio, snare.audio), 0.9);
    const auto dropped = dropNearCopiesOfTest(train, test);
    ASSERT_EQ(dropped, std::vector<std::string>{"b/kick.wav"});
    ASSERT_EQ(train.size(), 1u);
    EXPECT_EQ(train[0].file, "b/snare.wav");
}
