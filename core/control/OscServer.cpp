#include "core/control/OscServer.h"

#include "core/control/Modulator.h"
#include "core/dsp/Descriptors.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <type_traits>

#include <lo/lo.h>

namespace latentrack::core::control {

namespace {

constexpr std::size_t kMaxPacket = 65536;

struct MessageDeleter {
    void operator()(lo_message m) const { lo_message_free(m); }
};

bool numberArg(char type, lo_arg* arg, double& out) {
    switch (type) {
    case LO_FLOAT:
        out = arg->f;
        return true;
    case LO_DOUBLE:
        out = arg->d;
        return true;
    case LO_INT32:
        out = arg->i;
        return true;
    case LO_INT64:
        out = static_cast<double>(arg->h);
        return true;
    default:
        return false;
    }
}

} // namespace

OscServer::OscServer(OscTarget& target, int port, const std::string& host) : m_target(target) {
    if (port < 0 || port > 65535)
        throw OscError("OSC port " + std::to_string(port) + " is out of range 0–65535");
    m_socket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_socket < 0)
        throw OscError(std::string("cannot create OSC socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
        ::close(m_socket);
        throw OscError("invalid OSC bind address \"" + host + "\" (expected IPv4, e.g. 127.0.0.1)");
    }
    if (::bind(m_socket, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const std::string why = std::strerror(errno);
        ::close(m_socket);
        throw OscError("cannot listen for OSC on " + host + ":" + std::to_string(port) + ": " +
                       why);
    }
    socklen_t len = sizeof addr;
    ::getsockname(m_socket, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { run(); });
}

OscServer::~OscServer() {
    m_running = false;
    if (m_thread.joinable())
        m_thread.join();
    ::close(m_socket);
}

void OscServer::run() {
    std::vector<char> buffer(kMaxPacket);
    while (m_running.load()) {
        pollfd pfd{m_socket, POLLIN, 0};
        if (::poll(&pfd, 1, 50) <= 0)
            continue;
        sockaddr_storage from{};
        socklen_t fromLen = sizeof from;
        const ssize_t n = ::recvfrom(m_socket, buffer.data(), buffer.size(), 0,
                                     reinterpret_cast<sockaddr*>(&from), &fromLen);
        if (n <= 0)
            continue;
        handlePacket(buffer.data(), static_cast<std::size_t>(n), &from, fromLen);
    }
}

void OscServer::replyError(const void* to, unsigned toLen, const std::string& path,
                           const std::string& why) {
    ++m_rejected;
    OscReply(m_socket, to, toLen).error(path, why);
}

OscReply::OscReply(int socket, const void* peer, unsigned peerLen)
    : m_socket(socket), m_peer(static_cast<const unsigned char*>(peer),
                               static_cast<const unsigned char*>(peer) + peerLen) {}

namespace {
void sendMessage(int socket, const std::vector<unsigned char>& peer, lo_message message,
                 const char* path) {
    std::size_t size = 0;
    void* data = lo_message_serialise(message, path, nullptr, &size);
    if (data == nullptr)
        return;
    ::sendto(socket, data, size, 0, reinterpret_cast<const sockaddr*>(peer.data()),
             static_cast<socklen_t>(peer.size()));
    std::free(data);
}
} // namespace

void OscReply::error(const std::string& path, const std::string& why) const {
    if (m_socket < 0)
        return;
    std::unique_ptr<std::remove_pointer_t<lo_message>, MessageDeleter> reply(lo_message_new());
    lo_message_add_string(reply.get(), path.c_str());
    lo_message_add_string(reply.get(), why.c_str());
    sendMessage(m_socket, m_peer, reply.get(), "/error");
}

void OscReply::floats(const std::string& path, const std::vector<float>& values) const {
    if (m_socket < 0)
        return;
    std::unique_ptr<std::remove_pointer_t<lo_message>, MessageDeleter> reply(lo_message_new());
    for (float v : values)
        lo_message_add_float(reply.get(), v);
    sendMessage(m_socket, m_peer, reply.get(), path.c_str());
}

void OscReply::sampleReady(int track, gen::GenerationMode mode, const std::string& className,
                           std::uint64_t seed) const {
    if (m_socket < 0)
        return;
    std::unique_ptr<std::remove_pointer_t<lo_message>, MessageDeleter> reply(lo_message_new());
    lo_message_add_int32(reply.get(), track);
    lo_message_add_string(reply.get(), std::string(gen::modeName(mode)).c_str());
    lo_message_add_string(reply.get(), className.c_str());
    lo_message_add_int32(reply.get(), static_cast<std::int32_t>(seed & 0x7fffffff));
    sendMessage(m_socket, m_peer, reply.get(), "/sample_ready");
}

void OscServer::handlePacket(const void* data, std::size_t size, const void* from,
                             unsigned fromLen) {
    auto* bytes = const_cast<void*>(data);
    if (size >= 8 && std::memcmp(data, "#bundle", 8) == 0) {
        replyError(from, fromLen, "", "OSC bundles are not supported; send single messages");
        return;
    }
    int result = 0;
    std::unique_ptr<std::remove_pointer_t<lo_message>, MessageDeleter> msg(
        lo_message_deserialise(bytes, size, &result));
    if (!msg || result != 0) {
        replyError(from, fromLen, "",
                   "malformed OSC packet (liblo error " + std::to_string(result) + ")");
        return;
    }
    const char* pathPtr = lo_get_path(bytes, static_cast<ssize_t>(size));
    const std::string path = pathPtr != nullptr ? pathPtr : "";
    const std::string types = lo_message_get_types(msg.get());
    lo_arg** argv = lo_message_get_argv(msg.get());

    auto reject = [&](const std::string& why) { replyError(from, fromLen, path, why); };
    if (path == "/play" || path == "/stop") {
        if (!types.empty())
            return reject(path + " takes no arguments");
        path == "/play" ? m_target.play() : m_target.stop();
    } else if (path == "/bpm") {
        double bpm = 0.0;
        if (types.size() != 1 || !numberArg(types[0], argv[0], bpm))
            return reject("/bpm takes one number (f or i), got types \"" + types + "\"");
        if (!(bpm >= 40.0 && bpm <= 300.0))
            return reject("/bpm " + std::to_string(bpm) + " is outside 40–300");
        m_target.setBpm(bpm);
    } else if (path == "/step") {
        double track = 0.0, step = 0.0, vel = 0.0;
        if (types.size() != 3 || types[0] != LO_INT32 || types[1] != LO_INT32 ||
            !numberArg(types[2], argv[2], vel))
            return reject("/step takes i i f (track, step, velocity), got types \"" + types + "\"");
        track = argv[0]->i;
        step = argv[1]->i;
        if (track < 0 || track >= m_target.trackCount())
            return reject("/step: track " + std::to_string(argv[0]->i) + " is outside 0–" +
                          std::to_string(m_target.trackCount() - 1));
        if (step < 0 || step >= m_target.stepCount())
            return reject("/step: step " + std::to_string(argv[1]->i) + " is outside 0–" +
                          std::to_string(m_target.stepCount() - 1));
        if (!(vel >= 0.0 && vel <= 1.0))
            return reject("/step: velocity must be within 0–1");
        m_target.setStep(argv[0]->i, argv[1]->i, static_cast<float>(vel));
    } else if (path == "/sample_note" || path == "/sample_path") {
        if (types != "i")
            return reject(path + " takes one int (track), got types \"" + types + "\"");
        const int track = argv[0]->i;
        if (track < 0 || track >= m_target.trackCount())
            return reject(path + ": track " + std::to_string(track) + " is outside 0–" +
                          std::to_string(m_target.trackCount() - 1));
        const auto mode =
            path == "/sample_note" ? gen::GenerationMode::Note : gen::GenerationMode::Path;
        const auto why = m_target.sampleSound(track, mode, OscReply(m_socket, from, fromLen));
        if (!why.empty())
            return reject(path + ": " + why);
    } else if (path.rfind("/fader/", 0) == 0 || path.rfind("/mod/", 0) == 0) {
        const bool fader = path[1] == 'f';
        const std::string name = path.substr(fader ? 7 : 5);
        try {
            dsp::descriptorFromName(name);
        } catch (const std::invalid_argument& e) {
            return reject(e.what());
        }
        std::vector<std::pair<std::string, float>> values;
        if (fader) {
            double v = 0.0;
            if (types.size() != 1 || !numberArg(types[0], argv[0], v))
                return reject(path + " takes one number, got types \"" + types + "\"");
            if (!(v >= -1.0 && v <= 1.0))
                return reject(path + ": " + std::to_string(v) + " is outside −1 … 1");
            values.emplace_back("fader." + name, static_cast<float>(v));
        } else {
            double rate = 0.0, amount = 0.0, bias = 0.0;
            if (types.size() != 4 || types[0] != LO_STRING || !numberArg(types[1], argv[1], rate) ||
                !numberArg(types[2], argv[2], amount) || !numberArg(types[3], argv[3], bias))
                return reject(path + " takes s f f f (shape, rate Hz, amount, bias), got types \"" +
                              types + "\"");
            ModShape shape = ModShape::Off;
            try {
                shape = modShapeFromName(&argv[0]->s);
            } catch (const std::invalid_argument& e) {
                return reject(e.what());
            }
            if (!(rate >= 0.001 && rate <= 50.0) || !(amount >= -1.0 && amount <= 1.0) ||
                !(bias >= -1.0 && bias <= 1.0))
                return reject(path + ": rate must be 0.001–50 Hz, amount and bias −1 … 1");
            const std::string id = "mod." + name;
            values = {{id + ".shape", static_cast<float>(shape)},
                      {id + ".rate", static_cast<float>(rate)},
                      {id + ".amount", static_cast<float>(amount)},
                      {id + ".bias", static_cast<float>(bias)}};
        }
        for (const auto& [id, v] : values)
            if (const auto why = m_target.setParameter(id, v); !why.empty())
                return reject(path + ": " + why);
    } else if (path == "/knob") {
        double bias = 0.0, scale = 1.0;
        if (types.size() != 3 || types[0] != LO_INT32 || !numberArg(types[1], argv[1], bias) ||
            !numberArg(types[2], argv[2], scale))
            return reject("/knob takes i f f (dimension 1–8, bias, scale), got types \"" + types +
                          "\"");
        const int d = argv[0]->i;
        if (d < 1 || d > 8 || !(bias >= -4.0 && bias <= 4.0) || !(scale >= 0.0 && scale <= 2.0))
            return reject("/knob: dimension must be 1–8, bias −4 … 4, scale 0 … 2");
        const std::string id = "ts.z" + std::to_string(d);
        for (const auto& [key, v] :
             {std::pair{id + ".bias", bias}, std::pair{id + ".scale", scale}})
            if (const auto why = m_target.setParameter(key, static_cast<float>(v)); !why.empty())
                return reject("/knob: " + why);
    } else if (path == "/encode" || path == "/decode" || path == "/load_preset") {
        PresetRequest request;
        if (path == "/encode") {
            if (types != "s")
                return reject("/encode takes one string (a sound file), got types \"" + types +
                              "\"");
            request.file = &argv[0]->s;
        } else if (path == "/decode") {
            request.kind = PresetRequest::Kind::Decode;
            if (types.empty())
                return reject("/decode takes the latent point's numbers (f…)");
            for (std::size_t i = 0; i < types.size(); ++i) {
                double v = 0.0;
                if (!numberArg(types[i], argv[i], v) || !std::isfinite(v))
                    return reject("/decode takes finite numbers only, got types \"" + types + "\"");
                request.z.push_back(static_cast<float>(v));
            }
        } else {
            request.kind = PresetRequest::Kind::LoadPreset;
            if (types != "i" || argv[0]->i < 0)
                return reject("/load_preset takes one int ≥ 0 (the voice in the bank)");
            request.index = argv[0]->i;
        }
        if (const auto why = m_target.presetRequest(request, OscReply(m_socket, from, fromLen));
            !why.empty())
            return reject(path + ": " + why);
    } else {
        return reject("unknown OSC address " + path +
                      " (known: /play /stop /bpm /step /sample_note /sample_path /fader/<name> "
                      "/mod/<name> /knob /encode /decode /load_preset)");
    }
    ++m_handled;
}

} // namespace latentrack::core::control
