#include "Onsets.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace latentrack::test {

std::vector<long> energyOnsets(const std::vector<float>& x) {
    constexpr int hop = 64;
    std::vector<float> d(x.size(), 0.0f);
    for (std::size_t i = 1; i < x.size(); ++i)
        d[i] = x[i] - x[i - 1];
    std::vector<double> e;
    for (std::size_t i = 0; i + hop <= d.size(); i += hop) {
        double acc = 0.0;
        for (int k = 0; k < hop; ++k)
            acc += static_cast<double>(d[i + k]) * d[i + k];
        e.push_back(acc / hop);
    }
    std::vector<long> onsets;
    long last = -100000;
    for (std::size_t h = 0; h < e.size(); ++h) {
        double before = 0.0;
        for (std::size_t k = 1; k <= 8; ++k)
            before += h >= k ? e[h - k] : 0.0;
        before /= 8.0;
        const long at = static_cast<long>(h) * hop;
        if (e[h] > 10.0 * before && e[h] > 1e-5 && at - last > 1500) {
            float peak = 0.0f;
            for (int k = 0; k < hop; ++k)
                peak = std::max(peak, std::abs(d[at + k]));
            long first = at;
            while (std::abs(d[first]) < 0.25f * peak)
                ++first;
            onsets.push_back(first);
            last = at;
        }
    }
    return onsets;
}

std::vector<long> patternOnsets(const core::project::Project& p, int bars, double sampleRate) {
    const double step = sampleRate * 60.0 / (p.bpm * 4.0);
    std::vector<long> expected;
    for (int j = 0; j < bars * p.pattern.numSteps; ++j) {
        bool any = false;
        for (int t = 0; t < p.pattern.numTracks(); ++t)
            any = any || p.pattern.isOn(t, j % p.pattern.numSteps);
        if (any)
            expected.push_back(std::lround(j * step + (j % 2 ? (2 * p.swing - 1) * step : 0.0)));
    }
    return expected;
}

int matchOnsets(const std::vector<long>& found, const std::vector<long>& expected, long tolerance,
                std::vector<long>& unmatched) {
    int matched = 0;
    for (long f : found) {
        long best = 1L << 30;
        for (long e : expected)
            best = std::min(best, std::abs(f - e));
        if (best <= tolerance)
            ++matched;
        else
            unmatched.push_back(f);
    }
    return matched;
}

} // namespace latentrack::test
