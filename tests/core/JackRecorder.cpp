#include "JackRecorder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace latentrack::test {

JackRecorder::JackRecorder(double maxSeconds) {
    m_client = jack_client_open("recorder", JackNoStartServer, nullptr);
    if (m_client == nullptr)
        return;
    m_rate = jack_get_sample_rate(m_client);
    m_buffer.assign(2 * static_cast<std::size_t>(std::ceil(maxSeconds * m_rate)), 0.0f);
    m_ports[0] = jack_port_register(m_client, "in_1", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    m_ports[1] = jack_port_register(m_client, "in_2", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    jack_set_process_callback(m_client, &JackRecorder::process, this);
    jack_activate(m_client);
}

JackRecorder::~JackRecorder() {
    if (m_client != nullptr) {
        jack_deactivate(m_client);
        jack_client_close(m_client);
    }
}

bool JackRecorder::connectStereo(const std::string& prefix, double seconds) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(seconds));
    std::vector<std::string> ports;
    while (ports.size() < 2 && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ports = outputPortsOf(prefix);
    }
    if (ports.size() < 2)
        return false;
    // Ports exist from the stream's opening; they connect once it is started (activated).
    while (connect(ports[0], 0) != 0) {
        if (std::chrono::steady_clock::now() >= until)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return connect(ports[1], 1) == 0;
}

std::vector<std::string> JackRecorder::outputPortsOf(const std::string& prefix) const {
    std::vector<std::string> out;
    const char** ports =
        jack_get_ports(m_client, nullptr, JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput);
    for (const char** p = ports; p != nullptr && *p != nullptr; ++p)
        if (std::string(*p).rfind(prefix, 0) == 0)
            out.emplace_back(*p);
    jack_free(ports);
    std::sort(out.begin(), out.end());
    return out;
}

int JackRecorder::connect(const std::string& source, int channel) {
    return jack_connect(m_client, source.c_str(), jack_port_name(m_ports[channel]));
}

std::vector<float> JackRecorder::mono() const {
    const std::size_t frames = m_frames.load(std::memory_order_acquire);
    std::vector<float> out(frames);
    for (std::size_t i = 0; i < frames; ++i)
        out[i] = m_buffer[2 * i] + m_buffer[2 * i + 1];
    return out;
}

int JackRecorder::process(jack_nframes_t frames, void* arg) {
    auto* self = static_cast<JackRecorder*>(arg);
    if (!self->m_recording.load(std::memory_order_acquire))
        return 0;
    const auto* left = static_cast<const float*>(jack_port_get_buffer(self->m_ports[0], frames));
    const auto* right = static_cast<const float*>(jack_port_get_buffer(self->m_ports[1], frames));
    const std::size_t at = self->m_frames.load(std::memory_order_relaxed);
    const std::size_t n = std::min<std::size_t>(frames, self->m_buffer.size() / 2 - at);
    for (std::size_t i = 0; i < n; ++i) {
        self->m_buffer[2 * (at + i)] = left[i];
        self->m_buffer[2 * (at + i) + 1] = right[i];
    }
    self->m_frames.store(at + n, std::memory_order_release);
    return 0;
}

} // namespace latentrack::test
