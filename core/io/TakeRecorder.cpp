#include "core/io/TakeRecorder.h"

#include <algorithm>
#include <utility>

#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"

namespace latentrack::core::io {

void TakeRecorder::start(double sampleRate) {
    std::lock_guard lock(m_mutex);
    m_take.clear();
    m_rate = sampleRate;
    m_dropped = 0;
    m_recording = true;
}

std::vector<float> TakeRecorder::stop() {
    std::lock_guard lock(m_mutex);
    m_recording = false;
    return std::exchange(m_take, {});
}

void TakeRecorder::append(const float* samples, std::size_t n) {
    if (!m_recording.load())
        return;
    std::lock_guard lock(m_mutex);
    if (!m_recording.load())
        return;
    const auto limit = static_cast<std::size_t>(kMaxSeconds * m_rate.load());
    const std::size_t room = limit - std::min(limit, m_take.size());
    const std::size_t kept = std::min(room, n);
    m_take.insert(m_take.end(), samples, samples + kept);
    m_dropped += n - kept;
}

void saveTake(const std::filesystem::path& path, const std::vector<float>& take,
              double sampleRate) {
    auto part = path;
    part += ".part" + path.extension().string(); // the extension chooses the format
    writeAudioFile(part, {take}, sampleRate, SampleFormat::Pcm24);
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec) {
        std::filesystem::remove(part, ec);
        throw FileError(path.string() + ": cannot write the take: " + ec.message());
    }
}

} // namespace latentrack::core::io
