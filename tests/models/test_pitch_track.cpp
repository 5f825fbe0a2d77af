// Pitch tracking (models/analysis/PitchTrack.h): YIN finds a tone's note, and the pitch-kept
// measure counts a rendering at the reference's pitch and not one a fifth away.

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "models/analysis/PitchTrack.h"

using namespace latentrack::models::analysis;

namespace {

constexpr double kRate = 16000.0;

std::vector<float> tone(double hz, double seconds = 1.0) {
    std::vector<float> x(static_cast<std::size_t>(seconds * kRate));
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = static_cast<double>(i) / kRate;
        // A few partials, as an instrument has.
        x[i] = static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * hz * t) +
                                  0.15 * std::sin(4.0 * std::numbers::pi * hz * t) +
                                  0.07 * std::sin(6.0 * std::numbers::pi * hz * t));
    }
    return x;
}

} // namespace

TEST(PitchTrack, YinFindsTheNoteOfATone) {
    const auto track = yinPitch(tone(440.0), kRate, 1024, 256);
    ASSERT_EQ(track.size(), 62u); // whole hops of 256 in 16000 samples
    for (std::size_t i = 8; i < track.size(); ++i) {
        EXPECT_NEAR(track[i].midi, 69.0, 0.1) << i;
        EXPECT_GE(track[i].confidence, 0.8) << i;
        EXPECT_NEAR(track[i].levelDb, 10.0 * std::log10((0.09 + 0.0225 + 0.0049) / 2.0), 0.5);
    }
    EXPECT_THROW(yinPitch(tone(440.0), kRate, 1024, 0), std::invalid_argument);
}

TEST(PitchTrack, PitchKeptCountsTheSameNoteAndNotAFifth) {
    const auto a = tone(233.0); // a viola's B♭3
    const auto same = pitchAgreement(a, a, kRate);
    EXPECT_GT(same.pitchedFrames, 50);
    EXPECT_EQ(same.keptFrames, same.pitchedFrames);
    const auto fifth = pitchAgreement(a, tone(233.0 * 1.5), kRate);
    EXPECT_EQ(fifth.pitchedFrames, same.pitchedFrames);
    EXPECT_EQ(fifth.keptFrames, 0);
    // A buzz repeating every 512 samples (31.25 Hz), as a frame-locked decoder plays.
    std::vector<float> buzz(a.size(), 0.0f);
    for (std::size_t i = 0; i < buzz.size(); i += 512)
        buzz[i] = 0.8f;
    EXPECT_EQ(pitchAgreement(a, buzz, kRate).keptFrames, 0);
    // Silence has no pitched hops.
    EXPECT_EQ(pitchAgreement(std::vector<float>(a.size(), 0.0f), a, kRate).pitchedFrames, 0);
}
