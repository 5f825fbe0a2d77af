#include "core/control/Modulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace latentrack::core::control {

namespace {
constexpr std::array<const char*, 7> kNames = {"off",    "sine",     "square", "saw",
                                               "rampup", "rampdown", "random"};

/// A uniform value in [−1, 1] for cycle `n` (SplitMix64 of the seed and the cycle).
float heldRandom(std::uint64_t seed, std::int64_t n) {
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(n);
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return static_cast<float>(static_cast<double>(x >> 11) / 4503599627370496.0 - 1.0);
}
} // namespace

const char* modShapeName(ModShape s) {
    return kNames[static_cast<std::size_t>(s)];
}

ModShape modShapeFromName(const std::string& name) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (name == kNames[i])
            return static_cast<ModShape>(i);
    throw std::invalid_argument("no modulator shape \"" + name +
                                "\" (off, sine, square, saw, rampup, rampdown, random)");
}

float modulatorValue(const ModulatorSettings& m, double seconds, std::uint64_t seed) {
    if (m.shape == ModShape::Off)
        return 0.0f;
    const double cycles = static_cast<double>(m.rateHz) * seconds + m.phase;
    const double x = cycles - std::floor(cycles);
    double shape = 0.0;
    switch (m.shape) {
    case ModShape::Sine:
        shape = std::sin(2.0 * std::numbers::pi * x);
        break;
    case ModShape::Square:
        shape = x < 0.5 ? 1.0 : -1.0;
        break;
    case ModShape::Saw:
        shape = 2.0 * x - 1.0;
        break;
    case ModShape::RampUp: // once, then held at the top
        shape = 2.0 * std::clamp(cycles, 0.0, 1.0) - 1.0;
        break;
    case ModShape::RampDown:
        shape = 1.0 - 2.0 * std::clamp(cycles, 0.0, 1.0);
        break;
    case ModShape::Random:
        shape = heldRandom(seed, static_cast<std::int64_t>(std::floor(cycles)));
        break;
    case ModShape::Off:
        break;
    }
    return static_cast<float>(m.bias + m.amount * shape);
}

float modulatedTarget(float fader, const ModulatorSettings& m, double seconds, std::uint64_t seed) {
    return std::clamp(fader + modulatorValue(m, seconds, seed), -1.0f, 1.0f);
}

} // namespace latentrack::core::control
