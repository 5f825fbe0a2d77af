#pragma once
// A JACK client with one output port ("tone:out") playing a sine, as a sound source for tests
// of the audio input. Thread: the test thread; JACK calls process() on its own thread.

#include <jack/jack.h>

namespace latentrack::test {

class ToneClient {
public:
    /// Opens the client on the running server (JACK_DEFAULT_SERVER) and starts the tone.
    ToneClient(double hz, float amplitude);
    ~ToneClient();
    ToneClient(const ToneClient&) = delete;
    ToneClient& operator=(const ToneClient&) = delete;
    bool ok() const { return m_client != nullptr && m_port != nullptr; }
    /// jack_connect from the tone's port to `destination` ("client:port"); 0 on success.
    int connect(const char* destination);

private:
    static int process(jack_nframes_t frames, void* arg);

    jack_client_t* m_client = nullptr;
    jack_port_t* m_port = nullptr;
    double m_hz;
    float m_amplitude;
    double m_rate = 48000.0;
    double m_phase = 0.0;
};

} // namespace latentrack::test
