#pragma once
// The status bar's permanent fields: the audio device, the OSC server, and the engine's load
// with each instrument's short state ("CPU 3.1 % (peak 9 %) · xruns 0 · voices 4 · FM 2 ·
// MIDI in: …"). Thread: GUI.

#include <QStringList>

#include "core/audio/AudioDevice.h"
#include "core/engine/Engine.h"

class QLabel;
class QStatusBar;

namespace latentrack::ui {

class StatusLine {
public:
    explicit StatusLine(QStatusBar* bar);
    /// The OSC field: "OSC 127.0.0.1:9000" or "OSC off" with the reason as its tooltip.
    void setOsc(const QString& text, const QString& tooltip = {});
    /// Refreshes the audio and load fields (30 Hz).
    void update(const core::audio::AudioStatus& audio, const core::engine::Snapshot& snap,
                const QStringList& instruments);

private:
    QLabel* m_audio;
    QLabel* m_osc;
    QLabel* m_load;
};

} // namespace latentrack::ui
