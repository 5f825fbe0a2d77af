#pragma once
// Lists the MIDI controller mappings for editing: parameter, channel (0 = any), CC, 14-bit,
// range (min/max as % of the parameter's range), inversion; rows can be removed. Thread: GUI.

#include <QDialog>
#include <vector>

#include "core/control/MidiMapping.h"
#include "core/control/Parameters.h"

class QTableWidget;

namespace latentrack::ui {

class MidiMappingDialog : public QDialog {
    Q_OBJECT
public:
    MidiMappingDialog(const core::control::ParameterRegistry& registry,
                      const std::vector<core::control::MidiMapping>& mappings,
                      QWidget* parent = nullptr);
    /// The edited mappings; rows with invalid values are dropped (and were reported).
    std::vector<core::control::MidiMapping> mappings() const;
    QTableWidget* table() const { return m_table; }

private:
    void addRow(const core::control::MidiMapping& m);
    const core::control::ParameterRegistry& m_registry;
    QTableWidget* m_table;
};

} // namespace latentrack::ui
