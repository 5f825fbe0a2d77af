// The FM engine's voice-shaping stages against published DX7 numbers, measured on the signal:
// modulation index per output level from the sidebands of a 2-operator stack (Bessel fit),
// keyboard level scaling on a modulator, feedback depth; and the whole engine against the
// hexter reference, voice for voice, on the factory ROM banks (FmFidelity.h).

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "FmFidelity.h"
#include "FmTestUtil.h"
#include "HexterReference.h"
#include "core/fm/DxTables.h"
#include "core/fm/SysEx.h"

using namespace latentrack;
using namespace latentrack::core::fm;

namespace {

constexpr double kSr = 48000.0;

/// Magnitudes (linear, re. full scale) of harmonics 1 … n of f0 over x[from, to).
std::vector<double> harmonics(const std::vector<float>& x, long from, long to, double f0, int n) {
    std::vector<double> out;
    for (int k = 1; k <= n; ++k)
        out.push_back(std::pow(10.0, test::spectrumDbAt(x, from, to, k * f0, kSr) / 20.0));
    return out;
}

/// Modulation index of sin(ωt + β·sin ωt) (carrier and modulator 1:1) fitted to measured
/// harmonic magnitudes: harmonic n is |J_{n−1}(β) + (−1)^n J_{n+1}(β)| (the lower sidebands fold
/// onto the upper ones), compared after normalisation; grid search then refinement.
double fitIndex(const std::vector<double>& h) {
    auto cost = [&](double beta) {
        std::vector<double> model;
        double mm = 0.0, hh = 0.0;
        for (std::size_t n = 1; n <= h.size(); ++n) {
            const double sign = n % 2 ? -1.0 : 1.0;
            const double a = std::abs(std::cyl_bessel_j(static_cast<double>(n - 1), beta) +
                                      sign * std::cyl_bessel_j(static_cast<double>(n + 1), beta));
            model.push_back(a);
            mm += a * a;
            hh += h[n - 1] * h[n - 1];
        }
        double c = 0.0;
        for (std::size_t n = 0; n < h.size(); ++n) {
            const double d = model[n] / std::sqrt(mm) - h[n] / std::sqrt(hh);
            c += d * d;
        }
        return c;
    };
    double best = 0.0, bestCost = 1e30;
    for (double b = 0.01; b < 20.0; b += 0.01)
        if (const double c = cost(b); c < bestCost) {
            bestCost = c;
            best = b;
        }
    for (double b = best - 0.01; b < best + 0.01; b += 0.0002)
        if (const double c = cost(b); c < bestCost) {
            bestCost = c;
            best = b;
        }
    return best;
}

/// Algorithm 1 with only operators 1 (carrier, OL 99) and 2 (modulator) sounding, ratio 1:1.
DxVoice twoOperatorStack(int modulatorLevel) {
    DxVoice v = DxVoice::initVoice();
    v.set(VoiceParam::LfoPitchModDepth, 0);
    v.set(VoiceParam::LfoAmpModDepth, 0);
    v.setOp(2, OpParam::OutputLevel, modulatorLevel);
    return v;
}

double measuredIndex(const DxVoice& v, int note = 69) {
    const auto x = test::renderFm(v, note, 100, 1.0);
    const double f0 = 440.0 * std::exp2((note - 69) / 12.0);
    return fitIndex(harmonics(x, 9600, 43200, f0, 30));
}

} // namespace

// Chowning & Bristow, "FM Theory and Applications" (1986), p. 166: output level → modulation
// index 99 → 13.12, 90 → 6.03, 80 → 2.51, 70 → 1.07, 60 → 0.45.
TEST(FmStages, ModulationIndexPerOutputLevelFollowsChowningAndBristow) {
    const std::vector<std::pair<int, double>> table{
        {99, 13.12}, {90, 6.03}, {80, 2.51}, {70, 1.07}, {60, 0.45}};
    for (const auto& [level, index] : table)
        EXPECT_NEAR(measuredIndex(twoOperatorStack(level)) / index, 1.0, 0.05)
            << "output level " << level;
}

// The case: modulator at output level 99, break point 27 (MIDI 48), right depth 50, at
// note 69 (21 keys above): −LIN takes 23 steps (index 1.78), −EXP one step (index 12.0).
TEST(FmStages, KeyboardLevelScalingOnAModulator) {
    DxVoice v = twoOperatorStack(99);
    v.setOp(2, OpParam::BreakPoint, 27);
    v.setOp(2, OpParam::RightDepth, 50);
    v.setOp(2, OpParam::RightCurve, 0);
    EXPECT_NEAR(measuredIndex(v), 1.78, 0.09);
    v.setOp(2, OpParam::RightCurve, 1);
    EXPECT_NEAR(measuredIndex(v), 12.0, 0.6);
}

// Feedback: an operator alone (algorithm 32, operator 6) computes y[n] = g·sin(φ[n] + β·y[n−1]/g)
// with β = 0.18 rad per feedback step at level 99, scaled by the level (level units). The test
// runs that recurrence itself and compares the second and third harmonics.
TEST(FmStages, FeedbackDepthPerStep) {
    for (int level : {99, 85}) {
        for (int fb : {3, 5, 7}) {
            DxVoice v = test::sineVoice();
            v.setOp(1, OpParam::OutputLevel, 0);
            v.setOp(6, OpParam::OutputLevel, level);
            v.set(VoiceParam::Feedback, fb);
            const auto x = test::renderFm(v, 69, 100, 1.0);
            const auto h = harmonics(x, 9600, 43200, 440.0, 3);
            const double beta = 0.18 * fb * level / 99.0;
            std::vector<float> ref(x.size());
            double y = 0.0;
            for (std::size_t n = 0; n < ref.size(); ++n) {
                y = std::sin(2.0 * std::numbers::pi * 440.0 * static_cast<double>(n) / kSr +
                             beta * y);
                ref[n] = static_cast<float>(y);
            }
            const auto r = harmonics(ref, 9600, 43200, 440.0, 3);
            for (int k = 1; k < 3; ++k)
                EXPECT_NEAR(20.0 * std::log10(h[k] / h[0]), 20.0 * std::log10(r[k] / r[0]), 0.5)
                    << "feedback " << fb << " level " << level << " harmonic " << k + 1;
        }
    }
}

// Voice for voice against hexter on its ROM banks (dx7_roms.dx7: the DX7's ROM1A … ROM4B, 128
// voices), note 60, velocity 100, 2 s held + 1 s release. Before calibration 64.8 % of the
// renderings were nearest to hexter's rendering of their own voice (median distance 4.19 dB);
// the calibrated engine reaches 96.9 % and 1.98 dB. The bounds are the issue's: ≥ 90 % and a
// median of at most 2 dB.
TEST(FmFidelity, RomVoicesAreNearestToTheReferenceOfTheirOwnVoice) {
    test::HexterReference hexter;
    if (!hexter.available())
        GTEST_SKIP() << hexter.why();
    const auto bank = loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    ASSERT_EQ(bank.voices.size(), 128u);
    const auto f = test::compareBank(bank.voices, hexter, test::FidelitySettings{});
    EXPECT_GE(f.ownMatchFraction, 0.90);
    EXPECT_LE(f.medianOwnDistance, 2.0);
    // The reference against itself is exact: the comparison can tell voices apart.
    core::dsp::MelSpectrogram mel(test::fidelityMelConfig());
    const auto a = test::fidelityLogMel(hexter.render(bank.voices[10], 60, 100, 2.0, 1.0), mel);
    EXPECT_LT(core::dsp::logMelDistance(a, a), 1e-9);
    EXPECT_GT(f.distance[10][11], 1.0);
}
