// A model whose harmonic oscillator is given its pitch (RaveConfig::pitchInput, f0
// conditioning): unvoiced frames are filled from their neighbours, the given pitch replaces the
// head's (clamped to its range) and is required, the stream decoder gives it the loop's, the
// live input's or the note, plus the transposition, and the nn~ export takes it as one more
// decode channel.

#include <cmath>
#include <filesystem>
#include <numbers>
#include <unistd.h>

#include <gtest/gtest.h>

#include "models/rave/RaveData.h"
#include "models/rave/RaveModel.h"
#include "models/rave/RaveStreamDecoder.h"
#include "models/rave/RaveTorchScriptExport.h"
#include "models/torchscript/TorchScriptModel.h"
#include "tests/models/RaveTestUtil.h"

using namespace latentrack::models::rave;

namespace {

constexpr int kRate = 16000;

RaveConfig pitchConfig() {
    auto c = latentrack::test::tinyRaveConfig();
    c.harmonics = 3;
    c.pitchInput = true;
    return c;
}

/// A two-partial tone of `hz` at the model's rate.
std::vector<float> tone(double hz, double seconds) {
    std::vector<float> out(static_cast<std::size_t>(seconds * kRate));
    for (std::size_t n = 0; n < out.size(); ++n) {
        const double t = static_cast<double>(n) / kRate;
        out[n] = static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * hz * t) +
                                    0.1 * std::sin(4.0 * std::numbers::pi * hz * t));
    }
    return out;
}

} // namespace

TEST(RavePitchInput, UnvoicedFramesTakeTheLastVoicedOneAndLeadingOnesTheFirst) {
    EXPECT_EQ(fillUnvoiced(std::vector<float>{0, 0, 60, 0, 62, 0}),
              (std::vector<float>{60, 60, 60, 60, 62, 62}));
    EXPECT_EQ(fillUnvoiced(std::vector<float>{0, 0, 0}), (std::vector<float>{0, 0, 0}))
        << "no voiced frame: the head's pitch stays everywhere";
    const auto rows = fillUnvoiced(torch::tensor({{0.0f, 57.0f, 0.0f}, {0.0f, 0.0f, 0.0f}}));
    EXPECT_TRUE(torch::equal(rows, torch::tensor({{57.0f, 57.0f, 57.0f}, {0.0f, 0.0f, 0.0f}})));
}

TEST(RavePitchInput, TheGivenPitchReplacesTheHeadsAndIsRequired) {
    auto bad = latentrack::test::tinyRaveConfig();
    bad.pitchInput = true; // without an oscillator
    EXPECT_THROW(bad.validate(), std::invalid_argument);

    torch::manual_seed(4);
    torch::NoGradGuard noGrad;
    const auto c = pitchConfig();
    RaveModel model(c);
    model->eval();
    const int frames = 6;
    const auto z = torch::randn({1, c.latentDim, frames});
    const auto attributes = torch::zeros({1, c.attributes, frames});
    EXPECT_THROW(model->decode(z, attributes), std::invalid_argument) << "the pitch is needed";
    EXPECT_THROW(model->decode(z, attributes, torch::full({1, frames + 1}, 60.0)),
                 std::invalid_argument);
    const auto given = torch::tensor({{69.0f, 69.0f, 0.0f, 200.0f, 10.0f, 57.0f}});
    auto& osc = *model->decoder().named_children()["harmonic"]->as<HarmonicOscillatorImpl>();
    const auto input = torch::cat({z, attributes}, 1);
    const auto head = osc.controls(input).pitch;
    const auto played = osc.controls(input, given).pitch;
    EXPECT_FLOAT_EQ(played[0][0].item<float>(), 69.0f);
    EXPECT_FLOAT_EQ(played[0][2].item<float>(), head[0][2].item<float>()) << "≤ 0: the head's";
    EXPECT_FLOAT_EQ(played[0][3].item<float>(), 108.0f) << "clamped to the oscillator's range";
    EXPECT_FLOAT_EQ(played[0][4].item<float>(), 24.0f);
    EXPECT_FLOAT_EQ(played[0][5].item<float>(), 57.0f);
    const auto a4 = model->decode(z, attributes, torch::full({1, frames}, 69.0));
    const auto a5 = model->decode(z, attributes, torch::full({1, frames}, 81.0));
    EXPECT_GT((a4 - a5).abs().max().item<double>(), 1e-4) << "the pitch is heard";

    RaveModel plain(latentrack::test::tinyRaveConfig()); // other models ignore it
    EXPECT_TRUE(torch::equal(plain->decode(z, attributes),
                             plain->decode(z, attributes, torch::full({1, frames}, 69.0))));
}

TEST(RavePitchInput, LivePitchIsCausalAndFindsTheNewestFramesNote) {
    const auto c = pitchConfig(); // 128 samples per latent frame, YIN over 1024
    const auto a3 = tone(220.0, 0.5);
    const auto pitch = liveFramePitch(a3, 4, c);
    ASSERT_EQ(pitch.size(), 4u);
    for (float p : pitch)
        EXPECT_NEAR(p, 57.0f, 0.1f);
    const std::vector<float> tooShort(a3.begin(), a3.begin() + 1100);
    const auto early = liveFramePitch(tooShort, 2, c);
    EXPECT_EQ(early[0], 0.0f) << "its window reaches before the input's start";
    EXPECT_NEAR(early[1], 57.0f, 0.1f);
    EXPECT_EQ(liveFramePitch(std::vector<float>(4096, 0.0f), 2, c)[1], 0.0f) << "silence";
}

TEST(RavePitchInput, TheStreamGivesTheNoteTheLoopsPitchOrTheLiveInputsPlusTheTransposition) {
    auto bundle =
        latentrack::test::tinyRaveBundle(6, {1.0f, 1.0f, 1.0f, 1.0f, 1.0f}, pitchConfig());
    const int hop = bundle.config().compression();
    RaveStreamDecoder voice(bundle, 1);
    voice.setNote(62.0);
    EXPECT_EQ(voice.next(2).size(), static_cast<std::size_t>(2 * hop));
    EXPECT_FLOAT_EQ(voice.lastPitch(), 62.0f) << "the prior plays the note";
    voice.setTranspose(-12.0);
    voice.next(1);
    EXPECT_FLOAT_EQ(voice.lastPitch(), 50.0f);
    voice.setNote(200.0);
    voice.setTranspose(0.0);
    voice.next(1);
    EXPECT_FLOAT_EQ(voice.lastPitch(), 108.0f) << "the note is clamped";

    voice.setNote(60.0);
    voice.setTranspose(7.0);
    voice.loop(tone(220.0, 0.5)); // A3
    voice.next(4);
    EXPECT_NEAR(voice.lastPitch(), 57.0f + 7.0f, 0.1f) << "the loop's own pitch, transposed";

    voice.setTranspose(0.0);
    voice.useLive();
    const auto e4 = tone(329.63, 0.5);
    for (int block = 0; block < 12; ++block) {
        voice.feedLive(
            std::vector<float>(e4.begin() + block * 2 * hop, e4.begin() + (block + 1) * 2 * hop),
            2);
        voice.next(2);
    }
    EXPECT_NEAR(voice.lastPitch(), 64.0f, 0.1f) << "the live input's pitch";
    for (int block = 0; block < 3; ++block) { // silence holds the last clear pitch
        voice.feedLive(std::vector<float>(static_cast<std::size_t>(2 * hop), 0.0f), 2);
        voice.next(2);
    }
    EXPECT_NEAR(voice.lastPitch(), 64.0f, 0.1f);
}

TEST(RavePitchInput, TheNnExportTakesThePitchAsItsLastDecodeChannel) {
    namespace ts = latentrack::models::torchscript;
    auto c = pitchConfig();
    c.ratios = {4, 2};
    auto bundle = latentrack::test::tinyRaveBundle(7, {1.0f, 1.0f, 1.0f, 1.0f, 1.0f}, c);
    bundle.model->eval();
    for (auto& p : bundle.model->named_parameters())
        if (p.key() == "decoder.harmonic.head.4.conv.bias")
            p.value().detach()[1] = 5.0; // the oscillator loud enough to matter
    const auto file = std::filesystem::temp_directory_path() /
                      ("latentrack-pitch-export-" + std::to_string(::getpid()) + ".ts");
    exportTorchScript(bundle, file);
    auto m = ts::TorchScriptModel::load(file);
    const auto* decode = m->info().method("decode");
    ASSERT_NE(decode, nullptr);
    EXPECT_EQ(decode->inChannels, c.latentDim + c.attributes + 1);
    ASSERT_EQ(m->info().attributes.size(), 6u);
    EXPECT_EQ(m->info().attributes[5].first, "pitch");

    torch::NoGradGuard noGrad;
    const int frames = 12;
    const auto z = torch::randn({1, c.latentDim, frames});
    const auto attributes = torch::rand({1, c.attributes, frames}) * 2 - 1;
    const auto pitch = torch::linspace(55.0, 67.0, frames).reshape({1, frames});
    const auto native = bundle.model->decode(z, attributes, pitch);
    const auto scripted = m->run(*decode, torch::cat({z, attributes, pitch.unsqueeze(1)}, 1));
    EXPECT_LT((scripted[0][0] - native[0]).abs().max().item<float>(), 1e-4);
    std::filesystem::remove(file);
}
