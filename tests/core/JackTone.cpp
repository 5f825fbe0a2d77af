#include "JackTone.h"

#include <cmath>

namespace latentrack::test {

ToneClient::ToneClient(double hz, float amplitude) : m_hz(hz), m_amplitude(amplitude) {
    m_client = jack_client_open("tone", JackNoStartServer, nullptr);
    if (m_client == nullptr)
        return;
    m_port = jack_port_register(m_client, "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    m_rate = jack_get_sample_rate(m_client);
    jack_set_process_callback(m_client, &ToneClient::process, this);
    jack_activate(m_client);
}

ToneClient::~ToneClient() {
    if (m_client != nullptr) {
        jack_deactivate(m_client);
        jack_client_close(m_client);
    }
}

int ToneClient::connect(const char* destination) {
    return jack_connect(m_client, jack_port_name(m_port), destination);
}

int ToneClient::process(jack_nframes_t frames, void* arg) {
    auto* self = static_cast<ToneClient*>(arg);
    auto* out = static_cast<float*>(jack_port_get_buffer(self->m_port, frames));
    for (jack_nframes_t i = 0; i < frames; ++i) {
        out[i] = self->m_amplitude * static_cast<float>(std::sin(self->m_phase));
        self->m_phase += 2.0 * M_PI * self->m_hz / self->m_rate;
        if (self->m_phase > 2.0 * M_PI)
            self->m_phase -= 2.0 * M_PI;
    }
    return 0;
}

} // namespace latentrack::test
