#pragma once
// The desktop app's OSC target: each change goes to the engine at once (EngineOscTarget, on
// the OSC thread) and is mirrored into the GUI by a queued call to the main window.

#include "core/control/EngineOscTarget.h"

namespace latentrack::ui {

class MainWindow;

class GuiOscTarget : public core::control::EngineOscTarget {
public:
    /// `port` is the OSC thread's own command port of `engine`.
    GuiOscTarget(MainWindow* window, core::engine::Engine& engine, core::engine::CommandPort& port)
        : EngineOscTarget(engine, port), m_window(window) {}
    void play() override;
    void stop() override;
    void setBpm(double bpm) override;
    void setStep(int track, int step, float velocity) override;
    /// Hands the parameter to the instruments on the GUI thread (MainWindow::applyRemoteParameter).
    std::string setParameter(const std::string& id, float value) override;
    /// Hands the request to the preset-inference unit on the GUI thread, which answers.
    std::string presetRequest(const core::control::PresetRequest& request,
                              const core::control::OscReply& reply) override;

private:
    MainWindow* m_window;
};

} // namespace latentrack::ui
