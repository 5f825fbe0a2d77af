// Attribute-fader modulators: shapes, rate, amount, bias, held random, clamping.

#include <cmath>

#include <gtest/gtest.h>

#include "core/control/Modulator.h"

using namespace latentrack::core::control;

TEST(Modulator, ShapesRatesAmountAndBias) {
    ModulatorSettings m;
    EXPECT_EQ(modulatorValue(m, 1.3), 0.0f) << "off";
    m.shape = ModShape::Sine;
    m.rateHz = 2.0f;
    m.amount = 0.5f;
    m.bias = 0.1f;
    EXPECT_NEAR(modulatorValue(m, 0.125), 0.6f, 1e-6) << "a quarter cycle at 2 Hz";
    EXPECT_NEAR(modulatorValue(m, 0.375), -0.4f, 1e-6);
    m.shape = ModShape::Square;
    EXPECT_NEAR(modulatorValue(m, 0.1), 0.6f, 1e-6);
    EXPECT_NEAR(modulatorValue(m, 0.3), -0.4f, 1e-6);
    m.shape = ModShape::Saw;
    EXPECT_NEAR(modulatorValue(m, 0.75), 0.1f, 1e-6) << "mid-cycle";
    EXPECT_NEAR(modulatorValue(m, 0.625), 0.1f - 0.25f, 1e-6) << "a quarter into a cycle";
    m.shape = ModShape::RampUp;
    m.bias = 0.0f;
    m.amount = 1.0f;
    EXPECT_NEAR(modulatorValue(m, 0.0), -1.0f, 1e-6);
    EXPECT_NEAR(modulatorValue(m, 0.25), 0.0f, 1e-6);
    EXPECT_NEAR(modulatorValue(m, 10.0), 1.0f, 1e-6) << "held at the top after one cycle";
    m.shape = ModShape::RampDown;
    EXPECT_NEAR(modulatorValue(m, 10.0), -1.0f, 1e-6);
}

TEST(Modulator, RandomIsHeldPerCycleAndSeeded) {
    ModulatorSettings m{ModShape::Random, 4.0f, 1.0f, 0.0f, 0.0f};
    const float a = modulatorValue(m, 0.01, 5);
    EXPECT_EQ(modulatorValue(m, 0.2, 5), a) << "the same cycle (0.25 s at 4 Hz)";
    EXPECT_NE(modulatorValue(m, 0.3, 5), a);
    EXPECT_NE(modulatorValue(m, 0.01, 6), a) << "another seed, another sequence";
    float lo = 1.0f, hi = -1.0f;
    for (int i = 0; i < 400; ++i) {
        const float v = modulatorValue(m, i * 0.25, 5);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    EXPECT_LT(lo, -0.9f);
    EXPECT_GT(hi, 0.9f);
    EXPECT_LE(hi, 1.0f);
    EXPECT_EQ(modulatedTarget(0.8f, {ModShape::Square, 1.0f, 0.5f, 0.0f, 0.0f}, 0.1), 1.0f)
        << "clamped to the trained range";
    EXPECT_EQ(modShapeFromName("rampdown"), ModShape::RampDown);
    EXPECT_STREQ(modShapeName(ModShape::Saw), "saw");
    EXPECT_THROW(modShapeFromName("triangle"), std::invalid_argument);
}
