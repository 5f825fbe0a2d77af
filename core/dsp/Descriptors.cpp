#include "core/dsp/Descriptors.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "core/dsp/RealFft.h"
#include "core/dsp/ZwickerLoudness.h"

namespace latentrack::core::dsp {

namespace {

constexpr std::array<const char*, kNumDescriptors> kNames = {"rms", "centroid", "bandwidth",
                                                             "sharpness", "boominess"};
constexpr std::array<const char*, kNumDescriptors> kUnits = {"", "Hz", "Hz", "acum", ""};

std::vector<float> hann(int n) {
    std::vector<float> w(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        w[static_cast<std::size_t>(i)] =
            static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * i / n));
    return w;
}

} // namespace

const char* descriptorName(Descriptor d) {
    return kNames[static_cast<std::size_t>(d)];
}

const char* descriptorUnit(Descriptor d) {
    return kUnits[static_cast<std::size_t>(d)];
}

Descriptor descriptorFromName(const std::string& name) {
    for (int i = 0; i < kNumDescriptors; ++i)
        if (name == kNames[static_cast<std::size_t>(i)])
            return static_cast<Descriptor>(i);
    throw std::invalid_argument("no descriptor \"" + name +
                                "\" (rms, centroid, bandwidth, sharpness, boominess)");
}

DescriptorAnalyzer::DescriptorAnalyzer(const DescriptorConfig& c) : m_config(c) {
    const auto valid = [](int n) { return n >= 16 && n % 2 == 0; };
    if (!(c.sampleRate > 0.0) || !valid(c.frameSize) || !valid(c.loudnessFrameSize) || c.hop < 1)
        throw std::invalid_argument("descriptors: sample rate " + std::to_string(c.sampleRate) +
                                    " Hz, frame " + std::to_string(c.frameSize) +
                                    ", loudness frame " + std::to_string(c.loudnessFrameSize) +
                                    ", hop " + std::to_string(c.hop) +
                                    " is not a valid setting (frames even and ≥ 16, hop ≥ 1)");
    m_fft = std::make_unique<RealFft>(c.frameSize);
    m_loudnessFft = std::make_unique<RealFft>(c.loudnessFrameSize);
    m_bank = std::make_unique<ThirdOctaveBank>(m_loudnessFft->bins(),
                                               c.sampleRate / c.loudnessFrameSize);
    m_window = hann(c.frameSize);
    m_loudnessWindow = hann(c.loudnessFrameSize);
}

DescriptorAnalyzer::~DescriptorAnalyzer() = default;

int DescriptorAnalyzer::numFrames(std::size_t samples) const {
    return static_cast<int>(samples / static_cast<std::size_t>(m_config.hop)) + 1;
}

void DescriptorAnalyzer::framePower(std::span<const float> x, long centre, RealFft& fft,
                                    const std::vector<float>& window, std::vector<float>& power) {
    const int n = fft.size();
    m_frame.resize(static_cast<std::size_t>(n));
    double windowEnergy = 0.0;
    for (int i = 0; i < n; ++i) {
        const long s = centre - n / 2 + i;
        const float v =
            s >= 0 && s < static_cast<long>(x.size()) ? x[static_cast<std::size_t>(s)] : 0.0f;
        const float w = window[static_cast<std::size_t>(i)];
        m_frame[static_cast<std::size_t>(i)] = v * w;
        windowEnergy += static_cast<double>(w) * w;
    }
    power.resize(static_cast<std::size_t>(fft.bins()));
    fft.power(m_frame.data(), power.data());
    // Mean square per bin of the one-sided spectrum: Σ power = the windowed frame's mean square
    // divided by the window's (Parseval).
    const double scale = 1.0 / (static_cast<double>(n) * windowEnergy);
    for (int k = 0; k < fft.bins(); ++k)
        power[static_cast<std::size_t>(k)] *=
            static_cast<float>((k == 0 || k == n / 2 ? 1.0 : 2.0) * scale);
}

std::vector<DescriptorFrame> DescriptorAnalyzer::analyse(std::span<const float> x) {
    const auto& c = m_config;
    std::vector<DescriptorFrame> out(static_cast<std::size_t>(numFrames(x.size())));
    const double binHz = c.sampleRate / c.frameSize;
    for (std::size_t t = 0; t < out.size(); ++t) {
        auto& f = out[t];
        const long centre = static_cast<long>(t) * c.hop;
        // RMS of the unwindowed frame.
        double sq = 0.0;
        for (int i = 0; i < c.frameSize; ++i) {
            const long s = centre - c.frameSize / 2 + i;
            if (s >= 0 && s < static_cast<long>(x.size()))
                sq += static_cast<double>(x[static_cast<std::size_t>(s)]) *
                      x[static_cast<std::size_t>(s)];
        }
        f.values[static_cast<std::size_t>(Descriptor::Rms)] =
            static_cast<float>(std::sqrt(sq / c.frameSize));

        // Centroid and bandwidth of the magnitude spectrum.
        framePower(x, centre, *m_fft, m_window, m_power);
        double sum = 0.0;
        double weighted = 0.0;
        for (std::size_t k = 0; k < m_power.size(); ++k) {
            const double mag = std::sqrt(static_cast<double>(m_power[k]));
            sum += mag;
            weighted += mag * static_cast<double>(k) * binHz;
        }
        if (sum > 1e-12) {
            const double centroid = weighted / sum;
            double spread = 0.0;
            for (std::size_t k = 0; k < m_power.size(); ++k) {
                const double d = static_cast<double>(k) * binHz - centroid;
                spread += std::sqrt(static_cast<double>(m_power[k])) * d * d;
            }
            f.values[static_cast<std::size_t>(Descriptor::Centroid)] = static_cast<float>(centroid);
            f.values[static_cast<std::size_t>(Descriptor::Bandwidth)] =
                static_cast<float>(std::sqrt(spread / sum));
        }

        // Sharpness and boominess from the ISO 532-1 specific loudness.
        framePower(x, centre, *m_loudnessFft, m_loudnessWindow, m_power);
        const auto loudness = zwickerLoudness(m_bank->levels(m_power, c.dbSplAtUnitRms));
        f.loudnessSone = static_cast<float>(loudness.sone);
        f.values[static_cast<std::size_t>(Descriptor::Sharpness)] =
            static_cast<float>(sharpnessAcum(loudness));
        f.values[static_cast<std::size_t>(Descriptor::Boominess)] =
            static_cast<float>(boomingIndex(loudness));
    }
    return out;
}

double barkToHz(double z) {
    return 600.0 * std::sinh(z / 6.0);
}

double sharpnessWeight(int step) {
    const double z = 0.1 * (step + 1);
    const double g = z <= 16.0 ? 1.0 : 0.066 * std::exp(0.171 * z);
    return 0.11 * g * z;
}

double boomingWeight(int step) {
    const double bandStep = std::log10(31.5 / 25.0); // one third-octave band on a log10 axis
    const double hz = barkToHz(0.1 * (step + 1));
    const double band = std::max(4.0, (std::log10(hz) - std::log10(25.0)) / bandStep + 1.0);
    return 2.13 * std::exp(-0.151 * band);
}

bool boomingLow(int step) {
    return barkToHz(0.1 * (step + 1)) < 280.0;
}

double sharpnessAcum(const ZwickerLoudness& loudness) {
    double total = 0.0;
    double weighted = 0.0;
    for (int i = 0; i < kSpecificLoudnessSteps; ++i) {
        const double n = loudness.specific[static_cast<std::size_t>(i)] * 0.1;
        total += n;
        weighted += n * sharpnessWeight(i);
    }
    return total > 1e-9 ? weighted / total : 0.0;
}

double boomingIndex(const ZwickerLoudness& loudness) {
    double total = 0.0;
    double low = 0.0;
    double weighted = 0.0;
    for (int i = 0; i < kSpecificLoudnessSteps; ++i) {
        const double n = loudness.specific[static_cast<std::size_t>(i)] * 0.1;
        total += n;
        weighted += n * boomingWeight(i);
        if (boomingLow(i))
            low += n;
    }
    return total > 1e-9 ? weighted * low / total : 0.0;
}

DescriptorRange DescriptorRange::fit(std::span<const DescriptorFrame> frames) {
    if (frames.empty())
        throw std::invalid_argument("descriptor range: no frames to fit");
    DescriptorRange r;
    r.min = frames.front().values;
    r.max = frames.front().values;
    for (const auto& f : frames)
        for (int d = 0; d < kNumDescriptors; ++d) {
            const auto i = static_cast<std::size_t>(d);
            r.min[i] = std::min(r.min[i], f.values[i]);
            r.max[i] = std::max(r.max[i], f.values[i]);
        }
    return r;
}

std::array<float, kNumDescriptors> DescriptorRange::normalise(const DescriptorFrame& f) const {
    std::array<float, kNumDescriptors> out{};
    for (int d = 0; d < kNumDescriptors; ++d) {
        const auto i = static_cast<std::size_t>(d);
        out[i] = normalise(static_cast<Descriptor>(d), f.values[i]);
    }
    return out;
}

float DescriptorRange::normalise(Descriptor d, float value) const {
    const auto i = static_cast<std::size_t>(d);
    const float span = max[i] - min[i];
    return span > 0.0f ? 2.0f * (value - min[i]) / span - 1.0f : 0.0f;
}

float DescriptorRange::denormalise(Descriptor d, float normalised) const {
    const auto i = static_cast<std::size_t>(d);
    return min[i] + (normalised + 1.0f) * 0.5f * (max[i] - min[i]);
}

} // namespace latentrack::core::dsp
