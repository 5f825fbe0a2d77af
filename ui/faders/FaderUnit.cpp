// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/rave/RaveModelIo.h"
#include "models/rave/RaveVoice.h"
#include "models/torchscript/TorchScriptVoice.h"

#include "ui/faders/FaderUnit.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <cmath>
#include <qcustomplot.h>

#include "core/dsp/Descriptors.h"
#include "core/io/AudioFile.h"
#include "ui/PlotStyle.h"
#include "ui/ProjectFiles.h"
#include "ui/faders/LatentKnobs.h"
#include "ui/midi/MidiHub.h"

namespace latentrack::ui {

using core::dsp::Descriptor;

FaderUnit::FaderUnit(InstrumentHost& host)
    : Instrument(host), m_stream(host.engine().add<core::engine::StreamPlayer>()) {}

FaderUnit::~FaderUnit() {
    shutdown();
}

void FaderUnit::shutdown() {
    m_voice.reset();
    m_tsVoice.reset();
    if (m_scriptLoading.valid())
        m_scriptLoading.wait();
}

bool FaderUnit::mirrorParameter(const QString& id, float value) {
    if (id.startsWith(QLatin1String("mod."))) { // mod.<name>.shape|rate|amount|bias (OSC)
        const QStringList parts = id.split(QLatin1Char('.'));
        for (int a = 0; a < kFaders; ++a) {
            if (parts.value(1) !=
                QLatin1String(core::dsp::descriptorName(static_cast<Descriptor>(a))))
                continue;
            const auto i = static_cast<std::size_t>(a);
            const QString what = parts.value(2);
            if (what == QLatin1String("shape"))
                m_shapes[i]->setCurrentIndex(static_cast<int>(value));
            else if (what == QLatin1String("rate"))
                m_rates[i]->setValue(value);
            else if (what == QLatin1String("amount"))
                m_amounts[i]->setValue(value);
            else if (what == QLatin1String("bias"))
                m_biases[i]->setValue(value);
        }
        return true;
    }
    if (id.startsWith(QLatin1String("ts.z"))) { // ts.z<k>.bias|scale
        const QStringList parts = id.split(QLatin1Char('.'));
        const int d = parts.value(1).mid(1).toInt() - 1;
        if (d < 0 || d >= LatentKnobs::kKnobs || m_knobs == nullptr)
            return true;
        const bool bias = parts.value(2) == QLatin1String("bias");
        const float b = bias ? value : m_knobs->bias(d);
        const float s = bias ? m_knobs->scale(d) : value;
        m_knobs->setKnob(d, b, s);
        setKnob(d, b, s);
        return true;
    }
    if (!id.startsWith(QLatin1String("fader.")))
        return false;
    const QString what = id.mid(6);
    if (what == QLatin1String("latent1")) {
        m_firstLatent->setValue(static_cast<int>(std::lround(value * kSliderSteps)));
        return true;
    }
    if (what == QLatin1String("note")) {
        m_note->setValue(static_cast<int>(std::lround(value)));
        return true;
    }
    if (what == QLatin1String("transpose")) {
        m_transpose->setValue(static_cast<int>(std::lround(value)));
        return true;
    }
    for (int a = 0; a < kFaders; ++a)
        if (what == QLatin1String(core::dsp::descriptorName(static_cast<Descriptor>(a)))) {
            m_sliders[static_cast<std::size_t>(a)]->setValue(
                static_cast<int>(std::lround(value * kSliderSteps)));
            return true;
        }
    return true;
}

bool FaderUnit::loadModel(const QString& folder) {
    if (QFileInfo(folder).isFile())
        return loadScript(folder); // an nn~ / RAVE TorchScript export
    try {
        auto bundle = std::make_shared<models::rave::RaveBundle>(
            models::rave::loadRaveModel(folder.toStdString()));
        m_voice.reset();
        stopLiveInput();
        m_tsVoice.reset();
        m_script.reset();
        m_bundle = std::move(bundle);
        m_modelFolder = folder;
        showScriptView(false);
        showInChooser(folder);
        startVoice();
        refreshLabels();
        refreshPitchControls();
        host().showStatus(tr("Attribute faders: %1 (%2 Hz)")
                              .arg(QFileInfo(folder).fileName())
                              .arg(m_bundle->config().sampleRate),
                          6000);
        return true;
    } catch (const std::exception& e) {
        host().showError(tr("Attribute faders: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

void FaderUnit::showInChooser(const QString& path) {
    if (m_models == nullptr)
        return;
    const QSignalBlocker block(m_models);
    int index = m_models->findData(path);
    if (index < 0) {
        m_models->addItem(QFileInfo(path).fileName(), path);
        index = m_models->count() - 1;
    }
    m_models->setCurrentIndex(index);
}

double FaderUnit::aheadSeconds() const {
    const auto audio = host().audioStatus();
    const double block = audio.running ? audio.bufferFrames / host().engine().sampleRate() : 0.0;
    return std::max(models::rave::RaveVoice::kDefaultAheadSeconds, 2.0 * block);
}

void FaderUnit::refreshSourceLabel() {
    if (m_live) {
        const double behind = m_tsVoice ? m_tsVoice->bufferSeconds()
                              : m_voice ? m_voice->blockSeconds()
                                        : 0.0;
        m_sourceLabel->setText(tr("Source: the live input through the model (%1 ms behind)")
                                   .arg(1000.0 * behind, 0, 'f', 0));
    } else if (!m_soundFile.isEmpty()) {
        m_sourceLabel->setText(
            tr("Source: %1 through the model").arg(QFileInfo(m_soundFile).fileName()));
    } else {
        m_sourceLabel->setText(m_script ? tr("Source: a latent random walk")
                                        : tr("Source: the prior"));
    }
}

void FaderUnit::startVoice() {
    m_voice.reset();
    m_tsVoice.reset();
    if (m_script) {
        startScriptVoice();
        return;
    }
    if (!m_bundle)
        return;
    m_voice = std::make_unique<models::rave::RaveVoice>(
        m_bundle, m_stream.ring(), host().engine().sampleRate(), aheadSeconds());
    for (int a = 0; a < kFaders; ++a) {
        m_voice->setFader(a, m_positions[static_cast<std::size_t>(a)]);
        m_voice->setModulator(a, m_modulators[static_cast<std::size_t>(a)]);
    }
    m_voice->setFirstLatent(static_cast<float>(m_firstLatent->value()) / kSliderSteps);
    m_voice->setNote(m_note->value());
    m_voice->setTranspose(m_transpose->value());
    m_voice->recordTo(&m_take);
    for (int a = 0; a < kFaders; ++a)
        applyFollow(a); // curves in this model's range
    if (m_live)
        m_voice->listen(&host().engine().captureRing());
    else if (!m_soundFile.isEmpty())
        playThrough(m_soundFile);
    refreshSourceLabel();
    m_voice->play(m_play->isChecked());
}

bool FaderUnit::setFollow(int a, const QString& file) {
    const auto i = static_cast<std::size_t>(a);
    if (file.isEmpty()) {
        host().project().faders.follow.at(i).clear();
        if (m_voice)
            m_voice->setFollow(a, {});
        return true;
    }
    if (!m_bundle) {
        host().showStatus(tr("Attribute faders: follow needs an attribute-fader model"), 6000);
        return false;
    }
    try {
        auto curves = models::rave::descriptorCurves(
            *m_bundle, core::io::readMonoAudio(file.toStdString(), m_bundle->config().sampleRate));
        if (curves.at(i).empty())
            throw std::runtime_error("the sound is shorter than one latent frame");
        host().project().faders.follow.at(i) = file.toStdString();
        if (m_voice)
            m_voice->setFollow(a, std::move(curves[i]));
        if (m_shapes[i]->currentIndex() != kFollowShape) {
            const QSignalBlocker block(m_shapes[i]);
            m_shapes[i]->setCurrentIndex(kFollowShape);
            modulatorFromWidgets(a);
        }
        host().markModified();
        return true;
    } catch (const std::exception& e) {
        host().showError(tr("Cannot follow %1: %2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
}

void FaderUnit::applyFollow(int a) {
    const auto& f = host().project().faders.follow.at(static_cast<std::size_t>(a));
    if (!f.empty() && !setFollow(a, QString::fromStdString(f))) {
        const QSignalBlocker block(m_shapes[static_cast<std::size_t>(a)]);
        m_shapes[static_cast<std::size_t>(a)]->setCurrentIndex(0);
        host().project().faders.follow.at(static_cast<std::size_t>(a)).clear();
    }
}

bool FaderUnit::setRecording(bool on, const QString& file) {
    if (m_recordButton != nullptr && m_recordButton->isChecked() != on) {
        const QSignalBlocker block(m_recordButton);
        m_recordButton->setChecked(on);
    }
    if (on) {
        m_take.start(host().engine().sampleRate());
        host().showStatus(tr("Attribute faders: recording"), 4000);
        return true;
    }
    const double rate = m_take.sampleRate();
    const auto take = m_take.stop();
    if (take.empty()) {
        host().showStatus(tr("Attribute faders: nothing was recorded (press Play)"), 6000);
        return false;
    }
    QString target = file;
    if (target.isEmpty())
        target = QFileDialog::getSaveFileName(
            nullptr, tr("Save the take"), QStringLiteral("take.wav"), tr("Audio (*.wav *.flac)"));
    if (target.isEmpty())
        return false;
    try {
        core::io::saveTake(target.toStdString(), take, rate);
    } catch (const std::exception& e) {
        host().showError(tr("Attribute faders: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    host().showStatus(tr("Attribute faders: %1 s recorded to %2")
                          .arg(static_cast<double>(take.size()) / rate, 0, 'f', 1)
                          .arg(target),
                      8000);
    return true;
}

bool FaderUnit::setLiveInput(bool on) {
    if (m_liveButton != nullptr && m_liveButton->isChecked() != on) {
        const QSignalBlocker block(m_liveButton);
        m_liveButton->setChecked(on);
    }
    if (!m_voice && !m_tsVoice) {
        if (on)
            host().showStatus(tr("Attribute faders: choose a model first"), 6000);
        stopLiveInput();
        return false;
    }
    if (!on) {
        stopLiveInput();
        if (m_tsVoice)
            m_tsVoice->listen(nullptr); // back to the looped sound or the walk
        else
            m_voice->listen(nullptr);
        if (m_voice && !m_soundFile.isEmpty())
            return playThrough(m_soundFile); // the RAVE voice went back to its prior
        refreshSourceLabel();
        return true;
    }
    auto& engine = host().engine();
    if (engine.capture.load() && !m_live) {
        host().showStatus(tr("Attribute faders: the input is being recorded elsewhere"), 6000);
        setLiveInput(false);
        return false;
    }
    engine.capture = true; // the voice's worker drops what the ring held before
    m_live = true;
    if (m_tsVoice)
        m_tsVoice->listen(&engine.captureRing());
    else
        m_voice->listen(&engine.captureRing());
    refreshSourceLabel();
    return true;
}

void FaderUnit::stopLiveInput() {
    if (!m_live)
        return;
    m_live = false;
    host().engine().capture = false;
    if (m_liveButton != nullptr && m_liveButton->isChecked()) {
        const QSignalBlocker block(m_liveButton);
        m_liveButton->setChecked(false);
    }
}

bool FaderUnit::playThrough(const QString& file) {
    if (!m_voice && !m_tsVoice) {
        host().showStatus(tr("Attribute faders: no model is loaded"), 6000);
        return false;
    }
    stopLiveInput();
    try {
        std::vector<float> audio; // empty: back to the prior or the walk
        if (!file.isEmpty())
            audio = core::io::readMonoAudio(file.toStdString(),
                                            m_script ? m_script->info().sampleRate
                                                     : m_bundle->config().sampleRate);
        if (m_tsVoice)
            m_tsVoice->loop(std::move(audio));
        else
            m_voice->loop(std::move(audio));
        m_soundFile = file;
        refreshSourceLabel();
        refreshLabels(); // with a sound the faders move its own descriptors by an offset
        return true;
    } catch (const std::exception& e) {
        host().showError(
            tr("Cannot play %1 through the model: %2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
}

void FaderUnit::setPlaying(bool on) {
    if (m_play->isChecked() != on) {
        const QSignalBlocker block(m_play);
        m_play->setChecked(on);
    }
    if (m_voice)
        m_voice->play(on);
    else if (m_tsVoice)
        m_tsVoice->play(on);
    else if (on)
        host().showStatus(tr("Attribute faders: choose a model first"), 6000);
}

void FaderUnit::setFader(int a, float travel) {
    const auto i = static_cast<std::size_t>(a);
    m_positions.at(i) = std::clamp(travel, -1.0f, 1.0f);
    if (m_voice)
        m_voice->setFader(a, m_positions[i]);
    if (m_sliders[i]->value() != static_cast<int>(std::lround(m_positions[i] * kSliderSteps))) {
        const QSignalBlocker block(m_sliders[i]);
        m_sliders[i]->setValue(static_cast<int>(std::lround(m_positions[i] * kSliderSteps)));
    }
    refreshLabels();
}

void FaderUnit::setModulator(int a, const core::control::ModulatorSettings& m) {
    m_modulators.at(static_cast<std::size_t>(a)) = m;
    if (m_voice)
        m_voice->setModulator(a, m);
}

void FaderUnit::poll(const core::engine::Snapshot&) {
    finishScript();
    if (host().project().bpm != m_syncedBpm && m_syncs[0] != nullptr) // synced rates follow
        for (int a = 0; a < kFaders; ++a)
            if (m_syncs[static_cast<std::size_t>(a)]->currentData().toDouble() > 0.0)
                modulatorFromWidgets(a);
    m_syncedBpm = host().project().bpm;
    if (m_tsVoice) {
        const auto e =
            m_tsVoice->hasError() ? QString::fromStdString(m_tsVoice->error()) : QString();
        if (!e.isEmpty() && e != m_shownError)
            host().showError(tr("nn~ model: %1").arg(e));
        m_shownError = e;
        return;
    }
    if (!m_voice || !m_voice->playing())
        return;
    m_plotTime += 0.033;
    const int a = std::max(0, m_plotted->currentIndex());
    m_plot->graph(0)->addData(m_plotTime, m_voice->targets()[static_cast<std::size_t>(a)]);
    m_plot->graph(1)->addData(m_plotTime, m_voice->measured()[static_cast<std::size_t>(a)]);
    for (int g = 0; g < 2; ++g)
        m_plot->graph(g)->data()->removeBefore(m_plotTime - kPlotSeconds);
    m_plot->xAxis->setRange(std::max(0.0, m_plotTime - kPlotSeconds),
                            std::max(kPlotSeconds, m_plotTime));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void FaderUnit::applyProject() {
    const auto& f = host().project().faders;
    for (int a = 0; a < kFaders; ++a) {
        const auto i = static_cast<std::size_t>(a);
        m_positions[i] = f.positions[i];
        m_modulators[i] = f.modulators[i];
        const QSignalBlocker b1(m_sliders[i]), b2(m_shapes[i]), b3(m_rates[i]), b4(m_amounts[i]),
            b5(m_biases[i]), b6(m_syncs[i]);
        m_sliders[i]->setValue(static_cast<int>(std::lround(f.positions[i] * kSliderSteps)));
        m_shapes[i]->setCurrentIndex(f.follow[i].empty() ? static_cast<int>(f.modulators[i].shape)
                                                         : kFollowShape);
        m_rates[i]->setValue(f.modulators[i].rateHz);
        m_amounts[i]->setValue(f.modulators[i].amount);
        m_biases[i]->setValue(f.modulators[i].bias);
        const int sync = m_syncs[i]->findData(static_cast<double>(f.syncBeats[i]));
        m_syncs[i]->setCurrentIndex(std::max(0, sync));
        m_rates[i]->setEnabled(sync <= 0);
    }
    {
        const QSignalBlocker block(m_firstLatent);
        m_firstLatent->setValue(static_cast<int>(std::lround(f.firstLatent * kSliderSteps)));
    }
    {
        const QSignalBlocker b1(m_note), b2(m_transpose);
        m_note->setValue(static_cast<int>(std::lround(f.note)));
        m_transpose->setValue(static_cast<int>(std::lround(f.transpose)));
    }
    m_soundFile = QString::fromStdString(f.sound);
    setForward(f.forward);
    for (int d = 0; d < LatentKnobs::kKnobs; ++d)
        m_knobs->setKnob(d, f.knobs[static_cast<std::size_t>(d)].bias,
                         f.knobs[static_cast<std::size_t>(d)].scale);
    const QString model = !f.model.empty()        ? QString::fromStdString(f.model)
                          : m_models->count() > 0 ? m_models->itemData(0).toString()
                                                  : QString();
    if (!model.isEmpty())
        loadModel(model); // starts the voice with the settings above, or says what is wrong
    refreshLabels();
}

void FaderUnit::audioChanged() {
    startVoice(); // at the new engine rate
}

QString FaderUnit::statusText() const {
    if (m_tsVoice && m_tsVoice->playing())
        return tr("nn~ model on");
    return m_voice && m_voice->playing() ? tr("faders on") : QString();
}

} // namespace latentrack::ui
