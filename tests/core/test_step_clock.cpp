// Sequencer timing: every step onset lands on its ideal sample at any buffer size.

#include <cmath>

#include <gtest/gtest.h>

#include "EngineTestUtil.h"
#include "core/seq/StepClock.h"

using namespace latentrack;
using core::engine::CommandType;

namespace {

// Ideal onset of step j, written out independently of StepClock.
long idealOnset(long j, double sampleRate, double bpm, double swing) {
    const double step = sampleRate * 60.0 / (bpm * 4.0);
    const double swingOffset = (j % 2 == 1) ? (2.0 * swing - 1.0) * step : 0.0;
    return std::lround(j * step + swingOffset);
}

// Every step of track 0 on, impulse sound: each onset is one non-zero sample.
std::vector<long> renderOnsets(double sr, double bpm, double swing, int block, long frames) {
    test::TestEngine t(sr, 2048);
    t.engine.bpm = bpm;
    t.engine.swing = swing;
    t.drums.setTrackSample(*t.port, 0, test::impulseSample(sr));
    for (int s = 0; s < 16; ++s)
        t.send(CommandType::SetStep, 0, s, 1.0f);
    t.send(CommandType::Play);
    return test::risingEdges(t.render(frames, block), 0.5f);
}

struct TimingCase {
    double bpm;
    double swing;
};

} // namespace

class StepTiming : public ::testing::TestWithParam<int> {};

TEST_P(StepTiming, OnsetsExactAtEveryBufferSize) {
    const int block = GetParam();
    const double sr = 48000.0;
    for (const TimingCase c : {TimingCase{120.0, 0.5}, TimingCase{133.0, 0.5},
                               TimingCase{97.3, 0.62}, TimingCase{174.0, 0.75}}) {
        const long frames = static_cast<long>(sr * 4); // 4 s: 2–3 bars
        const auto onsets = renderOnsets(sr, c.bpm, c.swing, block, frames);
        ASSERT_GT(onsets.size(), 20u) << "bpm " << c.bpm;
        for (std::size_t j = 0; j < onsets.size(); ++j)
            ASSERT_EQ(onsets[j], idealOnset(static_cast<long>(j), sr, c.bpm, c.swing))
                << "step " << j << " bpm " << c.bpm << " swing " << c.swing << " block " << block;
        // No step is missing at the end of the rendered range either.
        EXPECT_GT(idealOnset(static_cast<long>(onsets.size()), sr, c.bpm, c.swing), frames - 1);
    }
}

INSTANTIATE_TEST_SUITE_P(BufferSizes, StepTiming, ::testing::Values(32, 64, 100, 256, 1024, 2048));

TEST(StepClock, SwingDelaysOddStepsOnly) {
    core::seq::StepClock clock;
    clock.prepare(48000.0);
    clock.setTempo(120.0, 2.0 / 3.0); // triplet feel
    EXPECT_EQ(clock.onsetOf(0), 0);
    EXPECT_EQ(clock.onsetOf(1), 6000 + 2000); // a step is 6000 samples; odd steps +1/3 step
    EXPECT_EQ(clock.onsetOf(2), 12000);
    EXPECT_EQ(clock.onsetOf(3), 18000 + 2000);
}

TEST(StepClock, TempoChangeAppliesFromPendingStep) {
    core::seq::StepClock clock;
    clock.prepare(48000.0);
    clock.setTempo(120.0, 0.5);
    // Play through steps 0..3 (onsets 0, 6000, 12000, 18000).
    for (int k = 0; k < 4; ++k) {
        while (clock.nextOnsetWithin(1000) < 0)
            clock.advance(1000);
        clock.takeStep();
    }
    EXPECT_EQ(clock.nextStep(), 4);
    clock.setTempo(60.0, 0.5); // steps now 12000 samples long, from step 4 at 24000
    EXPECT_EQ(clock.onsetOf(4), 24000);
    EXPECT_EQ(clock.onsetOf(5), 36000);
    EXPECT_EQ(clock.onsetOf(6), 48000);
}

TEST(StepClock, ClampsTempoAndSwing) {
    core::seq::StepClock clock;
    clock.prepare(48000.0);
    clock.setTempo(1000.0, 0.9);
    EXPECT_DOUBLE_EQ(clock.stepLength(), 48000.0 * 60.0 / (300.0 * 4.0));
    clock.setTempo(1.0, 0.1);
    EXPECT_DOUBLE_EQ(clock.stepLength(), 48000.0 * 60.0 / (40.0 * 4.0));
}

TEST(Sequencer, PatternLengthWrapsAndVelocityScales) {
    const double sr = 48000.0;
    test::TestEngine t(sr, 512);
    t.drums.setTrackSample(*t.port, 0, test::impulseSample(sr));
    t.send(CommandType::SetNumSteps, 0, 3);
    t.send(CommandType::SetStep, 0, 0, 1.0f);
    t.send(CommandType::SetStep, 0, 2, 0.5f);
    t.send(CommandType::Play);
    const auto out = t.render(6000 * 7, 256);
    // Steps 0,2 | 0,2 | 0 of a 3-step loop: onsets at steps 0, 2, 3, 5, 6.
    const std::vector<long> expect = {0, 12000, 18000, 30000, 36000};
    EXPECT_EQ(test::risingEdges(out, 0.1f), expect);
    EXPECT_NEAR(out[12000], 0.5f, 1e-6);
    EXPECT_NEAR(out[18000], 1.0f, 1e-6);
}

TEST(StepClock, StepLengthClampsTempo) {
    EXPECT_DOUBLE_EQ(core::seq::stepLengthSamples(48000.0, 120.0), 6000.0);
    EXPECT_DOUBLE_EQ(core::seq::stepLengthSamples(48000.0, 1000.0),
                     core::seq::stepLengthSamples(48000.0, 300.0));
    EXPECT_DOUBLE_EQ(core::seq::stepLengthSamples(48000.0, 0.0),
                     core::seq::stepLengthSamples(48000.0, 40.0));
}
