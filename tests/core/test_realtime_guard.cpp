// The realtime guard catches allocations and locks, and the engine's audio path makes none.

#include <memory>
#include <mutex>

#include <gtest/gtest.h>

#include "EngineTestUtil.h"
#include "core/rt/RealtimeGuard.h"

using namespace latentrack;
using core::engine::CommandType;
namespace rt = core::rt;

TEST(RealtimeGuard, IsInstalledInTests) {
    EXPECT_TRUE(rt::guardInstalled());
}

TEST(RealtimeGuard, CountsAllocationsAndLocksInsideSectionsOnly) {
    rt::resetViolations();
    auto outside = std::make_unique<int>(1);
    std::mutex m;
    { std::lock_guard<std::mutex> lock(m); }
    EXPECT_EQ(rt::violations().total(), 0u);
    {
        rt::ScopedRealtimeSection section;
        auto inside = std::make_unique<int>(2);
        std::lock_guard<std::mutex> lock(m);
        EXPECT_GE(rt::violations().allocations, 1u);
        EXPECT_GE(rt::violations().locks, 1u);
    }
    EXPECT_GE(rt::violations().deallocations, 1u);
    rt::resetViolations();
}

TEST(RealtimeGuard, EngineProcessNeitherAllocatesNorLocks) {
    const double sr = 48000.0;
    test::TestEngine t(sr, 1024);
    for (int track = 0; track < 10; ++track)
        t.drums.setTrackSample(*t.port, track, test::constantSample(sr, 30000, 0.05f));
    for (int track = 0; track < 10; ++track)
        for (int s = 0; s < 16; ++s)
            t.send(CommandType::SetStep, track, s, 1.0f);
    t.send(CommandType::SetChokeGroup, 3, 1);
    t.send(CommandType::SetChokeGroup, 4, 1);
    t.send(CommandType::Play);
    core::seq::Pattern p;
    p.layout = core::seq::TrackLayout::DrumAndBass10;
    p.set(5, 5, 1.0f);
    rt::resetViolations();
    for (int round = 0; round < 20; ++round) {
        // Sample swaps, pattern loads and parameter moves while playing: all go through queues.
        t.drums.setTrackSample(*t.port, round % 10, test::constantSample(sr, 20000, 0.1f));
        t.drums.loadPattern(*t.port, p);
        t.drums.tracks[round % 10].gainDb = -static_cast<float>(round);
        t.engine.bpm = 90.0 + round * 5;
        t.send(CommandType::Audition, round % 10, 0, 1.0f);
        const auto v0 = rt::violations();
        std::vector<float> l(1024), r(1024);
        for (int b = 0; b < 8; ++b)
            t.engine.process(l.data(), r.data(), 1024);
        const auto v1 = rt::violations();
        ASSERT_EQ(v1.total(), v0.total()) << "round " << round;
        t.engine.collectGarbage();
    }
    EXPECT_EQ(rt::violations().total(), 0u);
}
