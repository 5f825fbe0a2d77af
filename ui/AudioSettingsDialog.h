#pragma once
// Audio device settings: API (JACK, PulseAudio, ALSA or automatic), output device, sample
// rate, buffer size (32–2048 frames). Thread: GUI.

#include <QDialog>

#include "core/project/Project.h"

class QComboBox;

namespace latentrack::ui {

class AudioSettingsDialog : public QDialog {
    Q_OBJECT
public:
    AudioSettingsDialog(const core::project::AudioSettings& current, QWidget* parent = nullptr);
    core::project::AudioSettings settings() const;

private:
    void refreshDevices();

    QComboBox* m_api;
    QComboBox* m_device;
    QComboBox* m_rate;
    QComboBox* m_buffer;
};

} // namespace latentrack::ui
