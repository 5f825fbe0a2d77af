#include "FmFidelity.h"

#include <algorithm>
#include <cmath>

#include "FmTestUtil.h"

namespace latentrack::test {

core::dsp::MelConfig fidelityMelConfig(double sampleRate) {
    core::dsp::MelConfig c;
    c.sampleRate = sampleRate;
    c.fftSize = 2048;
    c.hop = 512;
    c.numMels = 128;
    c.minHz = 20.0;
    c.maxHz = 16000.0;
    c.floorDb = -100.0;
    return c;
}

std::vector<float> renderLatentRack(const core::fm::DxVoice& voice, const FidelitySettings& s) {
    return renderFm(voice, s.note, s.velocity, s.hold, s.release, s.sampleRate);
}

core::dsp::LogMel fidelityLogMel(std::vector<float> x, core::dsp::MelSpectrogram& mel) {
    double power = 0.0;
    for (float v : x)
        power += static_cast<double>(v) * v;
    const double rms = x.empty() ? 0.0 : std::sqrt(power / static_cast<double>(x.size()));
    if (rms > 1e-12) {
        const auto gain = static_cast<float>(0.1 / rms);
        for (float& v : x)
            v *= gain;
    }
    return mel.compute(x);
}

BankFidelity compareBank(const std::vector<core::fm::DxVoice>& voices,
                         const HexterReference& hexter, const FidelitySettings& s) {
    core::dsp::MelSpectrogram mel(fidelityMelConfig(s.sampleRate));
    std::vector<core::dsp::LogMel> ours, theirs;
    BankFidelity f;
    for (const auto& v : voices) {
        f.names.push_back(v.name());
        ours.push_back(fidelityLogMel(renderLatentRack(v, s), mel));
        theirs.push_back(fidelityLogMel(
            hexter.render(v, s.note, s.velocity, s.hold, s.release, s.sampleRate), mel));
    }
    const std::size_t n = voices.size();
    f.distance.assign(n, std::vector<double>(n, 0.0));
    std::vector<double> own;
    int matches = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j)
            f.distance[i][j] = core::dsp::logMelDistance(ours[i], theirs[j]);
        const auto best = std::min_element(f.distance[i].begin(), f.distance[i].end());
        f.nearest.push_back(static_cast<int>(best - f.distance[i].begin()));
        matches += f.nearest.back() == static_cast<int>(i) ? 1 : 0;
        own.push_back(f.distance[i][i]);
    }
    if (n > 0) {
        f.ownMatchFraction = static_cast<double>(matches) / static_cast<double>(n);
        std::sort(own.begin(), own.end());
        f.medianOwnDistance = n % 2 ? own[n / 2] : 0.5 * (own[n / 2 - 1] + own[n / 2]);
    }
    return f;
}

} // namespace latentrack::test
