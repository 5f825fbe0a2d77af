// Latent refinement (semi-amortised inference) on the shipped drums8 model and a real snare
// recording: it lowers the spectral distance of the resynthesis, leaves the weights alone, is
// seeded, can be stopped, and refuses shapes that do not fit.

#include <algorithm>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/dsp/Gain.h"
#include "core/io/AudioFile.h"
#include "models/granular/AudioMetrics.h"
#include "models/granular/GranularModel.h"
#include "models/granular/GranularModelImpl.h"
#include "models/granular/LatentRefinement.h"

using namespace latentrack;
using namespace latentrack::models::granular;

namespace {

std::unique_ptr<GranularModel> drums8() {
    return GranularModel::load(LATENTRACK_SOURCE_DIR "/assets/models/drums8");
}

/// A Hydrogen snare hit at the model's rate, one example long, peak 0.9 (as the dataset).
std::vector<float> snareHit(const GranularModel& model) {
    auto s = core::io::readAudioFile("/usr/share/hydrogen/data/drumkits/Audiophob/"
                                     "25671__walter-odington__garage-city-snare-snappy.wav");
    auto mono = core::io::toMono(core::io::resample(s, model.sampleRate()));
    mono.resize(static_cast<std::size_t>(model.config().exampleLength()), 0.0f);
    core::dsp::normalisePeak(mono, 0.9f, 1e-4f);
    return mono;
}

torch::Tensor toTensor(const std::vector<float>& v) {
    return torch::tensor(v).unsqueeze(0);
}

/// Mean multi-scale spectral distance to `original` of the series synthesised with 4 seeds.
double distance(GranularModel& model, const std::vector<float>& original, const LatentSeries& z,
                int cls) {
    double sum = 0.0;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        auto y = model.synthesize(z, cls, seed);
        y.resize(original.size(), 0.0f);
        sum += multiScaleSpectralDistance(toTensor(original), toTensor(y)).item<double>();
    }
    return sum / 4.0;
}

std::vector<torch::Tensor> weightCopies(GranularModel& model) {
    std::vector<torch::Tensor> copies;
    for (const auto& p : model.impl().grain->parameters())
        copies.push_back(p.detach().clone());
    return copies;
}

} // namespace

TEST(LatentRefinement, RefiningTheEncodersLatentsBringsTheResynthesisOfARealHitCloser) {
    const auto model = drums8();
    const int cls = model->classIndex("snare");
    ASSERT_GE(cls, 0);
    const auto hit = snareHit(*model);
    const auto weightsBefore = weightCopies(*model);

    const auto mu = model->encode(hit, cls);
    int calls = 0;
    const auto refined = model->encode(hit, cls, {40, 0.05, 7}, [&](int done, int total) {
        EXPECT_EQ(done, ++calls);
        EXPECT_EQ(total, 40);
        return true;
    });
    EXPECT_EQ(calls, 40);
    ASSERT_EQ(refined.numGrains, mu.numGrains);
    ASSERT_EQ(refined.latentDim, mu.latentDim);

    const double before = distance(*model, hit, mu, cls);
    const double after = distance(*model, hit, refined, cls);
    std::printf("snare resynthesis, spectral distance: encoder μ %.3f, 40 steps %.3f\n", before,
                after);
    EXPECT_LT(after, 0.95 * before);
    // Only z moved: the weights are as loaded and have no gradient attached.
    const auto params = model->impl().grain->parameters();
    ASSERT_EQ(params.size(), weightsBefore.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        EXPECT_TRUE(torch::equal(params[i].detach(), weightsBefore[i])) << "parameter " << i;
        EXPECT_FALSE(params[i].grad().defined()) << "parameter " << i;
    }
}

TEST(LatentRefinement, EqualSeedsGiveEqualLatentsAndProgressCanStopEarly) {
    const auto model = drums8();
    const int cls = model->classIndex("snare");
    const auto hit = snareHit(*model);
    const auto a = model->encode(hit, cls, {5, 0.05, 3});
    const auto b = model->encode(hit, cls, {5, 0.05, 3});
    const auto c = model->encode(hit, cls, {5, 0.05, 4});
    EXPECT_EQ(a.values, b.values);
    EXPECT_NE(a.values, c.values);
    EXPECT_EQ(model->encode(hit, cls, {0, 0.05, 3}).values, model->encode(hit, cls).values);

    // Stopped after the third step: the same z as three steps run to the end.
    int calls = 0;
    const auto stopped =
        model->encode(hit, cls, {5, 0.05, 3}, [&](int done, int) { return ++calls, done < 3; });
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(stopped.values, model->encode(hit, cls, {3, 0.05, 3}).values);
}

TEST(LatentRefinement, ShapesOrOptionsThatDoNotFitAreRefused) {
    const auto model = drums8();
    auto& vae = *model->impl().grain;
    const auto& c = model->config();
    const auto audio = torch::zeros({1, c.exampleLength()});
    const auto classes = torch::zeros({1}, torch::kLong);
    const auto z = torch::zeros({1, c.numGrains, c.latentDim});
    EXPECT_THROW(refineLatents(vae, audio, classes, torch::zeros({1, c.numGrains, 3}), {1}),
                 std::invalid_argument);
    EXPECT_THROW(refineLatents(vae, audio.narrow(1, 0, 1000), classes, z, {1}),
                 std::invalid_argument);
    EXPECT_THROW(refineLatents(vae, audio, torch::zeros({2}, torch::kLong), z, {1}),
                 std::invalid_argument);
    EXPECT_THROW(refineLatents(vae, audio, classes, z, {1, 0.0}), std::invalid_argument);
    EXPECT_THROW(refineLatents(vae, audio, classes, z, {-1}), std::invalid_argument);
    EXPECT_THROW(model->encode(std::vector<float>(4000, 0.0f), 99, {1}), std::out_of_range);
    // One step on silence stays finite.
    const auto out = refineLatents(vae, audio, classes, z, {1});
    EXPECT_TRUE(torch::isfinite(out).all().item<bool>());
}
