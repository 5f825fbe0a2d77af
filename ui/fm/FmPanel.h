#pragma once
// The FM synthesizer panel: bank and voice browser (hexter's factory banks found
// automatically, any .syx or .dx7 loadable), algorithm diagram, operator envelope plot, an
// editor for every one of the 155 voice parameters, operator on/off switches and an on-screen
// keyboard. It edits its own copy of the voice and reports each change by signal; the main
// window forwards them to the engine. Right-click on a parameter offers MIDI learn.
// Thread: GUI.

#include <QWidget>
#include <vector>

#include "core/fm/DxVoice.h"

class QComboBox;
class QListWidget;
class QTableWidget;
class QLineEdit;
class QCheckBox;
class QLabel;

namespace latentrack::ui {

class AlgorithmView;
class EnvelopePlot;
class KeyboardWidget;

class FmPanel : public QWidget {
    Q_OBJECT
public:
    explicit FmPanel(QWidget* parent = nullptr);

    /// Shows a voice without emitting change signals.
    void setVoice(const core::fm::DxVoice& voice);
    const core::fm::DxVoice& voice() const { return m_voice; }
    /// Sets one parameter (0 … 154) from outside (MIDI), without emitting paramChanged.
    void setParam(int index, int value);
    /// Loads a bank file into the browser. Returns false and reports via errorOccurred.
    bool loadBank(const QString& path);
    QString bankPath() const { return m_bankPath; }
    const std::vector<core::fm::DxVoice>& bank() const { return m_bank; }
    /// "Add to bank": appends the voice while the bank has fewer than 32 voices, otherwise
    /// stores it over the voice selected in the browser (the DX7's STORE). Returns the voice
    /// number it now has (1 … 32). The bank file is not written: "Save cartridge…" does.
    int addToBank(const core::fm::DxVoice& voice);
    /// Selects voice `number` (1 …) of the current bank and emits voiceChosen.
    void chooseVoice(int number);
    KeyboardWidget* keyboard() const { return m_keyboard; }
    QTableWidget* operatorTable() const { return m_opTable; }
    EnvelopePlot* envelopePlot() const { return m_envelope; }
    AlgorithmView* algorithmView() const { return m_algorithm; }
    /// Voice parameter shown in a cell of the operator table (row = parameter, column = op).
    static int paramForCell(int row, int column);

signals:
    void paramChanged(int index, int value);
    void voiceChosen(const core::fm::DxVoice& voice, const QString& bank, int number);
    void operatorMaskChanged(unsigned mask);
    void noteOn(int note, int velocity);
    void noteOff(int note);
    void learnRequested(int paramIndex);
    void forgetRequested(int paramIndex);
    void errorOccurred(const QString& message);
    /// Something the user should know that is not an error (e.g. values clamped on loading).
    void statusMessage(const QString& message);

private:
    void buildBankRow();
    void buildTables();
    void refresh();
    void cellEdited(int index, const QString& text);
    void contextMenuFor(int paramIndex, const QPoint& globalPos);
    void saveCartridge();
    void saveVoice();

    core::fm::DxVoice m_voice = core::fm::DxVoice::initVoice();
    std::vector<core::fm::DxVoice> m_bank;
    QString m_bankPath;
    bool m_updating = false;
    QComboBox* m_bankCombo = nullptr;
    QListWidget* m_voiceList = nullptr;
    QLineEdit* m_name = nullptr;
    QTableWidget* m_opTable = nullptr;
    QTableWidget* m_globalTable = nullptr;
    std::vector<QCheckBox*> m_opSwitches;
    AlgorithmView* m_algorithm = nullptr;
    EnvelopePlot* m_envelope = nullptr;
    KeyboardWidget* m_keyboard = nullptr;
};

} // namespace latentrack::ui
