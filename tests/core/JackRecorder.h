#pragma once
// A JACK client with two input ports ("recorder:in_1", "recorder:in_2") that records what
// reaches them, as the listener in end-to-end tests of an app's output. Thread: the test
// thread; JACK calls process() on its own thread, which writes into a buffer allocated up
// front and publishes the frame count through an atomic.

#include <jack/jack.h>

#include <atomic>
#include <string>
#include <vector>

namespace latentrack::test {

class JackRecorder {
public:
    /// Opens the client on the running server (JACK_DEFAULT_SERVER) with room for
    /// `maxSeconds` of audio; it records only between start() and stop().
    explicit JackRecorder(double maxSeconds);
    ~JackRecorder();
    JackRecorder(const JackRecorder&) = delete;
    JackRecorder& operator=(const JackRecorder&) = delete;
    bool ok() const {
        return m_client != nullptr && m_ports[0] != nullptr && m_ports[1] != nullptr;
    }
    double sampleRate() const { return m_rate; }
    /// Output ports of other clients whose full name starts with `prefix` ("LatentRack:").
    std::vector<std::string> outputPortsOf(const std::string& prefix) const;
    /// jack_connect from `source` ("client:port") to input `channel` (0 or 1); 0 on success.
    int connect(const std::string& source, int channel);
    /// Waits up to `seconds` for a client whose ports start with `prefix` to have two outputs
    /// and to be active, and connects them to inputs 0 and 1. False if it never happened.
    bool connectStereo(const std::string& prefix, double seconds);
    void start() { m_recording.store(true, std::memory_order_release); }
    void stop() { m_recording.store(false, std::memory_order_release); }
    /// The recording so far, both inputs summed to mono.
    std::vector<float> mono() const;

private:
    static int process(jack_nframes_t frames, void* arg);

    jack_client_t* m_client = nullptr;
    jack_port_t* m_ports[2] = {nullptr, nullptr};
    double m_rate = 48000.0;
    std::vector<float> m_buffer; // interleaved stereo, sized in the constructor
    std::atomic<std::size_t> m_frames{0};
    std::atomic<bool> m_recording{false};
};

} // namespace latentrack::test
