#include "ui/AudioSettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>

#include "core/audio/AudioDevice.h"

namespace latentrack::ui {

AudioSettingsDialog::AudioSettingsDialog(const core::project::AudioSettings& current,
                                         QWidget* parent)
    : QDialog(parent), m_api(new QComboBox(this)), m_device(new QComboBox(this)),
      m_rate(new QComboBox(this)), m_buffer(new QComboBox(this)) {
    setWindowTitle(tr("Audio settings"));
    auto* form = new QFormLayout(this);
    m_api->addItem(tr("Automatic"), QString());
    for (const auto& api : core::audio::AudioDevice::availableApis())
        m_api->addItem(QString::fromStdString(api), QString::fromStdString(api));
    m_api->setCurrentIndex(std::max(0, m_api->findData(QString::fromStdString(current.api))));
    for (int rate : {44100, 48000, 88200, 96000})
        m_rate->addItem(QString::number(rate), rate);
    m_rate->setCurrentIndex(std::max(0, m_rate->findData(current.sampleRate)));
    for (int frames = 32; frames <= 2048; frames *= 2)
        m_buffer->addItem(tr("%1 frames").arg(frames), frames);
    m_buffer->setCurrentIndex(std::max(0, m_buffer->findData(current.bufferFrames)));
    form->addRow(tr("Audio API"), m_api);
    form->addRow(tr("Output device"), m_device);
    form->addRow(tr("Sample rate (Hz)"), m_rate);
    form->addRow(tr("Buffer size"), m_buffer);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_api, &QComboBox::currentIndexChanged, this, [this] { refreshDevices(); });
    refreshDevices();
    const int device = m_device->findText(QString::fromStdString(current.device));
    if (device >= 0)
        m_device->setCurrentIndex(device);
}

void AudioSettingsDialog::refreshDevices() {
    m_device->clear();
    m_device->addItem(tr("Default output"), QString());
    const QString api = m_api->currentData().toString();
    if (api.isEmpty())
        return;
    for (const auto& name : core::audio::AudioDevice::outputDevices(api.toStdString()))
        m_device->addItem(QString::fromStdString(name), QString::fromStdString(name));
}

core::project::AudioSettings AudioSettingsDialog::settings() const {
    core::project::AudioSettings s;
    s.api = m_api->currentData().toString().toStdString();
    s.device = m_device->currentData().toString().toStdString();
    s.sampleRate = m_rate->currentData().toInt();
    s.bufferFrames = m_buffer->currentData().toInt();
    return s;
}

} // namespace latentrack::ui
