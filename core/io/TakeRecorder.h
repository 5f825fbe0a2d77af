#pragma once
// Recording a voice's output to a file (the fader tab's Record): the voice's worker appends each
// block it writes to its stream ring (mono at the engine's rate) while a take is armed; stop()
// hands the take over, saveTake() writes it atomically (a temporary file renamed into place).
// At most kMaxSeconds are kept; what comes after is counted in dropped().
//
// Threads: start(), stop(), recording() from any thread; append() from the voice's worker.
// Short mutex; never the audio thread.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <vector>

namespace latentrack::core::io {

class TakeRecorder {
public:
    static constexpr double kMaxSeconds = 1800.0;

    /// Arms a new take at `sampleRate` Hz (the rate of what append() gets), dropping any other.
    void start(double sampleRate);
    /// Disarms and returns the take (empty when none was armed).
    std::vector<float> stop();
    bool recording() const { return m_recording.load(); }
    double sampleRate() const { return m_rate.load(); }
    /// Samples dropped past kMaxSeconds in the current take.
    std::uint64_t dropped() const { return m_dropped.load(); }
    /// Appends `n` samples when armed.
    void append(const float* samples, std::size_t n);

private:
    std::mutex m_mutex;
    std::vector<float> m_take;
    std::atomic<bool> m_recording{false};
    std::atomic<double> m_rate{48000.0};
    std::atomic<std::uint64_t> m_dropped{0};
};

/// Writes `take` (mono, `sampleRate` Hz) as 24-bit PCM to `path` (.wav, .flac by extension)
/// through a temporary file renamed into place. Throws AudioFileError or FileError.
void saveTake(const std::filesystem::path& path, const std::vector<float>& take, double sampleRate);

} // namespace latentrack::core::io
