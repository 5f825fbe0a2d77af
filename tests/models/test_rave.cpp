// The RAVE-style model's parts: PQMF near-perfect reconstruction and band separation, the
// causal streaming convolutions and the whole model streaming block by block exactly as one
// offline call, and a few training steps lowering the loss on real audio.

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "core/io/AudioFile.h"
#include "models/rave/RaveLoss.h"
#include "models/rave/RaveModel.h"

using namespace latentrack::models::rave;

namespace {

double snrDb(const torch::Tensor& reference, const torch::Tensor& test) {
    const double signal = reference.square().sum().item<double>();
    const double noise = (reference - test).square().sum().item<double>();
    return 10.0 * std::log10(signal / std::max(noise, 1e-30));
}

RaveConfig tinyConfig() {
    RaveConfig c;
    c.capacity = 4;
    c.latentDim = 4;
    c.ratios = {2, 2};
    c.dilations = {1, 3};
    c.windowSize = 4096;
    c.fftSizes = {512, 256, 128};
    return c;
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

TEST(RaveModel, DecoderAndEncoderStreamAsOneOfflineCall) {
    torch::manual_seed(3);
    torch::NoGradGuard noGrad;
    const auto c = tinyConfig();
    RaveModel model(c);
    model->eval();
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
    EXPECT_THROW(model->decode(z, torch::zeros({2, 3, frames})), std::invalid_argument);
    EXPECT_THROW(model->encode(torch::zeros({1, 100})), std::invalid_argument);
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
