// OSC round trip with a liblo client: commands reach the target, malformed input is answered
// with /error and never crashes the server.

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>
#include <lo/lo.h>

#include "EngineTestUtil.h"
#include "core/control/EngineOscTarget.h"
#include "core/control/Modulator.h"
#include "core/control/OscServer.h"
#include "core/engine/DrumMachine.h"
#include "core/gen/GenerationService.h"

using namespace latentrack;
using namespace std::chrono_literals;

namespace {

// A plain UDP client that sends liblo-encoded messages and reads replies.
class Client {
public:
    explicit Client(int port) {
        m_fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        m_to.sin_family = AF_INET;
        m_to.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, "127.0.0.1", &m_to.sin_addr);
    }
    ~Client() { ::close(m_fd); }
    void sendRaw(const void* data, std::size_t size) {
        ::sendto(m_fd, data, size, 0, reinterpret_cast<sockaddr*>(&m_to), sizeof m_to);
    }
    void send(const char* path, lo_message m) {
        std::size_t size = 0;
        void* data = lo_message_serialise(m, path, nullptr, &size);
        sendRaw(data, size);
        std::free(data);
        lo_message_free(m);
    }
    // Returns "path|arg1|arg2" of the next reply, or "" after a timeout.
    std::string reply(int timeoutMs = 1000) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) <= 0)
            return "";
        char buf[4096];
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        int err = 0;
        lo_message m = lo_message_deserialise(buf, static_cast<std::size_t>(n), &err);
        if (m == nullptr)
            return "undecodable";
        std::string out = lo_get_path(buf, n);
        const char* types = lo_message_get_types(m);
        lo_arg** argv = lo_message_get_argv(m);
        for (int i = 0; types[i] != '\0'; ++i)
            out += std::string("|") + (types[i] == 's' ? &argv[i]->s : "?");
        lo_message_free(m);
        return out;
    }

private:
    int m_fd;
    sockaddr_in m_to{};
};

template <typename F> bool eventually(F f) {
    for (int i = 0; i < 200; ++i) {
        if (f())
            return true;
        std::this_thread::sleep_for(5ms);
    }
    return false;
}

struct OscFixture : ::testing::Test {
    test::TestEngine t{48000.0, 256};
    core::engine::Engine::CommandPort& oscPort = t.engine.openPort();
    core::control::EngineOscTarget target{t.engine, oscPort};
    core::control::OscServer server{target, 0};
    Client client{server.port()};
};

} // namespace

TEST_F(OscFixture, BindsToLoopbackOnly) {
    // The kernel's UDP table lists the bound local address as hex, e.g. 0100007F:1F90.
    std::ifstream table("/proc/net/udp");
    ASSERT_TRUE(table.good());
    char port[8];
    std::snprintf(port, sizeof port, "%04X", server.port());
    std::string line, address;
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local;
        fields >> slot >> local;
        if (local.size() == 13 && local.substr(9) == port)
            address = local.substr(0, 8);
    }
    EXPECT_EQ(address, "0100007F") << "OSC socket bound to " << address << ", not 127.0.0.1";
    EXPECT_THROW(core::control::OscServer(target, server.port()), core::control::OscError);
}

TEST_F(OscFixture, CommandsReachTheEngine) {
    t.drums.setTrackSample(*t.port, 2, test::impulseSample(48000.0));
    lo_message m = lo_message_new();
    lo_message_add_float(m, 150.0f);
    client.send("/bpm", m);
    m = lo_message_new();
    lo_message_add_int32(m, 2);
    lo_message_add_int32(m, 0);
    lo_message_add_float(m, 0.75f);
    client.send("/step", m);
    client.send("/play", lo_message_new());
    ASSERT_TRUE(eventually([&] { return server.handled() == 3; }));
    EXPECT_DOUBLE_EQ(t.engine.bpm.load(), 150.0);
    const auto out = t.render(256, 256);
    EXPECT_NEAR(out[0], 0.75f, 1e-6); // step 0 of track 2 fires at once with velocity 0.75
    EXPECT_TRUE(t.engine.snapshot().playing);
    client.send("/stop", lo_message_new());
    ASSERT_TRUE(eventually([&] { return server.handled() == 4; }));
    t.render(256, 256);
    EXPECT_FALSE(t.engine.snapshot().playing);
    EXPECT_EQ(client.reply(100), ""); // success is silent
}

TEST_F(OscFixture, MalformedMessagesAreAnsweredWithErrors) {
    lo_message m = lo_message_new();
    lo_message_add_string(m, "fast");
    client.send("/bpm", m);
    EXPECT_EQ(client.reply().substr(0, 11), "/error|/bpm");

    m = lo_message_new();
    lo_message_add_float(m, 1000.0f);
    client.send("/bpm", m);
    EXPECT_NE(client.reply().find("outside 40"), std::string::npos);

    m = lo_message_new();
    lo_message_add_int32(m, 12);
    lo_message_add_int32(m, 0);
    lo_message_add_float(m, 1.0f);
    client.send("/step", m);
    EXPECT_NE(client.reply().find("track 12"), std::string::npos);

    m = lo_message_new();
    lo_message_add_int32(m, 1);
    client.send("/step", m);
    EXPECT_NE(client.reply().find("i i f"), std::string::npos);

    client.send("/dance", lo_message_new());
    EXPECT_NE(client.reply().find("unknown OSC address /dance"), std::string::npos);

    const char garbage[] = "\x01\x02not osc at all";
    client.sendRaw(garbage, sizeof garbage);
    EXPECT_NE(client.reply().find("malformed OSC packet"), std::string::npos);

    const char truncated[] = {'/', 'b', 'p', 'm', 0, 0, 0, 0, ',', 'f', 0, 0}; // float missing
    client.sendRaw(truncated, sizeof truncated);
    EXPECT_NE(client.reply().find("malformed"), std::string::npos);

    EXPECT_EQ(server.rejected(), 7u);
    EXPECT_EQ(server.handled(), 0u);
    // Still alive and serving.
    client.send("/play", lo_message_new());
    EXPECT_TRUE(eventually([&] { return server.handled() == 1; }));
}

namespace {
// A stand-in for a neural model: a decaying sine whose pitch depends on the seed.
class FakeGenerator : public core::gen::SoundGenerator {
public:
    std::vector<std::string> classes() const override { return {"kick", "snare"}; }
    double sampleRate() const override { return 16000.0; }
    std::string name() const override { return "fake"; }
    std::vector<float> generate(const core::gen::GenerationRecipe& r) override {
        if (r.className != "kick" && r.className != "snare")
            throw std::invalid_argument("no class " + r.className);
        std::vector<float> out(8000);
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = 0.5f * std::exp(-static_cast<float>(i) / 2000.0f) *
                     std::sin(static_cast<float>(i) * (0.05f + 0.001f * (r.seed % 7)));
        return out;
    }
};
} // namespace

TEST(Osc, SampleNoteGeneratesASoundAndRepliesWhenItIsInTheEngine) {
    core::engine::Engine engine;
    engine.add<core::engine::DrumMachine>();
    engine.prepare(48000.0, 256);
    auto& oscPort = engine.openPort();
    auto& genPort = engine.openPort();
    core::gen::GenerationService service(std::make_shared<FakeGenerator>(), engine, genPort);
    core::control::EngineOscTarget target(engine, oscPort);
    std::array<std::string, core::seq::kMaxTracks> classes{"kick", "snare"};
    core::control::OscServer server(target, 0);
    Client client(server.port());

    client.send("/sample_note", lo_message_new());
    EXPECT_EQ(client.reply(),
              "/error|/sample_note|/sample_note takes one int (track), got types \"\"");
    lo_message m = lo_message_new();
    lo_message_add_int32(m, 0);
    client.send("/sample_note", m);
    EXPECT_EQ(client.reply(), "/error|/sample_note|/sample_note: no neural model is loaded");

    target.setGeneration(&service, classes);
    m = lo_message_new();
    lo_message_add_int32(m, 2); // no class for track 2
    client.send("/sample_path", m);
    EXPECT_NE(client.reply().find("has no class for track 2"), std::string::npos);

    m = lo_message_new();
    lo_message_add_int32(m, 1);
    client.send("/sample_note", m);
    const auto ready = client.reply(5000);
    EXPECT_EQ(ready.rfind("/sample_ready|?|note|snare|?", 0), 0u) << ready;
    ASSERT_TRUE(service.waitIdle(5.0)); // the reply goes out just before the result is queued
    const auto result = service.poll();
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->track, 1);
    EXPECT_TRUE(result->error.empty());
    EXPECT_EQ(result->audio.size(), 8000u);

    // The sample reached the engine: auditioning track 1 now sounds.
    auto& gui = engine.openPort();
    gui.push(core::engine::Command{core::engine::CommandType::Audition, 1, 0, 1.0f, nullptr});
    EXPECT_GT(test::renderPeak(engine, 20), 0.05f);
}

namespace {
/// An OSC target whose drum-machine calls do nothing (8 tracks, 16 steps).
class QuietTarget : public core::control::OscTarget {
public:
    void play() override {}
    void stop() override {}
    void setBpm(double) override {}
    void setStep(int, int, float) override {}
    int trackCount() const override { return 8; }
    int stepCount() const override { return 16; }
};

/// An OSC target that records the instrument parameters it is given.
class ParameterTarget final : public QuietTarget {
public:
    std::string setParameter(const std::string& id, float value) override {
        std::lock_guard lock(mutex);
        got.emplace_back(id, value);
        return {};
    }
    std::mutex mutex;
    std::vector<std::pair<std::string, float>> got;
};
} // namespace

TEST(Osc, FadersAndModulatorsReachTheInstrumentAndBadOnesAreAnswered) {
    ParameterTarget target;
    core::control::OscServer server(target, 0);
    Client client(server.port());
    lo_message m = lo_message_new();
    lo_message_add_float(m, 0.5f);
    client.send("/fader/rms", m);
    m = lo_message_new();
    lo_message_add_string(m, "sine");
    lo_message_add_float(m, 0.25f);
    lo_message_add_float(m, 0.8f);
    lo_message_add_float(m, -0.1f);
    client.send("/mod/centroid", m);
    ASSERT_TRUE(eventually([&] { return server.handled() == 2; }));
    {
        std::lock_guard lock(target.mutex);
        ASSERT_EQ(target.got.size(), 5u);
        EXPECT_EQ(target.got[0], (std::pair<std::string, float>{"fader.rms", 0.5f}));
        EXPECT_EQ(target.got[1].first, "mod.centroid.shape");
        EXPECT_EQ(target.got[1].second, static_cast<float>(core::control::ModShape::Sine));
        EXPECT_EQ(target.got[2], (std::pair<std::string, float>{"mod.centroid.rate", 0.25f}));
        EXPECT_FLOAT_EQ(target.got[4].second, -0.1f);
    }
    m = lo_message_new();
    lo_message_add_float(m, 0.5f);
    client.send("/fader/warmth", m);
    EXPECT_NE(client.reply().find("no descriptor \"warmth\""), std::string::npos);
    m = lo_message_new();
    lo_message_add_float(m, 2.0f);
    client.send("/fader/rms", m);
    EXPECT_NE(client.reply().find("outside"), std::string::npos);
    m = lo_message_new();
    lo_message_add_string(m, "triangle");
    lo_message_add_float(m, 1.0f);
    lo_message_add_float(m, 1.0f);
    lo_message_add_float(m, 0.0f);
    client.send("/mod/rms", m);
    EXPECT_NE(client.reply().find("no modulator shape"), std::string::npos);
    // A TorchScript model's latent knob.
    m = lo_message_new();
    lo_message_add_int32(m, 3);
    lo_message_add_float(m, -1.5f);
    lo_message_add_float(m, 0.5f);
    client.send("/knob", m);
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(target.mutex);
        return target.got.size() == 7u;
    }));
    {
        std::lock_guard lock(target.mutex);
        EXPECT_EQ(target.got[5], (std::pair<std::string, float>{"ts.z3.bias", -1.5f}));
        EXPECT_EQ(target.got[6], (std::pair<std::string, float>{"ts.z3.scale", 0.5f}));
    }
    m = lo_message_new();
    lo_message_add_int32(m, 9);
    lo_message_add_float(m, 0.0f);
    lo_message_add_float(m, 1.0f);
    client.send("/knob", m);
    EXPECT_NE(client.reply().find("dimension must be 1–8"), std::string::npos);
    m = lo_message_new();
    lo_message_add_float(m, 1.0f);
    client.send("/knob", m);
    EXPECT_NE(client.reply().find("/knob takes i f f"), std::string::npos);
    client.send("/mod/rms", lo_message_new());
    EXPECT_NE(client.reply().find("takes s f f f"), std::string::npos);
}

namespace {
/// An OSC target that records preset-inference requests and answers /params.
class PresetTarget final : public QuietTarget {
public:
    std::string presetRequest(const core::control::PresetRequest& r,
                              const core::control::OscReply& reply) override {
        {
            std::lock_guard lock(mutex);
            got.push_back(r);
        }
        reply.floats("/params", std::vector<float>(144, 0.5f));
        return {};
    }
    std::mutex mutex;
    std::vector<core::control::PresetRequest> got;
};
} // namespace

TEST(Osc, PresetRequestsReachTheInstrumentAndAreAnswered) {
    using Kind = core::control::PresetRequest::Kind;
    PresetTarget target;
    core::control::OscServer server(target, 0);
    Client client(server.port());
    lo_message m = lo_message_new();
    lo_message_add_string(m, "/tmp/sung.wav");
    client.send("/encode", m);
    const auto params = client.reply();
    EXPECT_EQ(params.rfind("/params|", 0), 0u) << params;
    EXPECT_EQ(std::count(params.begin(), params.end(), '|'), 144);
    m = lo_message_new();
    lo_message_add_float(m, 0.25f);
    lo_message_add_int32(m, -1);
    lo_message_add_float(m, 2.0f);
    client.send("/decode", m);
    client.reply();
    m = lo_message_new();
    lo_message_add_int32(m, 3);
    client.send("/load_preset", m);
    client.reply();
    {
        std::lock_guard lock(target.mutex);
        ASSERT_EQ(target.got.size(), 3u);
        EXPECT_EQ(target.got[0].kind, Kind::Encode);
        EXPECT_EQ(target.got[0].file, "/tmp/sung.wav");
        EXPECT_EQ(target.got[1].kind, Kind::Decode);
        EXPECT_EQ(target.got[1].z, (std::vector<float>{0.25f, -1.0f, 2.0f}));
        EXPECT_EQ(target.got[2].kind, Kind::LoadPreset);
        EXPECT_EQ(target.got[2].index, 3);
    }
    m = lo_message_new();
    lo_message_add_int32(m, 3);
    client.send("/encode", m);
    EXPECT_NE(client.reply().find("takes one string"), std::string::npos);
    m = lo_message_new();
    lo_message_add_string(m, "x");
    client.send("/decode", m);
    EXPECT_NE(client.reply().find("finite numbers"), std::string::npos);
    m = lo_message_new();
    lo_message_add_int32(m, -2);
    client.send("/load_preset", m);
    EXPECT_NE(client.reply().find("int ≥ 0"), std::string::npos);
    // A target without preset inference says so.
    ParameterTarget plain;
    core::control::OscServer other(plain, 0);
    Client second(other.port());
    m = lo_message_new();
    lo_message_add_string(m, "/tmp/sung.wav");
    second.send("/encode", m);
    EXPECT_NE(second.reply().find("not available"), std::string::npos);
}
