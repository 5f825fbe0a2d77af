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

// Keyboard level scaling curves, in output-level steps at `keys` semitones (grouped by three)
// from the break point: linear depth·keys/45, exponential depth·exp((keys − 72)/13.5), so that
// depth 99 takes 99 steps 45 (linear) or 72 (exponential) keys away (Pinkston's and
// Harrington's curves, checked against a TX7 by S. Bolton for hexter).
float curve(int keys, int depth, int curveType) {
    const float k = static_cast<float>(keys);
    const float d = static_cast<float>(depth);
    float steps =
        curveType == 0 || curveType == 3 ? d * k / 45.0f : d * std::exp((k - 72.0f) / 13.5f);
    steps = std::min(steps, 127.0f);
    return curveType < 2 ? -steps : steps;
}

/// Piecewise-linear lookup of y at x in measured points (xs ascending), clamped at the ends.
template <std::size_t N>
float interpolate(const std::array<float, N>& xs, const std::array<float, N>& ys, float x) {
    std::size_t i = 1;
    while (i + 1 < N && xs[i] < x)
        ++i;
    const float t = std::clamp((x - xs[i - 1]) / (xs[i] - xs[i - 1]), 0.0f, 1.0f);
    return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

// Key velocity sensitivity: output-level steps per unit of sensitivity at velocities 1, 8, 16,
// …, 120, 127, measured on a TX7 (S. Bolton, hexter's velocity table); linear between them.
constexpr std::array<float, 18> kVelocityPoints{1,  8,  16, 24, 32,  40,  48,  56,  64,
                                                72, 80, 88, 96, 100, 104, 112, 120, 127};
constexpr std::array<float, 18> kVelocitySteps{-10.30f, -7.81f, -6.28f, -5.16f, -4.37f, -3.53f,
                                               -2.94f,  -2.40f, -1.94f, -1.45f, -0.94f, -0.46f,
                                               -0.03f,  0.0f,   0.33f,  0.53f,  0.82f,  0.96f};
} // namespace

int scaleOutputLevel(int level) noexcept {
    level = std::clamp(level, 0, 99);
    return level < 20 ? kLowOutputLevel[static_cast<std::size_t>(level)] : level + 28;
}

int qRate(int rate) noexcept {
    return std::clamp(rate, 0, 99) * 41 / 64;
}

float decayCountsPerSecond(int q) noexcept {
    // msfa (env.cc): the level moves (4 + q mod 4)·2^(⌊q/4⌋ + 8) / 2^16 counts every 64 samples,
    // and its sr_multiplier makes that real time at 44.1 kHz (689.06 blocks a second): that is
    // 0.2532·2^⌊q/4⌋·(1 + (q mod 4)/4) dB/s. Reading the same increments at the DX7's own
    // 49.096 kHz clock gives 11 % faster segments (0.2819 dB/s); hexter's TX7-measured timings
    // are slower still (about 0.236 at q = 35). The 44.1 kHz reading is closer to hexter on
    // every bank we compare with, the untuned TX7 and FB-01 banks included.
    q = std::clamp(q, 0, 63);
    const float countsPerBlock =
        static_cast<float>(4 + q % 4) * std::exp2(static_cast<float>(q / 4 + 8)) / 65536.0f;
    return countsPerBlock * (44100.0f / 64.0f);
}

int rateScalingDelta(int note, int sensitivity) noexcept {
    const int group = std::clamp(note / 3 - 7, 0, 31);
    return group * std::clamp(sensitivity, 0, 7) / 8;
}

float keyboardScaling(int note, int breakPoint, int leftDepth, int rightDepth, int leftCurve,
                      int rightCurve) noexcept {
    const int breakNote = 21 + std::clamp(breakPoint, 0, 99);
    const int grouped = (note + 2) / 3 * 3; // the DX7 scales in groups of three keys
    if (note < breakNote && leftDepth > 0)
        return curve(breakNote - grouped, leftDepth, leftCurve);
    if (note > breakNote && rightDepth > 0)
        return curve(grouped - breakNote, rightDepth, rightCurve);
    return 0.0f;
}

float velocityScaling(int velocity, int sensitivity) noexcept {
    const float v = static_cast<float>(std::clamp(velocity, 1, 127));
    return interpolate(kVelocityPoints, kVelocitySteps, v) *
           static_cast<float>(std::clamp(sensitivity, 0, 7));
}

float levelCounts(float level) noexcept {
    if (level <= 0.0f)
        return kFloorCounts;
    level = std::min(level, 99.0f);
    const int lo = static_cast<int>(level);
    const float t = level - static_cast<float>(lo);
    const auto a = static_cast<float>(scaleOutputLevel(lo));
    const auto b = static_cast<float>(scaleOutputLevel(std::min(99, lo + 1)));
    const float counts = kFullScaleCounts - 32.0f * (127.0f - (a + t * (b - a)));
    return std::max(kFloorCounts, counts);
}

float feedbackRadians(int feedback) noexcept {
    return 0.18f * static_cast<float>(std::clamp(feedback, 0, 7));
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

float detuneCents(int detune, float keyHz) noexcept {
    // Measured on a DX7 (msfa, dx7note.cc): the shift per step, in octaves, is
    // 0.0209·exp(−0.396·L)/7 · L with L = log2 of the key's frequency in Hz.
    const float l = std::log2(std::max(keyHz, 1.0f));
    const float perStep = 1200.0f * 0.0209f * std::exp(-0.396f * l) / 7.0f * l;
    return static_cast<float>(std::clamp(detune, 0, 14) - 7) * perStep;
}

float fixedDetuneCents(int detune) noexcept {
    // msfa, measured: 13457/2^24 octave per step, upwards only.
    return static_cast<float>(std::max(0, std::clamp(detune, 0, 14) - 7)) * 0.9625f;
}

float lfoFrequency(int speed) noexcept {
    // Jamie Bullock's measurements of the DX7's LFO (as tabulated in hexter), every 5 steps
    // (with 1 and 2, where the curve bends); linear between them.
    static constexpr std::array<float, 22> kSpeed{0,  1,  2,  5,  10, 15, 20, 25, 30, 35, 40,
                                                  45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 99};
    static constexpr std::array<float, 22> kHz{
        0.0625f,  0.1248f,  0.3115f,  0.7444f,  1.5678f,  2.4237f, 3.2087f, 3.9991f,
        4.8005f,  5.5658f,  6.3616f,  7.1540f,  7.8864f,  8.5573f, 9.3341f, 11.0119f,
        15.7708f, 20.1180f, 24.7315f, 29.8727f, 36.6502f, 47.1744f};
    return interpolate(kSpeed, kHz, static_cast<float>(std::clamp(speed, 0, 99)));
}

float lfoDelaySeconds(int delay) noexcept {
    // Fits of Jamie Bullock's LFO-delay measurements (hexter): the fade-in starts after
    // 0.00175·d^3.10 + 1.34 ms and reaches full depth at 0.322·d^2.01 + 326 ms.
    if (delay <= 0)
        return 0.0f;
    const auto d = static_cast<float>(std::min(delay, 99));
    return (0.00175338f * std::pow(d, 3.10454f) + 1.344f) / 1000.0f;
}

float lfoFullDepthSeconds(int delay) noexcept {
    if (delay <= 0)
        return 0.0f;
    const auto d = static_cast<float>(std::min(delay, 99));
    return (0.321877f * std::pow(d, 2.01163f) + 326.201f) / 1000.0f;
}

float pitchModSemitones(int sensitivity) noexcept {
    return kPitchModSemitones[static_cast<std::size_t>(std::clamp(sensitivity, 0, 7))];
}

float ampModCounts(int sensitivity) noexcept {
    return kAmpModDb[static_cast<std::size_t>(std::clamp(sensitivity, 0, 3))] / kDbPerCount;
}

float pitchEgOctaves(int level) noexcept {
    // Measured pitch-EG level → shift in 1/32 octave (TX7 measurements, S. Bolton; the same
    // values as the DX7 ROM table in msfa's pitchenv.cc): linear, 3/8 semitone a step, from
    // 17 to 85, steeper towards ±4 octaves outside.
    static constexpr std::array<int, 17> kBelow{-128, -116, -104, -95, -85, -76, -68, -61, -56,
                                                -52,  -49,  -46,  -43, -41, -39, -37, -35};
    static constexpr std::array<int, 14> kAbove{38, 40, 43, 46, 49,  53,  58,
                                                65, 73, 82, 92, 103, 115, 127};
    level = std::clamp(level, 0, 99);
    int steps = level - 50;
    if (level < 17)
        steps = kBelow[static_cast<std::size_t>(level)];
    else if (level > 85)
        steps = kAbove[static_cast<std::size_t>(level - 86)];
    return static_cast<float>(steps) / 32.0f;
}

float pitchEgOctavesPerSecond(int rate) noexcept {
    // A regression of Godric Wilkie's DX7 pitch-EG timings: 8 octaves take
    // exp((70.34 − rate)/25.58) s at any rate (hexter's fit; msfa's pitchenv_rate table runs
    // about half as fast — see the README's list of modelled behaviours).
    return 8.0f * std::exp((static_cast<float>(std::clamp(rate, 0, 99)) - 70.338f) / 25.581f);
}

} // namespace latentrack::core::fm
