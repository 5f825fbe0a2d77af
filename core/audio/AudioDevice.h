#pragma once
// Audio output through RtAudio (JACK, PulseAudio or ALSA). Opens a non-interleaved float32
// stereo stream whose callback runs Engine::process(), duplex with the API's input (up to 2
// channels, mixed to mono for Engine::captureInput()) when there is one. Without a usable
// output the app keeps running: open() returns false and status() says why; without an input
// it plays and status().inputError says why recording is off.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/Engine.h"

namespace latentrack::core::audio {

inline constexpr unsigned kMinBufferFrames = 32;
inline constexpr unsigned kMaxBufferFrames = 2048;

struct AudioConfig {
    std::string api;    ///< "jack", "pulse", "alsa"; empty = first that has an output device
    std::string device; ///< output device name; empty = the API's default output
    unsigned sampleRate = 48000; ///< Hz; the driver may impose another (JACK's own rate)
    unsigned bufferFrames = 256; ///< 32 … 2048; the driver may round it
    bool input = true;           ///< also open the API's default input (JACK: the server's capture)
};

struct AudioStatus {
    bool running = false;
    std::string api;
    std::string device;
    unsigned sampleRate = 0;
    unsigned bufferFrames = 0;
    std::string error;          ///< why audio is off, empty while running
    unsigned inputChannels = 0; ///< 0 when the stream has no input
    std::string inputError;     ///< why there is no input, empty when there is one
};

class AudioDevice {
public:
    explicit AudioDevice(engine::Engine& engine);
    ~AudioDevice();
    AudioDevice(const AudioDevice&) = delete;
    AudioDevice& operator=(const AudioDevice&) = delete;

    /// APIs compiled into RtAudio that this app supports, by short name ("jack", "pulse", "alsa").
    static std::vector<std::string> availableApis();
    /// Names of output devices of `api` (empty list when the API has none or is not running).
    static std::vector<std::string> outputDevices(const std::string& api);

    /// Closes any open stream, prepares the engine at the granted rate and buffer size and
    /// starts the stream. Returns false and sets status().error when no device could be opened.
    /// JACK is refused (with that reason) while libjack is still closing a client whose server
    /// vanished, since opening another would block until it finishes, possibly forever.
    /// Thread: owner (GUI). Blocks while the driver opens the device.
    bool open(const AudioConfig& config);
    /// Stops and closes the stream. A lost stream (see status()) is not stopped, since RtAudio
    /// would wait for a callback that never comes: close() waits up to 2 s for the driver's own
    /// shutdown and otherwise abandons the driver object. Thread: owner.
    void close();
    /// Current state; notices a stream the driver has stopped (e.g. JACK server gone) and one
    /// whose callback has not run for 2 s (a driver stuck on a vanished device).
    /// Thread: owner.
    AudioStatus status();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    engine::Engine& m_engine;
};

} // namespace latentrack::core::audio
