// Recording from the audio input through JACK's dummy backend: a JACK client plays a 440 Hz
// tone into LatentRack's input ports; while Engine::capture is armed the device callback
// copies the input, mixed to mono, into the capture ring, and nothing is captured while it is
// not.

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "JackServer.h"
#include "JackTone.h"
#include "core/audio/AudioDevice.h"

using namespace latentrack;
using namespace std::chrono_literals;

namespace {

std::vector<float> drain(core::rt::AudioRing& ring) {
    std::vector<float> out(ring.available());
    out.resize(ring.read(out.data(), out.size()));
    return out;
}

} // namespace

TEST(AudioInputJack, ArmedCaptureRecordsTheInputAndOnlyThen) {
    test::JackServer server(48000, 256);
    ASSERT_TRUE(server.running()) << server.log();
    core::engine::Engine engine;
    core::audio::AudioDevice device(engine);
    ASSERT_TRUE(device.open({"jack", "", 48000, 256, true})) << device.status().error;
    const auto st = device.status();
    ASSERT_EQ(st.inputChannels, 2u) << st.inputError;
    EXPECT_TRUE(st.inputError.empty());

    test::ToneClient tone(440.0, 0.5f);
    ASSERT_TRUE(tone.ok());
    ASSERT_EQ(tone.connect("LatentRack:inport 0"), 0);
    ASSERT_EQ(tone.connect("LatentRack:inport 1"), 0);

    std::this_thread::sleep_for(300ms); // not armed: nothing is kept
    EXPECT_EQ(engine.captureRing().available(), 0u);
    engine.capture = true;
    std::this_thread::sleep_for(500ms);
    engine.capture = false;
    std::this_thread::sleep_for(50ms);
    const auto recorded = drain(engine.captureRing());
    ASSERT_TRUE(device.status().running) << device.status().error;
    device.close();

    // About half a second of the tone, at its level (both channels carry it: the mono mix
    // keeps 0.5), and at 440 Hz by its zero crossings.
    ASSERT_GT(recorded.size(), 48000u * 4 / 10);
    EXPECT_LT(recorded.size(), 48000u * 7 / 10);
    float peak = 0.0f;
    int crossings = 0;
    for (std::size_t i = 1; i < recorded.size(); ++i) {
        peak = std::max(peak, std::abs(recorded[i]));
        crossings += (recorded[i - 1] < 0.0f) != (recorded[i] < 0.0f) ? 1 : 0;
    }
    EXPECT_NEAR(peak, 0.5f, 0.02f);
    const double hz = crossings / 2.0 / (static_cast<double>(recorded.size()) / 48000.0);
    EXPECT_NEAR(hz, 440.0, 5.0);
    EXPECT_EQ(engine.captureDropped.load(), 0u);
}

TEST(AudioInputJack, OutputOnlyWhenNoInputIsAsked) {
    test::JackServer server(48000, 256);
    ASSERT_TRUE(server.running()) << server.log();
    core::engine::Engine engine;
    core::audio::AudioDevice device(engine);
    ASSERT_TRUE(device.open({"jack", "", 48000, 256, false})) << device.status().error;
    EXPECT_EQ(device.status().inputChannels, 0u);
    EXPECT_FALSE(device.status().inputError.empty());
    device.close();
}
