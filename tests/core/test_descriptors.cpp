// The attribute-fader descriptors on signals with known values: RMS of a sine, centroid of one
// and two sines, bandwidth of two sines, ISO 532-1 loudness (1 kHz at 40 dB SPL = 1 sone),
// sharpness (critical-band noise at 1 kHz, 60 dB = 1 acum), boominess ordering, real audio.

#include <cmath>
#include <complex>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

#include "core/dsp/Descriptors.h"
#include "core/dsp/ZwickerLoudness.h"
#include "core/io/AudioFile.h"

using namespace latentrack::core;
using dsp::Descriptor;

namespace {

constexpr double kSr = 16000.0;

std::vector<float> sines(std::initializer_list<std::pair<double, double>> parts, int n,
                         double sr = kSr) {
    std::vector<float> x(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        double v = 0.0;
        for (const auto& [hz, amplitude] : parts)
            v += amplitude * std::sin(2.0 * std::numbers::pi * hz * i / sr);
        x[static_cast<std::size_t>(i)] = static_cast<float>(v);
    }
    return x;
}

/// Noise with a flat spectrum between lo and hi Hz (random phases, one period of n samples),
/// scaled to `rms`.
std::vector<float> bandNoise(double lo, double hi, double rms, int n, double sr,
                             unsigned seed = 7) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> phase(0.0, 2.0 * std::numbers::pi);
    std::vector<double> x(static_cast<std::size_t>(n), 0.0);
    for (int k = 1; k < n / 2; ++k) {
        const double f = k * sr / n;
        if (f < lo || f > hi)
            continue;
        const double p = phase(rng);
        for (int i = 0; i < n; ++i)
            x[static_cast<std::size_t>(i)] += std::cos(2.0 * std::numbers::pi * k * i / n + p);
    }
    double sq = 0.0;
    for (double v : x)
        sq += v * v;
    const double scale = rms / std::sqrt(sq / n);
    std::vector<float> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = static_cast<float>(x[i] * scale);
    return out;
}

/// RMS for `db` dB SPL when RMS 1 is 100 dB SPL.
double rmsAt(double db) {
    return std::pow(10.0, (db - 100.0) / 20.0);
}

/// Descriptors of the middle frame of x.
dsp::DescriptorFrame middle(const std::vector<float>& x, double sr = kSr) {
    dsp::DescriptorConfig c;
    c.sampleRate = sr;
    dsp::DescriptorAnalyzer a(c);
    const auto frames = a.analyse(x);
    return frames[frames.size() / 2];
}

std::array<double, dsp::kThirdOctaveBands> silence() {
    std::array<double, dsp::kThirdOctaveBands> lt{};
    lt.fill(-100.0);
    return lt;
}

} // namespace

TEST(Descriptors, RmsOfASine) {
    const auto f = middle(sines({{1000.0, 0.5}}, 16000));
    EXPECT_NEAR(f[Descriptor::Rms], 0.5 / std::sqrt(2.0), 1e-4);
}

TEST(Descriptors, CentroidOfOneAndTwoSines) {
    EXPECT_NEAR(middle(sines({{1000.0, 0.5}}, 16000))[Descriptor::Centroid], 1000.0, 10.0);
    EXPECT_NEAR(middle(sines({{500.0, 0.3}, {2500.0, 0.3}}, 16000))[Descriptor::Centroid], 1500.0,
                15.0);
    // Magnitude-weighted: amplitudes 3:1 put it a quarter of the way from 500 Hz.
    EXPECT_NEAR(middle(sines({{500.0, 0.3}, {2500.0, 0.1}}, 16000))[Descriptor::Centroid], 1000.0,
                15.0);
}

TEST(Descriptors, BandwidthOfTwoSines) {
    const auto f = middle(sines({{500.0, 0.3}, {2500.0, 0.3}}, 16000));
    EXPECT_NEAR(f[Descriptor::Bandwidth], 1000.0, 20.0);
    EXPECT_LT(middle(sines({{1000.0, 0.3}}, 16000))[Descriptor::Bandwidth], 60.0)
        << "one sine: only the window's leakage";
}

TEST(Descriptors, OneKilohertzAtFortyDbIsOneSone) {
    // The sone scale: 1 sone at 40 dB SPL (40 phon at 1 kHz), twice as loud per 10 phon.
    for (const auto& [db, sone] : {std::pair{40.0, 1.0}, {60.0, 4.0}, {70.0, 8.0}}) {
        const auto f = middle(sines({{1000.0, rmsAt(db) * std::sqrt(2.0)}}, 16000));
        EXPECT_NEAR(f.loudnessSone, sone, 0.07 * sone) << db << " dB SPL";
    }
    EXPECT_EQ(dsp::zwickerLoudness(silence()).sone, 0.0);
    auto lt = silence();
    lt[16] = 50.0;
    const double at50 = dsp::zwickerLoudness(lt).sone;
    lt[16] = 51.0;
    EXPECT_GT(dsp::zwickerLoudness(lt).sone, at50);
    lt[26] = 70.0; // 10 kHz: the diffuse field is louder there (DDF +4.3 dB)
    EXPECT_GT(dsp::zwickerLoudness(lt, dsp::SoundField::Diffuse).sone,
              dsp::zwickerLoudness(lt).sone);
}

TEST(Descriptors, ThirdOctaveLevelsOfASine) {
    // Mean square per bin of a 70 dB SPL sine at 1 kHz, one bin wide.
    const double binHz = 10.0;
    std::vector<float> power(2000, 0.0f);
    power[100] = static_cast<float>(rmsAt(70.0) * rmsAt(70.0));
    const auto lt = dsp::thirdOctaveLevels(power, binHz, 100.0);
    EXPECT_NEAR(lt[16], 70.0, 0.1) << "the band it is centred in keeps its level";
    EXPECT_NEAR(lt[15], 70.0 - 18.0, 2.0) << "the filter skirt of the 800 Hz band";
    EXPECT_NEAR(lt[17], 70.0 - 18.0, 2.0);
    EXPECT_LT(lt[10], 0.0) << "far bands see nothing";
    EXPECT_DOUBLE_EQ(dsp::thirdOctaveCentreHz(16), 1000.0);
}

TEST(Descriptors, CriticalBandNoiseAtOneKilohertzSixtyDbIsOneAcum) {
    const double sr = 44100.0;
    const auto noise = bandNoise(920.0, 1080.0, rmsAt(60.0), 8192, sr);
    const auto f = middle(noise, sr);
    EXPECT_NEAR(f[Descriptor::Sharpness], 1.0, 0.1);
    const auto high = middle(bandNoise(3700.0, 4300.0, rmsAt(60.0), 8192, sr), sr);
    EXPECT_GT(high[Descriptor::Sharpness], 1.5f) << "higher noise is sharper";
}

TEST(Descriptors, LowPassNoiseBoomsMoreThanHighPassNoise) {
    const double sr = 44100.0;
    const auto low = middle(bandNoise(30.0, 200.0, rmsAt(70.0), 8192, sr), sr);
    const auto high = middle(bandNoise(2000.0, 8000.0, rmsAt(70.0), 8192, sr), sr);
    EXPECT_GT(low[Descriptor::Boominess], 2.0f * high[Descriptor::Boominess]);
    EXPECT_GT(low[Descriptor::Boominess], 0.0f);
    EXPECT_LT(low[Descriptor::Sharpness], high[Descriptor::Sharpness]);
}

TEST(Descriptors, SilenceIsZeroAndRealAudioIsFiniteAndInRange) {
    for (const auto& f : dsp::DescriptorAnalyzer({}).analyse(std::vector<float>(8000, 0.0f)))
        for (float v : f.values)
            EXPECT_EQ(v, 0.0f);
    auto snare = io::readAudioFile("/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0/"
                                   "PearlSnare-Hard.wav");
    snare = io::resample(snare, kSr);
    const auto mono = io::toMono(snare);
    dsp::DescriptorAnalyzer a({});
    const auto frames = a.analyse(mono);
    ASSERT_EQ(static_cast<int>(frames.size()), a.numFrames(mono.size()));
    float loudest = 0.0f;
    for (const auto& f : frames) {
        for (float v : f.values)
            ASSERT_TRUE(std::isfinite(v));
        EXPECT_GE(f[Descriptor::Rms], 0.0f);
        EXPECT_LE(f[Descriptor::Rms], 1.0f);
        EXPECT_GE(f[Descriptor::Centroid], 0.0f);
        EXPECT_LE(f[Descriptor::Centroid], kSr / 2);
        EXPECT_LE(f[Descriptor::Bandwidth], kSr / 2);
        EXPECT_GE(f[Descriptor::Sharpness], 0.0f);
        EXPECT_LE(f[Descriptor::Sharpness], 10.0f);
        EXPECT_GE(f[Descriptor::Boominess], 0.0f);
        loudest = std::max(loudest, f.loudnessSone);
    }
    EXPECT_GT(loudest, 1.0f) << "a snare hit is louder than a quiet tone";
}

TEST(Descriptors, RangeMapsTheDatasetToPlusMinusOne) {
    std::vector<dsp::DescriptorFrame> frames(3);
    for (int i = 0; i < 3; ++i)
        for (auto& v : frames[static_cast<std::size_t>(i)].values)
            v = static_cast<float>(10 * i);
    frames[1].values[2] = 7.0f; // bandwidth 0, 7, 20
    const auto range = dsp::DescriptorRange::fit(frames);
    EXPECT_FLOAT_EQ(range.normalise(frames[0])[0], -1.0f);
    EXPECT_FLOAT_EQ(range.normalise(frames[2])[0], 1.0f);
    EXPECT_FLOAT_EQ(range.normalise(frames[1])[0], 0.0f);
    EXPECT_FLOAT_EQ(range.denormalise(Descriptor::Bandwidth, range.normalise(frames[1])[2]), 7.0f);
    EXPECT_THROW(dsp::DescriptorRange::fit({}), std::invalid_argument);
    EXPECT_EQ(dsp::descriptorFromName("sharpness"), Descriptor::Sharpness);
    EXPECT_THROW(dsp::descriptorFromName("warmth"), std::invalid_argument);
}
