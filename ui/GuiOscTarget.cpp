#include "ui/GuiOscTarget.h"

#include "ui/MainWindow.h"

namespace latentrack::ui {

void GuiOscTarget::play() {
    EngineOscTarget::play();
    QMetaObject::invokeMethod(
        m_window, [w = m_window] { w->applyRemotePlaying(true); }, Qt::QueuedConnection);
}

void GuiOscTarget::stop() {
    EngineOscTarget::stop();
    QMetaObject::invokeMethod(
        m_window, [w = m_window] { w->applyRemotePlaying(false); }, Qt::QueuedConnection);
}

void GuiOscTarget::setBpm(double bpm) {
    EngineOscTarget::setBpm(bpm);
    QMetaObject::invokeMethod(
        m_window, [w = m_window, bpm] { w->applyRemoteBpm(bpm); }, Qt::QueuedConnection);
}

void GuiOscTarget::setStep(int track, int step, float velocity) {
    EngineOscTarget::setStep(track, step, velocity);
    QMetaObject::invokeMethod(
        m_window,
        [w = m_window, track, step, velocity] { w->applyRemoteStep(track, step, velocity); },
        Qt::QueuedConnection);
}

std::string GuiOscTarget::setParameter(const std::string& id, float value) {
    QMetaObject::invokeMethod(
        m_window,
        [w = m_window, id = QString::fromStdString(id), value] {
            w->applyRemoteParameter(id, value);
        },
        Qt::QueuedConnection);
    return {};
}

std::string GuiOscTarget::presetRequest(const core::control::PresetRequest& request,
                                        const core::control::OscReply& reply) {
    QMetaObject::invokeMethod(
        m_window, [w = m_window, request, reply] { w->applyRemotePreset(request, reply); },
        Qt::QueuedConnection);
    return {};
}

} // namespace latentrack::ui
