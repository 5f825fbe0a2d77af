#pragma once
// The FM synthesizer as an instrument unit: its engine source (core::engine::FmInstrument),
// the FM tab (FmPanel: banks, voice editor, keyboard), its part of the project (voice, bank,
// level, polyphony), MIDI learn of the voice parameters, the keyboard lit by MIDI notes, and
// voice / cartridge SysEx out. Thread: GUI.

#include "core/engine/FmInstrument.h"
#include "ui/instrument/Instrument.h"

namespace latentrack::ui {

class FmPanel;

class FmUnit : public Instrument {
    Q_OBJECT
public:
    /// Adds the FM synthesizer to the engine.
    explicit FmUnit(InstrumentHost& host);

    QString title() const override { return tr("FM synth"); }
    QWidget* buildTab(QWidget* parent) override;
    void applyProject() override;
    bool mirrorParameter(const QString& id, float value) override;
    QString statusText() const override;

    /// Loads a voice made elsewhere (preset inference) into the synth, the tab and the project.
    void playVoice(const core::fm::DxVoice& voice);

    /// The voices of the bank shown in the FM tab (empty before the tab is built).
    const std::vector<core::fm::DxVoice>& bankVoices() const;

    core::engine::FmInstrument& source() { return m_fm; }
    FmPanel* panel() const { return m_panel; }

private:
    void connectMidi();

    core::engine::FmInstrument& m_fm;
    FmPanel* m_panel = nullptr;
};

} // namespace latentrack::ui
