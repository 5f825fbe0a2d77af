#include "core/dsp/MelSpectrogram.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "core/dsp/RealFft.h"

namespace latentrack::core::dsp {

namespace {
double hzToMel(double hz) {
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}
double melToHz(double mel) {
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}
} // namespace

MelSpectrogram::MelSpectrogram(const MelConfig& c) : m_config(c) {
    if (c.sampleRate <= 0.0 || c.fftSize < 16 || c.fftSize % 2 != 0 || c.hop < 1 || c.numMels < 1 ||
        c.minHz < 0.0 || c.maxHz <= c.minHz)
        throw std::invalid_argument("mel spectrogram: sample rate " + std::to_string(c.sampleRate) +
                                    ", FFT " + std::to_string(c.fftSize) + ", hop " +
                                    std::to_string(c.hop) + ", " + std::to_string(c.numMels) +
                                    " bands from " + std::to_string(c.minHz) + " to " +
                                    std::to_string(c.maxHz) + " Hz is not a valid setting");
    const int n = c.fftSize;
    m_window.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        m_window[static_cast<std::size_t>(i)] = static_cast<float>(
            0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / n));
    // A full-scale sine through the Hann window peaks at n/4 in magnitude.
    m_powerScale = 1.0f / (static_cast<float>(n) * static_cast<float>(n) / 16.0f);

    const double maxHz = std::min(c.maxHz, 0.5 * c.sampleRate);
    const double lo = hzToMel(c.minHz), hi = hzToMel(maxHz);
    const int bins = n / 2 + 1;
    m_bands.resize(static_cast<std::size_t>(c.numMels));
    for (int m = 0; m < c.numMels; ++m) {
        const double f0 = melToHz(lo + (hi - lo) * m / (c.numMels + 1));
        const double f1 = melToHz(lo + (hi - lo) * (m + 1) / (c.numMels + 1));
        const double f2 = melToHz(lo + (hi - lo) * (m + 2) / (c.numMels + 1));
        auto& band = m_bands[static_cast<std::size_t>(m)];
        int nearest = 0;
        double nearestDistance = 1e30;
        for (int k = 0; k < bins; ++k) {
            const double f = static_cast<double>(k) * c.sampleRate / n;
            if (std::abs(f - f1) < nearestDistance) {
                nearestDistance = std::abs(f - f1);
                nearest = k;
            }
            double w = 0.0;
            if (f > f0 && f <= f1)
                w = (f - f0) / (f1 - f0);
            else if (f > f1 && f < f2)
                w = (f2 - f) / (f2 - f1);
            if (w > 0.0)
                band.emplace_back(k, static_cast<float>(w));
        }
        // Bands narrower than a bin take the nearest bin, so no band is empty at low Hz.
        if (band.empty())
            band.emplace_back(nearest, 1.0f);
    }
    m_fft = std::make_unique<RealFft>(n);
}

MelSpectrogram::~MelSpectrogram() = default;

double melBandCentreHz(const MelConfig& c, double band) {
    const double lo = hzToMel(c.minHz), hi = hzToMel(std::min(c.maxHz, 0.5 * c.sampleRate));
    return melToHz(lo + (hi - lo) * (band + 1.0) / (c.numMels + 1));
}

double melBandOfHz(const MelConfig& c, double hz) {
    const double lo = hzToMel(c.minHz), hi = hzToMel(std::min(c.maxHz, 0.5 * c.sampleRate));
    return (hzToMel(hz) - lo) / (hi - lo) * (c.numMels + 1) - 1.0;
}

LogMel MelSpectrogram::compute(std::span<const float> x) {
    const int n = m_config.fftSize;
    const int hop = m_config.hop;
    LogMel out;
    out.mels = m_config.numMels;
    out.frames = std::max(1, static_cast<int>((x.size() + static_cast<std::size_t>(hop) - 1) /
                                              static_cast<std::size_t>(hop)));
    out.db.resize(static_cast<std::size_t>(out.frames) * static_cast<std::size_t>(out.mels));
    const float floorPower = static_cast<float>(std::pow(10.0, m_config.floorDb / 10.0));
    std::vector<float> power(static_cast<std::size_t>(n / 2 + 1));
    std::vector<float> frame(static_cast<std::size_t>(n));
    for (int t = 0; t < out.frames; ++t) {
        const std::size_t start = static_cast<std::size_t>(t) * static_cast<std::size_t>(hop);
        for (int i = 0; i < n; ++i) {
            const std::size_t s = start + static_cast<std::size_t>(i);
            frame[static_cast<std::size_t>(i)] =
                s < x.size() ? x[s] * m_window[static_cast<std::size_t>(i)] : 0.0f;
        }
        m_fft->power(frame.data(), power.data());
        for (auto& p : power)
            p *= m_powerScale;
        for (int m = 0; m < out.mels; ++m) {
            float p = 0.0f;
            for (const auto& [bin, w] : m_bands[static_cast<std::size_t>(m)])
                p += w * power[static_cast<std::size_t>(bin)];
            out.db[static_cast<std::size_t>(t * out.mels + m)] =
                10.0f * std::log10(std::max(p, floorPower));
        }
    }
    return out;
}

double logMelDistance(const LogMel& a, const LogMel& b) {
    if (a.mels != b.mels || a.frames == 0 || b.frames == 0)
        throw std::invalid_argument("log-mel distance: spectrograms of " + std::to_string(a.mels) +
                                    " and " + std::to_string(b.mels) + " bands (" +
                                    std::to_string(a.frames) + " and " + std::to_string(b.frames) +
                                    " frames) cannot be compared");
    const int frames = std::min(a.frames, b.frames);
    double sum = 0.0;
    for (int i = 0; i < frames * a.mels; ++i)
        sum += std::abs(static_cast<double>(a.db[static_cast<std::size_t>(i)]) -
                        b.db[static_cast<std::size_t>(i)]);
    return sum / (static_cast<double>(frames) * a.mels);
}

} // namespace latentrack::core::dsp
