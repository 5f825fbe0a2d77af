#pragma once
// Playing settings of the project that have no knob of their own: per drum track the choke
// group (0 = none, 1–8; a hit silences the other tracks of its group, e.g. closed hat chokes
// open hat), the polyphony (1–16 voices, oldest stolen) and the MIDI note that plays it
// (0–127, or none); the MIDI channels of the FM synthesizer (1–16, or 0: all but the drum
// channel) and of the drums (1–16, or 0: none); the FM synthesizer's polyphony (1–64) and level
// (−60 … +12 dB). Thread: GUI.

#include <QDialog>
#include <vector>

#include "core/project/Project.h"

class QDoubleSpinBox;
class QSpinBox;
class QTableWidget;

namespace latentrack::ui {

class PlaySettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit PlaySettingsDialog(const core::project::Project& project, QWidget* parent = nullptr);
    /// `project` with the edited settings (everything else unchanged).
    core::project::Project apply(core::project::Project project) const;
    /// The table: one row per track, columns choke group, polyphony, MIDI note (tests).
    QTableWidget* table() const { return m_table; }
    QSpinBox* fmPolyphonyBox() const { return m_fmPolyphony; }
    QDoubleSpinBox* fmGainBox() const { return m_fmGain; }
    QSpinBox* fmChannelBox() const { return m_fmChannel; }
    QSpinBox* drumChannelBox() const { return m_drumChannel; }

    enum Column { Choke, Polyphony, Note, ColumnCount };

private:
    QSpinBox* cell(int row, int column) const;

    int m_tracks;
    QTableWidget* m_table;
    QSpinBox* m_fmChannel;
    QSpinBox* m_drumChannel;
    QSpinBox* m_fmPolyphony;
    QDoubleSpinBox* m_fmGain;
};

} // namespace latentrack::ui
