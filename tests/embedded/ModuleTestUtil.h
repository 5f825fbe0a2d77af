#pragma once
// Measuring what the module played in its offline tests.

#include <cmath>
#include <cstddef>
#include <vector>

namespace latentrack::test {

/// RMS in dB of `x` (at `rate` Hz) over [from, to) seconds; −200 dB for silence.
inline double rmsDb(const std::vector<float>& x, double rate, double from, double to) {
    const auto a = static_cast<std::size_t>(from * rate), b = static_cast<std::size_t>(to * rate);
    double s = 0.0;
    for (std::size_t i = a; i < b; ++i)
        s += static_cast<double>(x[i]) * x[i];
    return 10.0 * std::log10(s / static_cast<double>(b - a) + 1e-20);
}

} // namespace latentrack::test
