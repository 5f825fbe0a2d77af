// The fader tab playing an nn~ / RAVE TorchScript model: loading it on a worker, its voice on the
// tab's stream player, the latent knobs, a sound or the live input through it. The attribute
// faders' own behaviour is in FaderUnit.cpp.
// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/rave/RaveModelIo.h"
#include "models/rave/RaveVoice.h"
#include "models/torchscript/TorchScriptModel.h"
#include "models/torchscript/TorchScriptVoice.h"

#include "ui/faders/FaderUnit.h"

#include <QComboBox>
#include <QDial>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <chrono>
#include <qcustomplot.h>

#include "core/io/AudioFile.h"
#include "ui/faders/LatentKnobs.h"

namespace latentrack::ui {

namespace ts = models::torchscript;

bool FaderUnit::loadScript(const QString& file) {
    if (m_scriptLoading.valid()) {
        host().showStatus(tr("Attribute faders: %1 is still loading").arg(m_scriptPath), 6000);
        return false;
    }
    if (!QFileInfo(file).isFile()) {
        host().showError(tr("Attribute faders: %1: no such file").arg(file));
        return false;
    }
    m_scriptPath = file;
    m_scriptLoading = std::async(std::launch::async, [path = file.toStdString()] {
        return std::shared_ptr<ts::TorchScriptModel>(ts::TorchScriptModel::load(path));
    });
    host().showStatus(tr("Attribute faders: loading %1 …").arg(QFileInfo(file).fileName()), 6000);
    return true;
}

void FaderUnit::finishScript() {
    if (!m_scriptLoading.valid() ||
        m_scriptLoading.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    std::shared_ptr<ts::TorchScriptModel> model;
    try {
        model = m_scriptLoading.get();
    } catch (const std::exception& e) {
        host().showError(tr("Attribute faders: %1").arg(QString::fromUtf8(e.what())));
        return; // the model that played goes on playing
    }
    stopLiveInput();
    m_voice.reset();
    m_tsVoice.reset();
    m_bundle.reset();
    m_script = std::move(model);
    m_modelFolder = m_scriptPath;
    showInChooser(m_scriptPath);
    host().project().faders.model = m_scriptPath.toStdString();
    showScriptView(true);
    startVoice();
    const auto& info = m_script->info();
    QStringList methods;
    for (const auto& m : info.methods)
        methods << QString::fromStdString(m.name);
    host().showStatus(tr("nn~ model %1: %2 Hz, latent %3, methods %4")
                          .arg(QFileInfo(m_scriptPath).fileName())
                          .arg(info.sampleRate)
                          .arg(info.latentSize)
                          .arg(methods.join(QStringLiteral(", "))),
                      8000);
}

void FaderUnit::showScriptView(bool script) {
    if (m_faderPanel == nullptr)
        return;
    m_faderPanel->setVisible(!script);
    m_plot->setVisible(!script);
    m_plotted->setVisible(!script);
    m_plotLabel->setVisible(!script);
    m_firstLatent->setEnabled(!script);
    refreshPitchControls();
    m_knobs->setVisible(script);
    const bool both = script &&
                      ts::TorchScriptStream::supports(m_script->info(), ts::StreamMode::Transfer) &&
                      ts::TorchScriptStream::supports(m_script->info(), ts::StreamMode::Forward);
    m_transferMode->setVisible(both);
    if (script)
        m_knobs->setDimensions(m_script->info().knobCount());
}

void FaderUnit::startScriptVoice() {
    try {
        m_tsVoice = std::make_unique<ts::TorchScriptVoice>(
            m_script, m_stream.ring(), host().engine().sampleRate(), aheadSeconds());
    } catch (const std::exception& e) {
        host().showError(tr("Attribute faders: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    const auto& knobs = host().project().faders.knobs;
    for (int d = 0; d < LatentKnobs::kKnobs; ++d) {
        const auto& k = knobs[static_cast<std::size_t>(d)];
        m_tsVoice->setKnob(d, {k.bias, k.scale});
        m_knobs->setKnob(d, k.bias, k.scale);
    }
    m_tsVoice->preferForward(m_forward);
    m_tsVoice->recordTo(&m_take);
    if (m_live)
        m_tsVoice->listen(&host().engine().captureRing());
    else if (!m_soundFile.isEmpty())
        playThrough(m_soundFile);
    refreshSourceLabel();
    m_shownError.clear();
    m_tsVoice->play(m_play->isChecked());
}

void FaderUnit::setKnob(int d, float bias, float scale) {
    if (d < 0 || d >= LatentKnobs::kKnobs)
        return;
    auto& k = host().project().faders.knobs[static_cast<std::size_t>(d)];
    k = {std::clamp(bias, -LatentKnobs::kBiasRange, LatentKnobs::kBiasRange),
         std::clamp(scale, 0.0f, LatentKnobs::kScaleMax)};
    host().markModified();
    if (m_tsVoice)
        m_tsVoice->setKnob(d, {k.bias, k.scale});
    if (m_knobs != nullptr && (std::abs(m_knobs->bias(d) - k.bias) > 1e-3f ||
                               std::abs(m_knobs->scale(d) - k.scale) > 1e-3f))
        m_knobs->setKnob(d, k.bias, k.scale);
}

void FaderUnit::setForward(bool on) {
    m_forward = on;
    host().project().faders.forward = on;
    if (m_transferMode != nullptr && m_transferMode->currentIndex() != (on ? 1 : 0)) {
        const QSignalBlocker block(m_transferMode);
        m_transferMode->setCurrentIndex(on ? 1 : 0);
    }
    if (m_tsVoice)
        m_tsVoice->preferForward(on);
}

} // namespace latentrack::ui
