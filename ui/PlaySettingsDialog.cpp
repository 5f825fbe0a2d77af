#include "ui/PlaySettingsDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/kit/KitTracks.h"

namespace latentrack::ui {

namespace {
QSpinBox* spin(int lo, int hi, int value, const QString& special = {}) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setValue(value);
    if (!special.isEmpty())
        s->setSpecialValueText(special); // shown for the minimum
    return s;
}
} // namespace

PlaySettingsDialog::PlaySettingsDialog(const core::project::Project& project, QWidget* parent)
    : QDialog(parent), m_tracks(project.pattern.numTracks()) {
    setWindowTitle(tr("Tracks and MIDI settings"));
    m_table = new QTableWidget(m_tracks, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("Choke group"), tr("Polyphony"), tr("MIDI note")});
    for (int t = 0; t < m_tracks; ++t) {
        const auto& ts = project.tracks[static_cast<std::size_t>(t)];
        m_table->setVerticalHeaderItem(
            t, new QTableWidgetItem(QStringLiteral("%1 %2").arg(t + 1).arg(
                   QString::fromStdString(core::kit::trackName(project.pattern.layout, t)))));
        m_table->setCellWidget(t, Choke, spin(0, 8, ts.chokeGroup, tr("none")));
        m_table->setCellWidget(t, Polyphony, spin(1, 16, ts.polyphony));
        m_table->setCellWidget(
            t, Note,
            spin(-1, 127, project.midi.drumNotes[static_cast<std::size_t>(t)], tr("none")));
    }
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    m_fmChannel = spin(0, 16, project.midi.fmChannel, tr("all but the drum channel"));
    m_drumChannel = spin(0, 16, project.midi.drumChannel, tr("none"));
    m_fmPolyphony = spin(1, 64, project.fm.polyphony);
    m_fmGain = new QDoubleSpinBox(this);
    m_fmGain->setRange(-60.0, 12.0);
    m_fmGain->setSingleStep(0.5);
    m_fmGain->setSuffix(tr(" dB"));
    m_fmGain->setValue(project.fm.gainDb);
    auto* form = new QFormLayout;
    form->addRow(tr("FM synthesizer MIDI channel"), m_fmChannel);
    form->addRow(tr("Drum MIDI channel"), m_drumChannel);
    form->addRow(tr("FM polyphony (voices)"), m_fmPolyphony);
    form->addRow(tr("FM level"), m_fmGain);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(520, 560);
}

QSpinBox* PlaySettingsDialog::cell(int row, int column) const {
    return qobject_cast<QSpinBox*>(m_table->cellWidget(row, column));
}

core::project::Project PlaySettingsDialog::apply(core::project::Project project) const {
    for (int t = 0; t < m_tracks; ++t) {
        auto& ts = project.tracks[static_cast<std::size_t>(t)];
        ts.chokeGroup = cell(t, Choke)->value();
        ts.polyphony = cell(t, Polyphony)->value();
        project.midi.drumNotes[static_cast<std::size_t>(t)] = cell(t, Note)->value();
    }
    project.midi.fmChannel = m_fmChannel->value();
    project.midi.drumChannel = m_drumChannel->value();
    project.fm.polyphony = m_fmPolyphony->value();
    project.fm.gainDb = static_cast<float>(m_fmGain->value());
    return project;
}

} // namespace latentrack::ui
