// The engine as a mixer of sources: several stream players and the drum machine at once, the
// channel strip of each source, a source the engine has never heard of, and the source set.

#include <cmath>
#include <numbers>
#include <thread>

#include <gtest/gtest.h>

#include "EngineTestUtil.h"
#include "core/rt/RealtimeGuard.h"

using namespace latentrack;
using core::engine::CommandType;

namespace {
constexpr double kSr = 48000.0;

std::vector<float> sine(double hz, float amplitude, int frames) {
    std::vector<float> x(static_cast<std::size_t>(frames));
    for (int i = 0; i < frames; ++i)
        x[static_cast<std::size_t>(i)] =
            amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * hz * i / kSr));
    return x;
}

/// A worker that fills a stream player's ring in chunks, as a neural decoder does.
void produce(core::engine::StreamPlayer& player, const std::vector<float>& audio) {
    for (std::size_t done = 0; done < audio.size();) {
        const std::size_t n = std::min<std::size_t>(512, audio.size() - done);
        done += player.ring().write(audio.data() + done, n);
    }
}

/// An instrument the engine was not written for: a constant, and a command to change it.
class ConstantSource final : public core::engine::Source {
public:
    const char* name() const noexcept override { return "constant"; }
    void prepare(double, int) override { prepared = true; }
    bool handles(CommandType type) const noexcept override {
        return type == CommandType::SetPolyphony; // borrowed: "level = step / 100"
    }
    bool apply(const core::engine::Command& c, core::engine::Disposal&) noexcept override {
        level = static_cast<float>(c.step) / 100.0f;
        return true;
    }
    void process(const core::engine::Block& block, float* left, float* right) noexcept override {
        std::fill(left, left + block.frames, level);
        std::fill(right, right + block.frames, -level);
    }
    bool prepared = false;
    float level = 0.1f;
};
} // namespace

TEST(EngineSources, TwoStreamsAndTheDrumsPlayAtOnce) {
    core::engine::Engine engine;
    auto& drums = engine.add<core::engine::DrumMachine>();
    auto& a = engine.add<core::engine::StreamPlayer>();
    auto& b = engine.add<core::engine::StreamPlayer>();
    engine.prepare(kSr, 256);
    auto& port = engine.openPort();
    a.strip.pan = -1.0f; // stream A hard left, stream B hard right, −6 dB
    b.strip.pan = 1.0f;
    b.strip.gainDb = -6.0206f;
    constexpr int kFrames = 24000; // four steps at 120 BPM
    const auto toneA = sine(440.0, 0.25f, kFrames);
    const auto toneB = sine(1000.0, 0.5f, kFrames);
    std::thread workerA(produce, std::ref(a), std::cref(toneA));
    std::thread workerB(produce, std::ref(b), std::cref(toneB));
    workerA.join();
    workerB.join();
    drums.setTrackSample(port, 0, test::impulseSample(kSr));
    port.push({CommandType::SetStep, 0, 0, 1.0f, nullptr});
    port.push({CommandType::SetStep, 0, 2, 0.5f, nullptr});
    port.push({CommandType::Play, 0, 0, 0.0f, nullptr});

    std::vector<float> left(kFrames), right(kFrames);
    core::rt::resetViolations();
    for (int done = 0; done < kFrames; done += 256)
        engine.process(left.data() + done, right.data() + done, std::min(256, kFrames - done));
    EXPECT_EQ(core::rt::violations().total(), 0u);

    // Each channel is exactly its stream plus the drum hits at steps 0 and 2 (6000 samples
    // per step), centred.
    double maxErrL = 0.0;
    double maxErrR = 0.0;
    for (int i = 0; i < kFrames; ++i) {
        const float hit = i == 0 ? 1.0f : (i == 12000 ? 0.5f : 0.0f);
        const auto k = static_cast<std::size_t>(i);
        maxErrL = std::max(maxErrL, static_cast<double>(std::abs(left[k] - toneA[k] - hit)));
        maxErrR =
            std::max(maxErrR, static_cast<double>(std::abs(right[k] - 0.5f * toneB[k] - hit)));
    }
    EXPECT_LT(maxErrL, 1e-6);
    EXPECT_LT(maxErrR, 1e-6);
    EXPECT_NEAR(a.peak(), 0.25f, 0.01f);
    EXPECT_NEAR(b.peak(), 0.25f, 0.01f);
    EXPECT_EQ(a.ring().available(), 0u);

    // Dry rings play silence, and the drums go on.
    std::vector<float> l(256), r(256);
    for (int block = 0; block < 40; ++block)
        engine.process(l.data(), r.data(), 256);
    EXPECT_LT(a.peak(), 0.01f);
    EXPECT_GT(drums.snapshot().step, 0);
    engine.collectGarbage();
}

TEST(EngineSources, ChannelStripGainPanMuteAndMeter) {
    test::TestEngine t(kSr, 128);
    const auto tone = std::vector<float>(4096, 0.5f);
    produce(t.stream, tone);
    t.stream.strip.gainDb = -6.0206f;
    std::vector<float> right;
    auto left = t.render(1024, 128, &right);
    EXPECT_NEAR(left[500], 0.25f, 1e-5);
    EXPECT_NEAR(right[500], 0.25f, 1e-5);
    EXPECT_NEAR(t.stream.peak(), 0.25f, 1e-5);

    t.stream.strip.pan = 1.0f; // ramped over one block, then only the right channel
    left = t.render(1024, 128, &right);
    EXPECT_NEAR(left[500], 0.0f, 1e-6);
    EXPECT_NEAR(right[500], 0.25f, 1e-5);
    EXPECT_GT(left[10], left[100]) << "the pan is ramped across the first block, not stepped";

    t.stream.strip.mute = true;
    left = t.render(1024, 128, &right);
    EXPECT_NEAR(right[500], 0.0f, 1e-6);
    t.render(128 * 60, 128);
    EXPECT_LT(t.stream.peak(), 1e-3) << "the meter falls after the mute";
    EXPECT_FALSE(t.drums.strip.mute.load()) << "other sources keep their own strips";
}

TEST(EngineSources, ANewSourceIsMixedAndGetsItsOwnCommands) {
    test::TestEngine t(kSr, 256);
    auto& constant = t.engine.add<ConstantSource>();
    EXPECT_TRUE(constant.prepared) << "added after prepare(): prepared at once";
    std::vector<float> right;
    auto left = t.render(256, 256, &right);
    EXPECT_NEAR(left[100], 0.1f, 1e-6);
    EXPECT_NEAR(right[100], -0.1f, 1e-6);
    // A command type goes to the first source that handles it: here the drum machine.
    t.send(CommandType::SetPolyphony, 0, 50);
    left = t.render(256, 256);
    EXPECT_NEAR(left[100], 0.1f, 1e-6);
    EXPECT_EQ(t.engine.find<ConstantSource>(), &constant);
    EXPECT_EQ(&t.engine.require<core::engine::DrumMachine>("drum machine"), &t.drums);

    // Alone in an engine, it gets it; a command no source handles is dropped and does not
    // hold up the ones behind it.
    core::engine::Engine alone;
    auto& only = alone.add<ConstantSource>();
    alone.prepare(kSr, 64);
    auto& port = alone.openPort();
    port.push({CommandType::FmNoteOn, 100, 60, 0.0f, nullptr});
    port.push({CommandType::SetPolyphony, 0, 50, 0.0f, nullptr});
    std::vector<float> l(64), r(64);
    alone.process(l.data(), r.data(), 64);
    EXPECT_NEAR(only.level, 0.5f, 1e-6);
    EXPECT_NEAR(l[10], 0.5f, 1e-6);
}

TEST(EngineSources, TheSetOfSourcesIsBounded) {
    core::engine::Engine engine;
    EXPECT_EQ(engine.find<core::engine::FmInstrument>(), nullptr);
    EXPECT_THROW(engine.require<core::engine::FmInstrument>("FM synthesizer"), std::logic_error);
    for (int i = 0; i < core::engine::Engine::kMaxSources; ++i)
        engine.add<core::engine::StreamPlayer>();
    EXPECT_THROW(engine.add<core::engine::StreamPlayer>(), std::runtime_error);
    EXPECT_THROW(engine.add(nullptr), std::invalid_argument);
    engine.prepare(kSr, 64);
    std::vector<float> l(64), r(64);
    engine.process(l.data(), r.data(), 64);
    EXPECT_EQ(l[0], 0.0f);
}
