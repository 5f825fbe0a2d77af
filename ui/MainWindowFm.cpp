// MainWindow, part 2: the FM synthesizer tab and MIDI (inputs, learn, parameter moves). The
// drum-machine half is in MainWindow.cpp.

#include <QMenuBar>
#include <QStatusBar>

#include "core/control/EngineParameters.h"
#include "core/fm/SysEx.h"
#include "ui/MainWindow.h"
#include "ui/TrackStrip.h"
#include "ui/TransportBar.h"
#include "ui/fm/FmPanel.h"
#include "ui/fm/KeyboardWidget.h"
#include "ui/midi/MidiHub.h"

namespace latentrack::ui {

using core::engine::CommandType;

QWidget* MainWindow::buildFmTab() {
    m_fmPanel = new FmPanel(this);
    connect(m_fmPanel, &FmPanel::paramChanged, this, [this](int index, int value) {
        send(CommandType::FmSetParam, value, index);
        m_project.fm.voice.params[static_cast<std::size_t>(index)] =
            static_cast<std::uint8_t>(value);
        markModified();
    });
    connect(m_fmPanel, &FmPanel::voiceChosen, this,
            [this](const core::fm::DxVoice& voice, const QString& bank, int number) {
                m_fm.loadVoice(*m_port, voice);
                m_project.fm.voice = voice;
                m_project.fm.bank = bank.toStdString();
                m_project.fm.voiceNumber = number;
                markModified();
            });
    connect(m_fmPanel, &FmPanel::operatorMaskChanged, this, [this](unsigned mask) {
        send(CommandType::FmSetOperatorMask, 0, static_cast<int>(mask));
    });
    connect(m_fmPanel, &FmPanel::noteOn, this,
            [this](int note, int velocity) { send(CommandType::FmNoteOn, velocity, note); });
    connect(m_fmPanel, &FmPanel::noteOff, this,
            [this](int note) { send(CommandType::FmNoteOff, 0, note); });
    connect(m_fmPanel, &FmPanel::learnRequested, this, [this](int index) {
        m_midi->learn(QString::fromStdString(core::control::fmParameterId(index)));
    });
    connect(m_fmPanel, &FmPanel::forgetRequested, this, [this](int index) {
        m_midi->forget(QString::fromStdString(core::control::fmParameterId(index)));
    });
    connect(m_fmPanel, &FmPanel::errorOccurred, this, &MainWindow::showError);
    connect(m_fmPanel, &FmPanel::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 15000); });
    return m_fmPanel;
}

void MainWindow::attachMidiLearn() {
    m_midi->buildMenu(menuBar()->addMenu(tr("&MIDI")), this);
    m_midi->attach(m_transport->bpmWidget(), QStringLiteral("transport.bpm"));
    m_midi->attach(m_transport->swingWidget(), QStringLiteral("transport.swing"));
    m_midi->attach(m_transport->playWidget(), QStringLiteral("transport.play"));
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        const QString id = QStringLiteral("track.%1.").arg(t + 1);
        m_midi->attach(m_strips[t]->gainWidget(), id + QStringLiteral("gain"));
        m_midi->attach(m_strips[t]->panWidget(), id + QStringLiteral("pan"));
        m_midi->attach(m_strips[t]->muteWidget(), id + QStringLiteral("mute"));
        m_midi->attach(m_strips[t]->soloWidget(), id + QStringLiteral("solo"));
        m_midi->attach(m_strips[t]->sampleNoteWidget(), id + QStringLiteral("sample_note"));
        m_midi->attach(m_strips[t]->samplePathWidget(), id + QStringLiteral("sample_path"));
    }
    connect(m_midi.get(), &MidiHub::parameterChanged, this, &MainWindow::applyMidiParameter);
    connect(m_midi.get(), &MidiHub::learnStateChanged, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_midi.get(), &MidiHub::mappingsChanged, this, [this] {
        m_project.midi = m_midi->settings();
        markModified();
    });
    connect(m_midi.get(), &MidiHub::noteActivity, this, [this](int, int note, int velocity) {
        m_fmPanel->keyboard()->setNoteLit(note, velocity > 0);
    });
    connect(m_midi.get(), &MidiHub::sendVoiceRequested, this, [this] {
        const QString e = m_midi->sendSysEx(core::fm::singleVoiceSysEx(m_fmPanel->voice()));
        statusBar()->showMessage(e.isEmpty()
                                     ? tr("Sent \"%1\" to MIDI out")
                                           .arg(QString::fromStdString(m_fmPanel->voice().name()))
                                     : e,
                                 8000);
    });
    connect(m_midi.get(), &MidiHub::sendCartridgeRequested, this, [this] {
        const auto& bank = m_fmPanel->bank();
        std::vector<core::fm::DxVoice> voices(
            bank.begin(), bank.begin() + std::min<std::size_t>(32, bank.size()));
        const QString e = m_midi->sendSysEx(core::fm::cartridgeSysEx(voices));
        statusBar()->showMessage(e.isEmpty() ? tr("Sent a 32-voice cartridge to MIDI out") : e,
                                 8000);
    });
}

void MainWindow::applyFmAndMidi() {
    if (!m_project.fm.bank.empty())
        m_fmPanel->loadBank(QString::fromStdString(m_project.fm.bank));
    m_fmPanel->setVoice(m_project.fm.voice);
    const QStringList problems = m_midi->apply(m_project.midi);
    if (!problems.isEmpty())
        statusBar()->showMessage(problems.join(QStringLiteral("; ")), 10000);
}

void MainWindow::applyMidiParameter(const QString& id, float value) {
    if (triggerFromMidi(id, value))
        return;
    // The engine already has the value (the MIDI thread applied it); mirror it in the project
    // and the widgets.
    if (id == QLatin1String("transport.bpm")) {
        m_project.bpm = value;
        m_transport->setValues(m_project.bpm, m_project.swing, m_project.pattern.numSteps);
    } else if (id == QLatin1String("transport.swing")) {
        m_project.swing = value / 100.0;
        m_transport->setValues(m_project.bpm, m_project.swing, m_project.pattern.numSteps);
    } else if (id == QLatin1String("master.gain")) {
        m_project.masterGainDb = value;
    } else if (id == QLatin1String("fm.gain")) {
        m_project.fm.gainDb = value;
    } else if (id.startsWith(QLatin1String("fm.param."))) {
        const int index = id.mid(9).toInt();
        m_project.fm.voice.params[static_cast<std::size_t>(index)] =
            static_cast<std::uint8_t>(value);
        m_fmPanel->setParam(index, static_cast<int>(value));
    } else if (id.startsWith(QLatin1String("track."))) {
        const QStringList parts = id.split(QLatin1Char('.'));
        const int t = parts.value(1).toInt() - 1;
        if (t < 0 || t >= core::seq::kMaxTracks)
            return;
        auto& ts = m_project.tracks[t];
        const QString what = parts.value(2);
        if (what == QLatin1String("gain"))
            ts.gainDb = value;
        else if (what == QLatin1String("pan"))
            ts.pan = value;
        else if (what == QLatin1String("mute"))
            ts.mute = value >= 0.5f;
        else if (what == QLatin1String("solo"))
            ts.solo = value >= 0.5f;
        m_strips[t]->setState(ts.gainDb, ts.pan, ts.mute, ts.solo);
    }
    markModified();
}

} // namespace latentrack::ui
