#include "ui/fm/FmUnit.h"

#include "core/control/EngineParameters.h"
#include "core/fm/SysEx.h"
#include "core/project/ProjectKit.h"
#include "ui/fm/FmPanel.h"
#include "ui/fm/KeyboardWidget.h"
#include "ui/midi/MidiHub.h"

namespace latentrack::ui {

using core::engine::CommandType;

FmUnit::FmUnit(InstrumentHost& host)
    : Instrument(host), m_fm(host.engine().add<core::engine::FmInstrument>()) {}

QWidget* FmUnit::buildTab(QWidget* parent) {
    m_panel = new FmPanel(parent);
    connect(m_panel, &FmPanel::paramChanged, this, [this](int index, int value) {
        host().send(CommandType::FmSetParam, value, index);
        host().project().fm.voice.params[static_cast<std::size_t>(index)] =
            static_cast<std::uint8_t>(value);
        host().markModified();
    });
    connect(m_panel, &FmPanel::voiceChosen, this,
            [this](const core::fm::DxVoice& voice, const QString& bank, int number) {
                if (!m_fm.loadVoice(host().port(), voice))
                    host().showStatus(tr("Engine busy: voice not sent"), 3000);
                auto& fm = host().project().fm;
                fm.voice = voice;
                fm.bank = bank.toStdString();
                fm.voiceNumber = number;
                host().markModified();
            });
    connect(m_panel, &FmPanel::operatorMaskChanged, this, [this](unsigned mask) {
        host().send(CommandType::FmSetOperatorMask, 0, static_cast<int>(mask));
    });
    connect(m_panel, &FmPanel::noteOn, this,
            [this](int note, int velocity) { host().send(CommandType::FmNoteOn, velocity, note); });
    connect(m_panel, &FmPanel::noteOff, this,
            [this](int note) { host().send(CommandType::FmNoteOff, 0, note); });
    connect(m_panel, &FmPanel::learnRequested, this, [this](int index) {
        host().midi().learn(QString::fromStdString(core::control::fmParameterId(index)));
    });
    connect(m_panel, &FmPanel::forgetRequested, this, [this](int index) {
        host().midi().forget(QString::fromStdString(core::control::fmParameterId(index)));
    });
    connect(m_panel, &FmPanel::errorOccurred, this,
            [this](const QString& text) { host().showError(text); });
    connect(m_panel, &FmPanel::statusMessage, this,
            [this](const QString& text) { host().showStatus(text, 15000); });
    connectMidi();
    return m_panel;
}

void FmUnit::playVoice(const core::fm::DxVoice& voice) {
    if (!m_fm.loadVoice(host().port(), voice))
        host().showStatus(tr("Engine busy: voice not sent"), 3000);
    if (m_panel)
        m_panel->setVoice(voice);
    auto& fm = host().project().fm;
    fm.voice = voice;
    fm.voiceNumber = 0;
    host().markModified();
}

const std::vector<core::fm::DxVoice>& FmUnit::bankVoices() const {
    static const std::vector<core::fm::DxVoice> none;
    return m_panel ? m_panel->bank() : none;
}

void FmUnit::connectMidi() {
    auto* midi = &host().midi();
    connect(midi, &MidiHub::noteActivity, this, [this](int, int note, int velocity) {
        m_panel->keyboard()->setNoteLit(note, velocity > 0);
    });
    connect(midi, &MidiHub::sendVoiceRequested, this, [this, midi] {
        const QString e = midi->sendSysEx(core::fm::singleVoiceSysEx(m_panel->voice()));
        host().showStatus(
            e.isEmpty()
                ? tr("Sent \"%1\" to MIDI out").arg(QString::fromStdString(m_panel->voice().name()))
                : e,
            8000);
    });
    connect(midi, &MidiHub::sendCartridgeRequested, this, [this, midi] {
        const auto& bank = m_panel->bank();
        std::vector<core::fm::DxVoice> voices(
            bank.begin(), bank.begin() + std::min<std::size_t>(32, bank.size()));
        const QString e = midi->sendSysEx(core::fm::cartridgeSysEx(voices));
        host().showStatus(e.isEmpty() ? tr("Sent a 32-voice cartridge to MIDI out") : e, 8000);
    });
}

void FmUnit::applyProject() {
    const auto& project = host().project();
    try {
        core::project::applyFm(m_fm, host().port(), project);
    } catch (const std::exception& e) {
        host().showError(QString::fromStdString(e.what()));
    }
    if (!project.fm.bank.empty())
        m_panel->loadBank(QString::fromStdString(project.fm.bank));
    m_panel->setVoice(project.fm.voice);
}

bool FmUnit::mirrorParameter(const QString& id, float value) {
    auto& fm = host().project().fm;
    if (id == QLatin1String("fm.gain")) {
        fm.gainDb = value;
    } else if (id.startsWith(QLatin1String("fm.param."))) {
        const int index = id.mid(9).toInt();
        fm.voice.params[static_cast<std::size_t>(index)] = static_cast<std::uint8_t>(value);
        m_panel->setParam(index, static_cast<int>(value));
    } else {
        return id.startsWith(QLatin1String("fm.")); // bend, mod wheel: nothing to store
    }
    host().markModified();
    return true;
}

QString FmUnit::statusText() const {
    return tr("FM %1").arg(m_fm.activeVoices());
}

} // namespace latentrack::ui
