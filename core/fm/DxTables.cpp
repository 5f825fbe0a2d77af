#include "core/fm/DxTables.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace latentrack::core::fm {

namespace {
// The DX7's output-level table below 20 (linear 28 + level above).
constexpr std::array<int, 20> kLowOutputLevel{0,  5,  9,  13, 17, 20, 23, 25, 27, 29,
                                              31, 33, 35, 37, 39, 41, 42, 43, 45, 46};
constexpr std::array<float, 8> kPitchModSemitones{0.0f,  0.47f, 0.94f, 1.55f,
                                                  2.59f, 4.33f, 7.2f,  12.0f};
constexpr std::array<float, 4> kAmpModDb{0.0f, 10.5f, 19.0f, 42.0f};

float curve(int group, int depth, int curveType) {
    float steps = 0.0f;
    if (curveType == 0 || curveType == 3)
        steps = 0.08f * static_cast<float>(group * depth);
    else
        steps = static_cast<float>(depth) / 99.0f * 2.2f *
                (std::exp2(static_cast<float>(group) / 4.1f) - 1.0f);
    steps = std::min(steps, 127.0f);
    return curveType < 2 ? -steps : steps;
}
} // namespace

int scaleOutputLevel(int level) noexcept {
    level = std::clamp(level, 0, 99);
    return level < 20 ? kLowOutputLevel[static_cast<std::size_t>(level)] : level + 28;
}

int egLevel(int level) noexcept {
    level = std::clamp(level, 0, 99);
    if (level < 5)
        return 2 * level;
    if (level < 17)
        return 5 + level;
    if (level < 20)
        return 4 + level;
    return 14 + (level >> 1);
}

int qRate(int rate) noexcept {
    return std::clamp(rate, 0, 99) * 41 / 64;
}

float decayCountsPerSecond(int q) noexcept {
    q = std::clamp(q, 0, 63);
    const float db =
        0.2819f * std::exp2(static_cast<float>(q / 4)) * (1.0f + 0.25f * static_cast<float>(q % 4));
    return db / kDbPerCount;
}

int rateScalingDelta(int note, int sensitivity) noexcept {
    const int group = std::clamp(note / 3 - 7, 0, 31);
    return group * std::clamp(sensitivity, 0, 7) / 8;
}

float keyboardScaling(int note, int breakPoint, int leftDepth, int rightDepth, int leftCurve,
                      int rightCurve) noexcept {
    const int distance = note - (21 + breakPoint);
    if (distance == 0)
        return 0.0f;
    const int group = (std::abs(distance) + 2) / 3;
    return distance < 0 ? curve(group, leftDepth, leftCurve) : curve(group, rightDepth, rightCurve);
}

float velocityScaling(int velocity, int sensitivity) noexcept {
    const float v = static_cast<float>(std::clamp(velocity, 1, 127));
    return static_cast<float>(std::clamp(sensitivity, 0, 7)) / 7.0f * 20.0f *
           std::log10(v / 100.0f) / 0.75f;
}

float countsToGain(float counts) noexcept {
    if (counts <= kFloorCounts)
        return 0.0f;
    return std::exp2((counts - kFullScaleCounts) / 256.0f);
}

float ratioMultiplier(int coarse, int fine) noexcept {
    const float base = coarse == 0 ? 0.5f : static_cast<float>(coarse);
    return base * (1.0f + static_cast<float>(fine) / 100.0f);
}

float fixedFrequency(int coarse, int fine) noexcept {
    return std::pow(10.0f, static_cast<float>(coarse & 3) + static_cast<float>(fine) / 100.0f);
}

float detuneCents(int detune, float hz) noexcept {
    const float perStep = std::clamp(1.2f * std::sqrt(261.63f / std::max(hz, 1.0f)), 0.25f, 6.0f);
    return static_cast<float>(std::clamp(detune, 0, 14) - 7) * perStep;
}

float lfoFrequency(int speed) noexcept {
    speed = std::clamp(speed, 0, 99);
    const float atKnee = 0.0625f + 0.155f * 64.0f;
    if (speed <= 64)
        return 0.0625f + 0.155f * static_cast<float>(speed);
    return atKnee * std::exp2(static_cast<float>(speed - 64) / 15.2f);
}

float lfoDelaySeconds(int delay) noexcept {
    delay = std::clamp(delay, 0, 99);
    return delay == 0 ? 0.0f : 0.00355f * std::exp2(static_cast<float>(delay) / 9.8f);
}

float pitchModSemitones(int sensitivity) noexcept {
    return kPitchModSemitones[static_cast<std::size_t>(std::clamp(sensitivity, 0, 7))];
}

float ampModCounts(int sensitivity) noexcept {
    return kAmpModDb[static_cast<std::size_t>(std::clamp(sensitivity, 0, 3))] / kDbPerCount;
}

float pitchEgOctaves(int level) noexcept {
    const int d = std::clamp(level, 0, 99) - 50;
    const float a = static_cast<float>(std::abs(d));
    float octaves = a <= 32.0f ? a / 32.0f : 1.0f + 3.0f * (a - 32.0f) / (d < 0 ? 18.0f : 17.0f);
    return d < 0 ? -octaves : octaves;
}

float pitchEgOctavesPerSecond(int rate) noexcept {
    return 0.0156f * std::exp2(0.115f * static_cast<float>(std::clamp(rate, 0, 99)));
}

} // namespace latentrack::core::fm
