#include "ui/midi/MidiMappingDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace latentrack::ui {

using core::control::MidiMapping;

namespace {
enum Column { Parameter, Channel, Cc, HighRes, Min, Max, Invert, Count };
}

MidiMappingDialog::MidiMappingDialog(const core::control::ParameterRegistry& registry,
                                     const std::vector<MidiMapping>& mappings, QWidget* parent)
    : QDialog(parent), m_registry(registry), m_table(new QTableWidget(0, Count, this)) {
    setWindowTitle(tr("MIDI controller mappings"));
    m_table->setHorizontalHeaderLabels({tr("Parameter"), tr("Channel"), tr("CC"), tr("14-bit"),
                                        tr("Min %"), tr("Max %"), tr("Invert")});
    m_table->horizontalHeader()->setSectionResizeMode(Parameter, QHeaderView::Stretch);
    for (const auto& m : mappings)
        addRow(m);
    auto* remove = new QPushButton(tr("Remove selected"), this);
    connect(remove, &QPushButton::clicked, this, [this] {
        for (int row = m_table->rowCount() - 1; row >= 0; --row)
            if (m_table->selectionModel()->isRowSelected(row, {}))
                m_table->removeRow(row);
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(remove);
    layout->addWidget(buttons);
    resize(720, 360);
}

void MidiMappingDialog::addRow(const MidiMapping& m) {
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* parameter = new QComboBox(m_table);
    for (int i = 0; i < m_registry.size(); ++i)
        parameter->addItem(QString::fromStdString(m_registry.info(i).name),
                           QString::fromStdString(m_registry.info(i).id));
    parameter->setCurrentIndex(m_registry.find(m.parameter));
    m_table->setCellWidget(row, Parameter, parameter);
    auto* channel = new QSpinBox(m_table);
    channel->setRange(0, 16);
    channel->setSpecialValueText(tr("any"));
    channel->setValue(m.channel);
    m_table->setCellWidget(row, Channel, channel);
    auto* cc = new QSpinBox(m_table);
    cc->setRange(0, 127);
    cc->setValue(m.cc);
    m_table->setCellWidget(row, Cc, cc);
    auto* hi = new QCheckBox(m_table);
    hi->setChecked(m.highResolution);
    m_table->setCellWidget(row, HighRes, hi);
    auto* lo = new QDoubleSpinBox(m_table);
    lo->setRange(0.0, 100.0);
    lo->setValue(m.min * 100.0);
    m_table->setCellWidget(row, Min, lo);
    auto* up = new QDoubleSpinBox(m_table);
    up->setRange(0.0, 100.0);
    up->setValue(m.max * 100.0);
    m_table->setCellWidget(row, Max, up);
    auto* inv = new QCheckBox(m_table);
    inv->setChecked(m.invert);
    m_table->setCellWidget(row, Invert, inv);
}

std::vector<MidiMapping> MidiMappingDialog::mappings() const {
    std::vector<MidiMapping> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        MidiMapping m;
        m.parameter = qobject_cast<QComboBox*>(m_table->cellWidget(row, Parameter))
                          ->currentData()
                          .toString()
                          .toStdString();
        m.channel = qobject_cast<QSpinBox*>(m_table->cellWidget(row, Channel))->value();
        m.cc = qobject_cast<QSpinBox*>(m_table->cellWidget(row, Cc))->value();
        m.highResolution = qobject_cast<QCheckBox*>(m_table->cellWidget(row, HighRes))->isChecked();
        m.min = static_cast<float>(
            qobject_cast<QDoubleSpinBox*>(m_table->cellWidget(row, Min))->value() / 100.0);
        m.max = static_cast<float>(
            qobject_cast<QDoubleSpinBox*>(m_table->cellWidget(row, Max))->value() / 100.0);
        m.invert = qobject_cast<QCheckBox*>(m_table->cellWidget(row, Invert))->isChecked();
        try {
            core::control::validate(m);
            out.push_back(m);
        } catch (const std::exception&) {
            // e.g. a 14-bit pair on CC ≥ 32: dropped
        }
    }
    return out;
}

} // namespace latentrack::ui
