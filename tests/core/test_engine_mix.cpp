// Voice mixing, gain/pan/mute/solo, polyphony and stealing, choke groups, sample swaps.

#include <cmath>

#include <gtest/gtest.h>

#include "EngineTestUtil.h"
#include "core/render/OfflineRender.h"

using namespace latentrack;
using core::engine::CommandType;

namespace {
constexpr double kSr = 48000.0;
float rms(const std::vector<float>& x, long from, long to) {
    double acc = 0.0;
    for (long i = from; i < to; ++i)
        acc += static_cast<double>(x[i]) * x[i];
    return static_cast<float>(std::sqrt(acc / static_cast<double>(to - from)));
}
} // namespace

TEST(EngineMix, TracksSumWithGainAndPan) {
    test::TestEngine t(kSr, 256);
    t.drums.setTrackSample(*t.port, 0, test::constantSample(kSr, 1000, 0.25f));
    t.drums.setTrackSample(*t.port, 1, test::constantSample(kSr, 1000, 0.5f));
    t.drums.tracks[1].gainDb = -6.0206f; // × 0.5
    t.drums.tracks[1].pan = -1.0f;       // hard left
    t.send(CommandType::Audition, 0, 0, 1.0f);
    t.send(CommandType::Audition, 1, 0, 0.8f);
    std::vector<float> right;
    const auto left = t.render(2000, 256, &right);
    EXPECT_NEAR(left[10], 0.25f + 0.5f * 0.8f * 0.5f, 1e-4);
    EXPECT_NEAR(right[10], 0.25f, 1e-4);
    EXPECT_NEAR(left[1500], 0.0f, 1e-7); // both samples ended
}

TEST(EngineMix, MuteAndSoloSilenceTracks) {
    test::TestEngine t(kSr, 128);
    t.drums.setTrackSample(*t.port, 0, test::constantSample(kSr, 48000, 0.1f));
    t.drums.setTrackSample(*t.port, 1, test::constantSample(kSr, 48000, 0.2f));
    t.send(CommandType::Audition, 0, 0, 1.0f);
    t.send(CommandType::Audition, 1, 0, 1.0f);
    auto out = t.render(1024, 128);
    EXPECT_NEAR(out[1000], 0.3f, 1e-5);
    t.drums.tracks[1].solo = true;
    out = t.render(1024, 128); // one block of ramp, then settled
    EXPECT_NEAR(out[1000], 0.2f, 1e-5);
    t.drums.tracks[1].solo = false;
    t.drums.tracks[0].mute = true;
    out = t.render(1024, 128);
    EXPECT_NEAR(out[1000], 0.2f, 1e-5);
}

TEST(EngineMix, GainChangeIsRampedNotStepped) {
    test::TestEngine t(kSr, 256);
    t.drums.setTrackSample(*t.port, 0, test::constantSample(kSr, 48000, 0.5f));
    t.send(CommandType::Audition, 0, 0, 1.0f);
    t.render(256, 256);
    t.drums.tracks[0].gainDb = -60.0f; // off
    const auto out = t.render(256, 256);
    float maxJump = 0.0f;
    for (std::size_t i = 1; i < out.size(); ++i)
        maxJump = std::max(maxJump, std::abs(out[i] - out[i - 1]));
    EXPECT_LT(maxJump, 0.01f);
    EXPECT_NEAR(out.back(), 0.0f, 1e-6);
}

TEST(EngineMix, PolyphonyStealsOldestWithFade) {
    test::TestEngine t(kSr, 64);
    t.drums.setTrackSample(*t.port, 0, test::constantSample(kSr, 48000, 0.1f));
    t.send(CommandType::SetPolyphony, 0, 2);
    t.send(CommandType::Audition, 0, 0, 1.0f);
    t.send(CommandType::Audition, 0, 0, 1.0f);
    t.send(CommandType::Audition, 0, 0, 1.0f); // steals the first
    const auto out = t.render(2048, 64);
    EXPECT_NEAR(out[0], 0.3f, 1e-3);    // the stolen voice starts its fade
    EXPECT_NEAR(out[2000], 0.2f, 1e-5); // 5 ms later only two voices sound
    for (std::size_t i = 1; i < out.size(); ++i)
        ASSERT_LT(std::abs(out[i] - out[i - 1]), 0.01f) << "click at " << i;
    EXPECT_EQ(t.drums.snapshot().activeVoices, 2);
}

TEST(EngineMix, ChokeGroupCutsOpenHatWhenClosedHatPlays) {
    test::TestEngine t(kSr, 256);
    const int closed = 3, open = 4;
    t.drums.setTrackSample(*t.port, closed, test::constantSample(kSr, 100, 0.0f));
    t.drums.setTrackSample(*t.port, open, test::constantSample(kSr, 48000, 0.5f));
    t.send(CommandType::SetChokeGroup, closed, 1);
    t.send(CommandType::SetChokeGroup, open, 1);
    t.send(CommandType::SetStep, open, 0, 1.0f);
    t.send(CommandType::SetStep, closed, 2, 1.0f); // step 2 at 12000 samples (120 BPM)
    t.send(CommandType::Play);
    const auto out = t.render(13000, 256);
    EXPECT_NEAR(rms(out, 6000, 11900), 0.5f, 1e-4);
    const long fadeEnd = 12000 + static_cast<long>(0.005 * kSr);
    EXPECT_LT(rms(out, fadeEnd, 13000), 1e-6f);
    // Without the choke group the open hat rings on.
    test::TestEngine u(kSr, 256);
    u.drums.setTrackSample(*u.port, closed, test::constantSample(kSr, 100, 0.0f));
    u.drums.setTrackSample(*u.port, open, test::constantSample(kSr, 48000, 0.5f));
    u.send(CommandType::SetStep, open, 0, 1.0f);
    u.send(CommandType::SetStep, closed, 2, 1.0f);
    u.send(CommandType::Play);
    EXPECT_NEAR(rms(u.render(13000, 256), fadeEnd, 13000), 0.5f, 1e-4);
}

TEST(EngineMix, SampleSwapKeepsPlayingVoiceAndFreesOldSampleLater) {
    test::TestEngine t(kSr, 256);
    t.drums.setTrackSample(*t.port, 0, test::constantSample(kSr, 4000, 0.5f));
    t.send(CommandType::Audition, 0, 0, 1.0f);
    t.render(256, 256);
    t.drums.setTrackSample(*t.port, 0, test::constantSample(kSr, 4000, 0.25f));
    auto out = t.render(256, 256);
    EXPECT_NEAR(out[100], 0.5f, 1e-6); // the sounding voice still reads the old sample
    t.send(CommandType::Audition, 0, 0, 1.0f);
    out = t.render(4096, 256);
    EXPECT_NEAR(out[3600], 0.25f, 1e-6); // old voice ended at 4000, new one goes on
}

TEST(EngineMix, RejectsSampleAtWrongRate) {
    test::TestEngine t(kSr, 256);
    EXPECT_THROW(t.drums.setTrackSample(*t.port, 0, test::constantSample(16000.0, 10, 1.0f)),
                 std::invalid_argument);
}

TEST(EngineMix, SnapshotReportsPlayingStep) {
    test::TestEngine t(kSr, 256);
    t.send(CommandType::Play);
    t.render(6000 * 2 + 10, 256);
    const auto s = t.engine.snapshot();
    EXPECT_TRUE(s.playing);
    EXPECT_EQ(t.drums.snapshot().step, 2);
    EXPECT_EQ(s.stepCounter, 3);
    t.send(CommandType::Stop);
    t.render(256, 256);
    EXPECT_FALSE(t.engine.snapshot().playing);
}

TEST(EngineMix, WarmUpLeavesQueuedCommandsForTheFirstCallback) {
    test::TestEngine t(kSr, 256);
    t.drums.setTrackSample(*t.port, 0, test::impulseSample(kSr));
    t.send(CommandType::SetStep, 0, 0, 1.0f);
    t.send(CommandType::Play);
    t.engine.warmUp();
    EXPECT_FALSE(t.engine.snapshot().playing);
    const auto out = t.render(256, 256);
    EXPECT_TRUE(t.engine.snapshot().playing);
    EXPECT_NEAR(out[0], 1.0f, 1e-6); // step 0 sounds on the first real block
}

TEST(EngineMix, RenderLengthFollowsTheClampedTempo) {
    test::TestEngine t(kSr, 512);
    t.engine.bpm = 1000.0; // beyond the 300 BPM the clock plays
    const auto audio = core::render::renderBars(t.engine, *t.port, 1, 512);
    EXPECT_EQ(audio.channel[0].size(), 16u * 2400u); // 16 steps at 300 BPM, 48 kHz
}

TEST(EngineMix, VelocityPicksTheKitLayerAndScalesIt) {
    test::TestEngine t(kSr, 256);
    auto sample = test::constantSample(kSr, 1000, 0.5f); // the loud layer
    sample->layers.push_back({0.0f, 0.5f, test::constantSample(kSr, 1000, 0.1f)});
    t.drums.setTrackSample(*t.port, 0, std::move(sample));
    t.send(CommandType::Audition, 0, 0, 0.4f); // soft hit: the soft layer × 0.4
    auto out = t.render(1100, 256);
    EXPECT_NEAR(out[10], 0.1f * 0.4f, 1e-5);
    t.send(CommandType::Audition, 0, 0, 0.9f); // loud hit: the loud recording × 0.9
    out = t.render(1100, 256);
    EXPECT_NEAR(out[10], 0.5f * 0.9f, 1e-5);
}

TEST(EngineMix, TimedMidiEventsLandOneBlockLaterAtTheirPosition) {
    test::TestEngine t(kSr, 256);
    t.drums.setTrackSample(*t.port, 0, test::constantSample(kSr, 4000, 0.5f));
    std::vector<float> l(256), r(256);
    const std::uint64_t t0 = 1'000'000'000;
    const std::uint64_t period = 256ull * 1'000'000'000ull / 48000ull; // 5.33 ms
    t.engine.processAt(l.data(), r.data(), 256, t0);
    t.engine.processAt(l.data(), r.data(), 256, t0 + period);
    // A drum note and an FM note played 2 ms into that block …
    t.port->push({CommandType::Audition, 0, 0, 1.0f, nullptr, t0 + period + 2'000'000});
    t.port->push({CommandType::FmNoteOn, 100, 69, 0.0f, nullptr, t0 + period + 2'000'000});
    t.engine.processAt(l.data(), r.data(), 256, t0 + 2 * period);
    // … sound 2 ms (96 frames) into the next one: one block of latency, no jitter.
    for (int i = 0; i < 96; ++i)
        ASSERT_EQ(l[static_cast<std::size_t>(i)], 0.0f) << i;
    EXPECT_NEAR(l[96], 0.5f, 0.05f); // the drum (+ the FM note's first sample)
    // Untimed events (on-screen keys, OSC) still play at the top of the block.
    test::TestEngine u(kSr, 256);
    u.drums.setTrackSample(*u.port, 0, test::constantSample(kSr, 4000, 0.25f));
    u.engine.processAt(l.data(), r.data(), 256, t0);
    u.port->push({CommandType::Audition, 0, 0, 1.0f, nullptr, 0});
    u.engine.processAt(l.data(), r.data(), 256, t0 + period);
    EXPECT_NEAR(l[0], 0.25f, 1e-6);
}
