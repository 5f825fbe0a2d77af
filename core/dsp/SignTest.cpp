#include "core/dsp/SignTest.h"

#include <algorithm>
#include <cmath>

namespace latentrack::core::dsp {

double signTestP(int wins, int losses) {
    const int n = std::max(0, wins) + std::max(0, losses);
    const int k = std::max(0, std::min(wins, losses));
    double tail = 0.0; // P(X ≤ k), X ~ binomial(n, ½), in logs so that n may be large
    for (int i = 0; i <= k; ++i)
        tail += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) -
                         n * std::log(2.0));
    return std::min(1.0, 2.0 * tail);
}

} // namespace latentrack::core::dsp
