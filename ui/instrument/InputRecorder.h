#pragma once
// Recording the audio input through the engine's capture ring (Engine::capture,
// captureRing()), for the instruments that take a sound from the musician: the explorer's
// resynthesis and the preset tab's vocal sketch. One recording at a time in the whole app (the
// ring has one reader): start() refuses while another recorder holds it. Thread: GUI (poll()
// at the shell's 30 Hz moves what arrived out of the ring).

#include <QString>
#include <vector>

#include "core/audio/AudioDevice.h"
#include "core/engine/Engine.h"

namespace latentrack::ui {

class InputRecorder {
public:
    explicit InputRecorder(double maxSeconds) : m_maxSeconds(maxSeconds) {}
    ~InputRecorder();
    InputRecorder(const InputRecorder&) = delete;
    InputRecorder& operator=(const InputRecorder&) = delete;

    /// Starts recording `engine`'s input; an empty string, or why it cannot (audio off, no
    /// input with the device's reason, another recording running).
    QString start(core::engine::Engine& engine, const core::audio::AudioStatus& audio);
    /// Moves captured input out of the ring; true when the recording reached its limit.
    bool poll();
    /// Stops and returns the recording: mono at the engine's rate (empty when not recording).
    std::vector<float> stop();
    bool recording() const { return m_engine != nullptr; }
    double sampleRate() const { return m_sampleRate; }

private:
    double m_maxSeconds;
    core::engine::Engine* m_engine = nullptr;
    double m_sampleRate = 0.0;
    std::vector<float> m_audio;
};

} // namespace latentrack::ui
