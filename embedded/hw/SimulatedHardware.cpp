#include "embedded/hw/SimulatedHardware.h"

#include <cmath>
#include <cstdio>

#include <lo/lo.h>

#include "models/image/PngWriter.h"

namespace latentrack::embedded::hw {

struct SimulatedInputs::Osc {
    SimulatedInputs* self = nullptr;
    lo_server_thread server = nullptr;
    ~Osc() {
        if (server) {
            lo_server_thread_stop(server);
            lo_server_thread_free(server);
        }
    }
};

namespace {

int onMessage(const char* path, const char* types, lo_arg** argv, int argc, lo_message msg,
              void* user) {
    auto* osc = static_cast<SimulatedInputs::Osc*>(user);
    std::array<float, 4> numbers{};
    std::string typeString = types ? types : "";
    int count = 0;
    for (int i = 0; i < argc && i < 4; ++i) {
        if (types[i] == 'i')
            numbers[static_cast<std::size_t>(count++)] = static_cast<float>(argv[i]->i);
        else if (types[i] == 'f')
            numbers[static_cast<std::size_t>(count++)] = argv[i]->f;
        else if (types[i] == 'd')
            numbers[static_cast<std::size_t>(count++)] = static_cast<float>(argv[i]->d);
        else
            count = -1000; // not a number: refused below
    }
    const auto why = osc->self->handle(path, typeString, numbers.data(), argc > 4 ? -1 : count);
    if (!why.empty()) {
        if (lo_address from = lo_message_get_source(msg)) {
            lo_send_from(from, lo_server_thread_get_server(osc->server), LO_TT_IMMEDIATE, "/error",
                         "ss", path, why.c_str());
        }
    }
    return 0;
}

void onError(int num, const char* msg, const char* where) {
    std::fprintf(stderr, "latentrack-module: OSC error %d: %s (%s)\n", num, msg ? msg : "",
                 where ? where : "");
}

} // namespace

SimulatedInputs::SimulatedInputs(std::optional<Scenario> scenario, int oscPort)
    : m_scenario(std::move(scenario)) {
    if (oscPort <= 0)
        return;
    m_osc = std::make_unique<Osc>();
    m_osc->self = this;
    const auto port = std::to_string(oscPort);
    m_osc->server = lo_server_thread_new(port.c_str(), onError);
    if (!m_osc->server)
        throw HardwareError("OSC: cannot listen on UDP port " + port + " (in use?)");
    lo_server_thread_add_method(m_osc->server, nullptr, nullptr, onMessage, m_osc.get());
    m_port = lo_server_thread_get_port(m_osc->server);
    lo_server_thread_start(m_osc->server);
}

SimulatedInputs::~SimulatedInputs() = default;

std::string SimulatedInputs::handle(const std::string& path, const std::string& types,
                                    const float* v, int count) {
    auto refuse = [this](std::string why) {
        ++m_refused;
        return why;
    };
    const int i = count >= 1 ? static_cast<int>(v[0]) : -1;
    if (count < 0)
        return refuse("arguments must be numbers (got \"" + types + "\")");
    if (path == "/cv") {
        if (count != 2 || i < 1 || i > kCvInputs)
            return refuse("expects /cv i f: input 1–4 and volts");
        if (!std::isfinite(v[1]) || std::abs(v[1]) > 10.0f)
            return refuse("volts must be within −10 … 10");
        m_cv[static_cast<std::size_t>(i - 1)] = v[1];
        m_cvSet[static_cast<std::size_t>(i - 1)] = true;
    } else if (path == "/gate") {
        if (count != 2 || i < 1 || i > kGateInputs)
            return refuse("expects /gate i i: gate 1–2 and 0 (low) or 1 (high)");
        const float volts =
            types.size() >= 2 && types[1] == 'i' ? (v[1] != 0.0f ? 5.0f : 0.0f) : v[1];
        if (!std::isfinite(volts) || std::abs(volts) > 12.0f)
            return refuse("gate voltage must be within −12 … 12");
        m_gate[static_cast<std::size_t>(i - 1)] = volts;
        m_gateSet[static_cast<std::size_t>(i - 1)] = true;
    } else if (path == "/encoder") {
        if (count != 1 || std::abs(v[0]) > 1000.0f)
            return refuse("expects /encoder i: detents to turn");
        m_detents += static_cast<int>(std::lround(v[0]));
    } else if (path == "/push") {
        if (count != 1)
            return refuse("expects /push i: 1 pushed, 0 released");
        m_push = v[0] != 0.0f ? 1 : 0;
    } else {
        return refuse("unknown address (the module answers /cv, /gate, /encoder, /push)");
    }
    ++m_accepted;
    return {};
}

bool SimulatedInputs::read(double seconds, std::array<float, kCvInputs>& raw) {
    const auto scripted = m_scenario ? m_scenario->cvAt(seconds) : std::array<float, kCvInputs>{};
    for (std::size_t i = 0; i < raw.size(); ++i)
        raw[i] = m_cvSet[i] ? m_cv[i].load() : scripted[i];
    return true;
}

bool SimulatedInputs::read(double seconds, std::array<float, kGateInputs>& volts) {
    const auto scripted =
        m_scenario ? m_scenario->gatesAt(seconds) : std::array<float, kGateInputs>{};
    for (std::size_t i = 0; i < volts.size(); ++i)
        volts[i] = m_gateSet[i] ? m_gate[i].load() : scripted[i];
    return true;
}

bool SimulatedInputs::read(double seconds, int& detents, bool& pushed) {
    detents = m_detents.exchange(0);
    if (m_scenario)
        detents += m_scenario->detentsBetween(m_lastEncoderSeconds, seconds);
    m_lastEncoderSeconds = seconds;
    const int osc = m_push.load();
    pushed = osc >= 0 ? osc == 1 : (m_scenario && m_scenario->pushedAt(seconds));
    return true;
}

SimulatedDisplay::SimulatedDisplay(std::filesystem::path png, bool terminal)
    : m_png(std::move(png)), m_terminal(terminal) {}

bool SimulatedDisplay::show(const Frame& frame) {
    {
        std::lock_guard lock(m_mutex);
        m_last = frame;
    }
    ++m_count;
    bool ok = true;
    if (!m_png.empty()) {
        constexpr int kScale = 4;
        models::image::RgbImage img(Frame::kWidth * kScale, Frame::kHeight * kScale, 0);
        for (int y = 0; y < Frame::kHeight; ++y)
            for (int x = 0; x < Frame::kWidth; ++x)
                if (frame.get(x, y))
                    for (int dy = 0; dy < kScale - 1; ++dy)
                        for (int dx = 0; dx < kScale - 1; ++dx)
                            img.set(x * kScale + dx, y * kScale + dy, 150, 220, 255);
        try {
            models::image::writePng(img, m_png);
        } catch (const std::exception&) {
            ok = false;
        }
    }
    if (m_terminal) {
        std::fputs("\x1b[H", stdout);
        std::fputs(frameAsText(frame).c_str(), stdout);
        std::fflush(stdout);
    }
    return ok;
}

Frame SimulatedDisplay::last() const {
    std::lock_guard lock(m_mutex);
    return m_last;
}

std::string frameAsText(const Frame& frame) {
    std::string out;
    for (int y = 0; y < Frame::kHeight; y += 2) {
        for (int x = 0; x < Frame::kWidth; ++x) {
            const bool top = frame.get(x, y), bottom = frame.get(x, y + 1);
            out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
        }
        out += '\n';
    }
    return out;
}

} // namespace latentrack::embedded::hw
