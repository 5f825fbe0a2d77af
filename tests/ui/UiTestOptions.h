#pragma once
// Main-window options shared by the GUI tests: the demo project, no OSC server, no audio device
// unless asked (the engine runs without one), and optionally a neural model folder.

#include <QString>

#include "ui/MainWindow.h"

namespace latentrack::test {

inline constexpr const char* kDrums8Model = LATENTRACK_SOURCE_DIR "/assets/models/drums8";

/// `modelFolder` empty: the project's own model setting decides.
inline ui::MainWindowOptions demoWindowOptions(const QString& modelFolder = {},
                                               bool openAudio = false) {
    ui::MainWindowOptions o;
    o.openAudio = openAudio;
    o.startOsc = false;
    o.projectPath = QStringLiteral(LATENTRACK_SOURCE_DIR "/assets/demo/demo.json");
    o.modelPath = modelFolder;
    return o;
}

} // namespace latentrack::test
