// Pearson's r and Spearman's ρ (core/dsp/Correlation.h), and the sign test
// (core/dsp/SignTest.h), on series with known values.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/dsp/Correlation.h"
#include "core/dsp/SignTest.h"

using latentrack::core::dsp::pearson;
using latentrack::core::dsp::spearman;

TEST(Correlation, PearsonOfLinesAndOfAKnownPair) {
    const std::vector<double> x{1, 2, 3, 4, 5};
    const std::vector<double> up{3, 5, 7, 9, 11};
    const std::vector<double> down{10, 8, 6, 4, 2};
    EXPECT_NEAR(pearson(x, up), 1.0, 1e-12);
    EXPECT_NEAR(pearson(x, down), -1.0, 1e-12);
    // Σ(x−3)(y−ȳ) = 2, Σ(x−3)² = 10, Σ(y−ȳ)² = 1.2 for y = 1, 2, 1, 2, 2 (ȳ = 1.6).
    EXPECT_NEAR(pearson(x, std::vector<double>{1, 2, 1, 2, 2}), 2.0 / std::sqrt(12.0), 1e-12);
    EXPECT_EQ(pearson(x, std::vector<double>{4, 4, 4, 4, 4}), 0.0) << "constant: no correlation";
    EXPECT_EQ(pearson(std::vector<double>{1}, std::vector<double>{2}), 0.0);
}

TEST(Correlation, SpearmanSeesMonotonicCurvesAndAveragesTies) {
    const std::vector<double> x{1, 2, 3, 4, 5};
    std::vector<double> cubed;
    for (double v : x)
        cubed.push_back(v * v * v);
    EXPECT_LT(pearson(x, cubed), 0.99);
    EXPECT_NEAR(spearman(x, cubed), 1.0, 1e-12);
    // Ranks of 10, 20, 20, 30, 5: 2, 3.5, 3.5, 5, 1.
    const std::vector<double> tied{10, 20, 20, 30, 5};
    const std::vector<double> ranks{2, 3.5, 3.5, 5, 1};
    EXPECT_NEAR(spearman(x, tied), pearson(x, ranks), 1e-12);
}

TEST(SignTest, ExactTwoSidedBinomialTails) {
    using latentrack::core::dsp::signTestP;
    EXPECT_DOUBLE_EQ(signTestP(0, 0), 1.0);
    EXPECT_NEAR(signTestP(10, 0), 2.0 / 1024.0, 1e-12);
    EXPECT_NEAR(signTestP(0, 10), 2.0 / 1024.0, 1e-12);
    EXPECT_NEAR(signTestP(8, 2), 2.0 * 56.0 / 1024.0, 1e-12); // 1 + 10 + 45 splits as uneven
    EXPECT_DOUBLE_EQ(signTestP(5, 5), 1.0);
    EXPECT_LT(signTestP(70, 30), 1e-4); // 100 pairs, 70 % one way
    EXPECT_GT(signTestP(55, 45), 0.3);  // 55 % is chance
}
