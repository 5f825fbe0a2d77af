// The engine live through RtAudio on JACK's dummy backend: 60 s at 64 frames with zero xruns
// and a silent allocation/lock guard; a vanished server is reported, not a crash.
// jackd runs with realtime scheduling (-R) as a real setup would; without it, scheduler jitter
// on a busy machine misses 1.3 ms deadlines whatever the client does.

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "EngineTestUtil.h"
#include "JackServer.h"
#include "core/audio/AudioDevice.h"
#include "core/project/ProjectKit.h"
#include "core/rt/RealtimeGuard.h"

extern char** environ;

using namespace latentrack;
using namespace std::chrono_literals;

namespace latentrack::test {

JackServer::JackServer(int sampleRate, int periodFrames) {
    m_name = "latentrack-test-" + std::to_string(::getpid());
    ::setenv("JACK_DEFAULT_SERVER", m_name.c_str(), 1);
    ::setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
    const std::string rate = std::to_string(sampleRate);
    const std::string period = std::to_string(periodFrames);
    const char* argv[] = {"jackd", "-R", "-P",         "70", "-n",           m_name.c_str(), "-d",
                          "dummy", "-r", rate.c_str(), "-p", period.c_str(), nullptr};
    if (posix_spawnp(&m_pid, "jackd", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) {
        m_pid = -1;
        return;
    }
    // Wait until a client can see its ports.
    for (int i = 0; i < 100 && !m_running; ++i) {
        std::this_thread::sleep_for(100ms);
        m_running = !core::audio::AudioDevice::outputDevices("jack").empty();
    }
}

JackServer::~JackServer() {
    kill();
}

void JackServer::kill() {
    if (m_pid <= 0)
        return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && ::waitpid(m_pid, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(100ms);
    if (::waitpid(m_pid, &status, WNOHANG) == 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
    m_running = false;
}

} // namespace latentrack::test

namespace {
int liveSeconds() {
    const char* s = std::getenv("LATENTRACK_LIVE_SECONDS");
    return s != nullptr ? std::max(1, std::atoi(s)) : 60;
}
} // namespace

TEST(JackLive, SixtySecondsAt64FramesWithoutXrunsOrAllocations) {
    test::JackServer server(48000, 64);
    ASSERT_TRUE(server.running()) << "jackd -d dummy did not start (is jackd2 installed?)";

    core::engine::Engine engine;
    core::audio::AudioDevice device(engine);
    ASSERT_TRUE(device.open({"jack", "", 48000, 64})) << device.status().error;
    const auto st = device.status();
    EXPECT_EQ(st.api, "jack");
    EXPECT_EQ(st.sampleRate, 48000u);
    EXPECT_EQ(st.bufferFrames, 64u);

    // A busy beat of real Hydrogen samples on all 8 tracks.
    core::project::Project p;
    p.kit = "The Black Pearl 1.0";
    p.bpm = 120.0;
    for (int t = 0; t < 8; ++t)
        for (int s = 0; s < 16; s += (t % 3) + 1)
            p.pattern.set(t, s, 0.8f);
    auto kit = core::project::loadProjectKit(p, engine.sampleRate());
    auto& port = engine.openPort();
    core::project::applyProject(engine, port, p, kit);
    port.push({core::engine::CommandType::Play, 0, 0, 0.0f, nullptr});

    core::rt::resetViolations();
    const int seconds = liveSeconds();
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(seconds)) {
        std::this_thread::sleep_for(50ms);
        engine.collectGarbage(); // as the GUI timer does
        ASSERT_TRUE(device.status().running) << device.status().error;
    }
    const auto snap = engine.snapshot();
    device.close();

    EXPECT_EQ(snap.xruns, 0u);
    EXPECT_EQ(core::rt::violations().total(), 0u);
    // 120 BPM = 8 steps per second.
    EXPECT_NEAR(static_cast<double>(snap.stepCounter), 8.0 * seconds, 8.0);
    EXPECT_GT(snap.masterPeak, 0.0f);
    RecordProperty("cpu_load", std::to_string(snap.cpuLoad));
    std::printf("live: %d s, %lld steps, xruns %llu, cpu load %.3f\n", seconds,
                static_cast<long long>(snap.stepCounter),
                static_cast<unsigned long long>(snap.xruns), snap.cpuLoad);
}

TEST(JackLive, VanishedServerIsReportedNotFatal) {
    test::JackServer server(48000, 256);
    ASSERT_TRUE(server.running());
    core::engine::Engine engine;
    core::audio::AudioDevice device(engine);
    ASSERT_TRUE(device.open({"jack", "", 48000, 256})) << device.status().error;
    server.kill();
    bool reported = false;
    for (int i = 0; i < 50 && !reported; ++i) {
        std::this_thread::sleep_for(100ms);
        reported = !device.status().running;
    }
    EXPECT_TRUE(reported);
    EXPECT_FALSE(device.status().error.empty());
    device.close();
    // With no server at all, opening fails with a reason instead of throwing.
    EXPECT_FALSE(device.open({"jack", "", 48000, 256}));
    EXPECT_NE(device.status().error.find("jack"), std::string::npos) << device.status().error;
}
