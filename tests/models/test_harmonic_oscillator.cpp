// The attribute-fader decoder's harmonic oscillator (models/rave/HarmonicOscillator.h): a held
// note keeps its phase from one latent frame to the next (no repeat at the frame rate), the
// harmonics above Nyquist are silent, the model with an oscillator streams exactly as one offline
// call and round-trips through its folder, its filtered noise fills its mel bands and streams as
// one offline call, and the pitch targets YIN gives the training frames.

#include <cmath>
#include <filesystem>
#include <numbers>
#include <random>
#include <unistd.h>

#include <gtest/gtest.h>

#include "models/rave/HarmonicOscillator.h"
#include "models/rave/RaveData.h"
#include "models/rave/RaveLoss.h"
#include "models/rave/RaveModel.h"
#include "models/rave/RaveModelIo.h"
#include "tests/models/RaveTestUtil.h"

using namespace latentrack::models::rave;

namespace {

constexpr int kRate = 16000;
constexpr int kHop = 256;

/// The head's last convolution's bias: channel 0 the pitch, 1 the level, 2… the spread.
torch::Tensor headBias(torch::nn::Module& module) {
    torch::Tensor bias;
    for (auto& p : module.named_parameters())
        if (p.key().ends_with("head.4.conv.bias"))
            bias = p.value();
    return bias;
}

RaveConfig oscillatorConfig() {
    auto c = latentrack::test::tinyRaveConfig();
    c.harmonics = 4;
    return c;
}

} // namespace

TEST(HarmonicOscillator, AHeldNoteRunsOnInPhaseAcrossFramesAndFadesInOverTheFirst) {
    torch::NoGradGuard noGrad;
    HarmonicOscillator osc(4, 3, kHop, kRate);
    const int frames = 8;
    HarmonicControls c;
    c.pitch = torch::full({1, frames}, 69.0); // A4, 440 Hz: a period of 36.4 samples
    c.amplitudes = torch::zeros({1, 3, frames});
    c.amplitudes[0][0].fill_(0.5);
    const auto y = osc->synthesise(c);
    ASSERT_EQ(y.sizes(), (std::vector<int64_t>{1, frames * kHop}));
    double worst = 0.0;
    for (int n = 0; n < frames * kHop; ++n) {
        const double fade = n < kHop ? (n % kHop + 1) / static_cast<double>(kHop) : 1.0;
        const double expected =
            0.5 * fade * std::sin(2.0 * std::numbers::pi * 440.0 * (n + 1) / kRate);
        worst = std::max(worst, std::abs(y[0][n].item<double>() - expected));
    }
    EXPECT_LT(worst, 1e-4) << "not one continuous 440 Hz sine";
    // So it does not repeat itself a frame (or a frame and a half, or two) later: it differs
    // from itself `lag` samples on by 2·0.5·|sin(π·frac(440·lag / 16000))|, as a sine does
    // (a waveform locked to the frames would not differ at all).
    for (int lag : {kHop, 3 * kHop / 2, 2 * kHop}) {
        const auto a = y.narrow(1, 2 * kHop, 4 * kHop);
        const auto b = y.narrow(1, 2 * kHop + lag, 4 * kHop);
        const double cycles = 440.0 * lag / kRate;
        const double apart = std::abs(std::sin(std::numbers::pi * (cycles - std::floor(cycles))));
        EXPECT_GT(apart, 0.1);
        EXPECT_NEAR((a - b).abs().max().item<double>(), apart, 0.01) << "lag " << lag;
    }
}

TEST(HarmonicOscillator, AGlideFromOneNoteToTheNextReachesItAtTheFramesEnd) {
    torch::NoGradGuard noGrad;
    HarmonicOscillator osc(4, 1, kHop, kRate);
    HarmonicControls c;
    c.pitch = torch::tensor({{69.0f, 81.0f, 81.0f}}); // A4, then A5
    c.amplitudes = torch::full({1, 1, 3}, 0.5f);
    const auto y = osc->synthesise(c);
    // In frame 2 the pitch is held at 880 Hz: 880 / 16000 cycles per sample.
    const auto held = y.narrow(1, 2 * kHop, kHop);
    int crossings = 0;
    for (int n = 1; n < kHop; ++n)
        crossings += (held[0][n - 1].item<float>() < 0.0f) != (held[0][n].item<float>() < 0.0f);
    EXPECT_NEAR(crossings, 2.0 * 880.0 * (kHop - 1) / kRate, 1.5);
}

TEST(HarmonicOscillator, HarmonicsAtOrAboveNyquistAreSilentAndTheRestShareTheLevel) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(2);
    HarmonicOscillator osc(6, 8, kHop, kRate);
    auto bias = headBias(*osc);
    ASSERT_TRUE(bias.defined());
    bias[0] = 20.0f; // pitch at the top of its range, MIDI 108: 4186 Hz
    bias[1] = 20.0f; // level 1
    const auto c = osc->controls(torch::randn({2, 6, 5}) * 0.1);
    EXPECT_NEAR(c.pitch.min().item<double>(), 108.0, 0.05);
    EXPECT_EQ(c.amplitudes.narrow(1, 1, 7).abs().max().item<double>(), 0.0)
        << "8372 Hz and up are at or above 8 kHz";
    EXPECT_NEAR(c.amplitudes.select(1, 0).min().item<double>(), 1.0, 1e-3);
    bias[0] = -20.0f; // MIDI 24, 32.7 Hz: all eight audible
    const auto low = osc->controls(torch::randn({2, 6, 5}) * 0.1);
    EXPECT_NEAR(low.pitch.max().item<double>(), 24.0, 0.05);
    EXPECT_GT(low.amplitudes.min().item<double>(), 0.0);
    EXPECT_NEAR(low.amplitudes.sum(1).mean().item<double>(), 1.0, 1e-3);
    EXPECT_THROW(HarmonicOscillator(6, 0, kHop, kRate), std::invalid_argument);
}

TEST(HarmonicOscillator, AModelWithItStreamsAsOneOfflineCallAndRoundTripsThroughItsFolder) {
    torch::manual_seed(3);
    torch::NoGradGuard noGrad;
    const auto c = oscillatorConfig();
    RaveModel model(c);
    model->eval();
    ASSERT_TRUE(model->decoder().hasOscillator());
    auto bias = headBias(*model);
    ASSERT_TRUE(bias.defined());
    bias[1] = 6.0f; // loud enough to matter
    const int frames = 24;
    const auto z = torch::randn({2, c.latentDim, frames});
    const auto attributes = torch::rand({2, c.attributes, frames}) * 2 - 1;
    const auto offline = model->decode(z, attributes);
    bias[1] = -40.0f;
    const auto without = model->decode(z, attributes);
    bias[1] = 6.0f;
    EXPECT_GT((offline - without).abs().max().item<double>(), 0.1) << "the oscillator is heard";
    for (int block : {1, 5, 12}) {
        model->setStreaming(true);
        std::vector<torch::Tensor> out;
        for (int at = 0; at + block <= frames; at += block)
            out.push_back(model->decode(z.narrow(2, at, block), attributes.narrow(2, at, block)));
        const auto streamed = torch::cat(out, 1);
        const auto reference = offline.narrow(1, 0, streamed.size(1));
        // The phase accumulates the float controls' last-bit differences between block
        // sizes: within 1e-4 of an output whose peak is near 1 (−80 dB).
        EXPECT_TRUE(torch::allclose(streamed, reference, 1e-4, 1e-4))
            << "blocks of " << block << "; max difference "
            << (streamed - reference).abs().max().item<float>();
    }
    model->setStreaming(false);
    EXPECT_TRUE(torch::allclose(model->decode(z, attributes), offline)) << "offline restarts";
    EXPECT_EQ(model->pitch(z, attributes).sizes(), (std::vector<int64_t>{2, frames}));

    const auto folder = std::filesystem::temp_directory_path() /
                        ("latentrack-oscillator-" + std::to_string(::getpid()));
    RaveBundle bundle;
    bundle.model = model;
    bundle.range.max = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
    saveRaveModel(folder, bundle);
    auto loaded = loadRaveModel(folder);
    EXPECT_EQ(loaded.config().harmonics, 4);
    EXPECT_TRUE(torch::allclose(loaded.model->decode(z, attributes), offline, 1e-5, 1e-6));
    std::filesystem::remove_all(folder);

    RaveModel plain(latentrack::test::tinyRaveConfig());
    EXPECT_FALSE(plain->decoder().hasOscillator());
    EXPECT_THROW(plain->pitch(z, attributes), std::logic_error);
}

TEST(HarmonicOscillator, ItsFilteredNoiseFillsItsMelBandsAndStreamsAsOneOfflineCall) {
    constexpr int kBands = 8;
    const auto edges = HarmonicOscillatorImpl::noiseBandEdges(kBands, kRate);
    ASSERT_EQ(edges.size(), static_cast<std::size_t>(kBands + 1));
    EXPECT_EQ(edges.front(), 0.0);
    EXPECT_EQ(edges.back(), 8000.0);
    for (int n = 2; n <= kBands; ++n) // mel spacing: each band wider than the one below
        EXPECT_GT(edges[n] - edges[n - 1], edges[n - 1] - edges[n - 2]);
    EXPECT_LT(edges[1], 300.0) << "the lowest band lies in the booming range";

    torch::manual_seed(5);
    torch::NoGradGuard noGrad;
    HarmonicOscillator osc(6, 4, kHop, kRate, kBands);
    const auto& table = osc->noiseTable();
    ASSERT_EQ(table.sizes(), (std::vector<int64_t>{kBands, HarmonicOscillatorImpl::kNoiseLength}));
    const auto power = torch::fft::rfft(table).abs().pow(2); // [N, bins]
    const double binHz = static_cast<double>(kRate) / HarmonicOscillatorImpl::kNoiseLength;
    for (int n = 0; n < kBands; ++n) {
        EXPECT_NEAR(table[n].pow(2).mean().sqrt().item<double>(), 1.0, 1e-4) << "band " << n;
        const auto low = static_cast<int64_t>(std::ceil(edges[n] / binHz));
        const auto high = static_cast<int64_t>(std::ceil(edges[n + 1] / binHz));
        const double inside =
            power[n].narrow(0, low, std::min(high, power.size(1)) - low).sum().item<double>();
        EXPECT_GT(inside / power[n].sum().item<double>(), 0.999) << "band " << n;
    }

    // A fresh head plays the noise near −61 dB a band; a loud one streams as one offline call.
    const int frames = 20;
    const auto input = torch::randn({2, 6, frames}) * 0.1;
    auto controls = osc->controls(input);
    ASSERT_TRUE(controls.noise.defined());
    EXPECT_EQ(controls.noise.sizes(), (std::vector<int64_t>{2, kBands, frames}));
    for (auto& p : osc->named_parameters())
        if (p.key() == "noise.conv.bias")
            p.value().fill_(HarmonicOscillatorImpl::kNoiseOffset);
    controls = osc->controls(input);
    EXPECT_NEAR(controls.noise.mean().item<double>(), 0.5, 0.05);
    auto noiseOnly = controls;
    noiseOnly.amplitudes = torch::zeros_like(controls.amplitudes);
    const auto noise = osc->synthesise(noiseOnly);
    const auto tail = noise.narrow(1, kHop, (frames - 1) * kHop);
    EXPECT_GT(tail.pow(2).mean().sqrt().item<double>(), 0.5) << "eight bands at 0.5, RMS 1 each";
    const auto offline = osc->forward(input);
    for (int block : {1, 7}) {
        setStreaming(*osc, true); // the head's convolutions, then the carried phase and noise
        osc->setStreaming(true);
        std::vector<torch::Tensor> out;
        for (int at = 0; at + block <= frames; at += block)
            out.push_back(osc->synthesise(osc->controls(input.narrow(2, at, block))));
        const auto streamed = torch::cat(out, 1);
        EXPECT_TRUE(torch::allclose(streamed, offline.narrow(1, 0, streamed.size(1)), 1e-4, 1e-4))
            << "blocks of " << block;
    }
    setStreaming(*osc, false);
    osc->setStreaming(false);
    HarmonicOscillator plain(6, 4, kHop, kRate);
    EXPECT_FALSE(plain->controls(input).noise.defined());
    EXPECT_EQ(plain->noiseTable().numel(), 0);
    EXPECT_THROW(HarmonicOscillator(6, 4, kHop, kRate, -1), std::invalid_argument);
}

TEST(HarmonicOscillator, ThePitchTermCountsOctavesOffOnPitchedFramesOnly) {
    const auto target = torch::tensor({{69.0f, 0.0f, 60.0f, 0.0f}});
    const auto predicted = torch::tensor({{81.0f, 30.0f, 54.0f, 100.0f}});
    EXPECT_NEAR(pitchDistance(predicted, target).item<double>(), (1.0 + 0.5) / 2.0, 1e-6);
    EXPECT_EQ(pitchDistance(predicted, torch::zeros({1, 4})).item<double>(), 0.0);
}

TEST(RaveData, LatentFramePitchFindsANoteAndLeavesSilenceAndNoiseUnpitched) {
    auto c = oscillatorConfig(); // 128 samples per latent frame
    const int hop = c.compression();
    std::vector<float> audio(static_cast<std::size_t>(kRate * 2), 0.0f); // 1 s note, 1 s silence
    for (int n = 0; n < kRate; ++n) {
        const double t = static_cast<double>(n) / kRate;
        audio[static_cast<std::size_t>(n)] =
            static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * 220.0 * t) +
                               0.1 * std::sin(4.0 * std::numbers::pi * 220.0 * t));
    }
    const auto pitch = latentFramePitch(audio, c);
    ASSERT_EQ(pitch.size(), audio.size() / static_cast<std::size_t>(hop));
    const std::size_t noteFrames = static_cast<std::size_t>(kRate / hop);
    int onNote = 0;
    for (std::size_t j = 8; j + 8 < noteFrames; ++j)
        onNote += std::abs(pitch[j] - 57.0f) < 0.1f; // A3
    EXPECT_GE(onNote, static_cast<int>(noteFrames) - 17);
    for (std::size_t j = noteFrames + 8; j < pitch.size(); ++j)
        EXPECT_EQ(pitch[j], 0.0f) << "silence at frame " << j;
    std::mt19937 rng(1);
    std::normal_distribution<float> gauss(0.0f, 0.2f);
    for (auto& x : audio)
        x = gauss(rng);
    const auto noise = latentFramePitch(audio, c);
    const auto pitched = std::count_if(noise.begin(), noise.end(), [](float p) { return p > 0; });
    EXPECT_LT(pitched, static_cast<long>(noise.size() / 10)) << "white noise has no note";
}
