#include "ui/instrument/InputRecorder.h"

#include <QCoreApplication>
#include <algorithm>
#include <utility>

namespace latentrack::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("InputRecorder", text);
}
} // namespace

InputRecorder::~InputRecorder() {
    stop();
}

QString InputRecorder::start(core::engine::Engine& engine, const core::audio::AudioStatus& audio) {
    if (recording())
        return {};
    if (!audio.running)
        return tr("audio is off");
    if (audio.inputChannels == 0)
        return QString::fromStdString(audio.inputError);
    if (engine.capture.load())
        return tr("another tab is recording the input");
    std::vector<float> old(engine.captureRing().available());
    engine.captureRing().read(old.data(), old.size()); // drop anything left from before
    m_sampleRate = engine.sampleRate();
    m_audio.clear();
    m_audio.reserve(static_cast<std::size_t>(m_maxSeconds * m_sampleRate));
    m_engine = &engine;
    engine.capture = true;
    return {};
}

bool InputRecorder::poll() {
    if (!recording())
        return false;
    auto& ring = m_engine->captureRing();
    const auto limit = static_cast<std::size_t>(m_maxSeconds * m_sampleRate);
    const std::size_t n = std::min(ring.available(), limit - m_audio.size());
    const std::size_t at = m_audio.size();
    m_audio.resize(at + n);
    ring.read(m_audio.data() + at, n);
    return m_audio.size() >= limit;
}

std::vector<float> InputRecorder::stop() {
    if (!recording())
        return {};
    m_engine->capture = false;
    poll(); // what arrived before the flag was seen
    m_engine = nullptr;
    return std::exchange(m_audio, {});
}

} // namespace latentrack::ui
