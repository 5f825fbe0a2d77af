#pragma once
// Transport: play/stop (Space), tempo (BPM 40–300), swing (50–75 %), pattern length (1–64
// steps), kit chooser. Thread: GUI.

#include <QStringList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QToolButton;

namespace latentrack::ui {

class TransportBar : public QWidget {
    Q_OBJECT
public:
    explicit TransportBar(QWidget* parent = nullptr);

    void setKits(const QStringList& kits, const QString& current);
    void setValues(double bpm, double swing, int steps);
    void setPlaying(bool playing);
    /// Widgets that MIDI learn attaches to.
    QWidget* bpmWidget() const;
    QWidget* swingWidget() const;
    QWidget* playWidget() const;

signals:
    void playToggled(bool play);
    void bpmChanged(double bpm);
    void swingChanged(double swing); ///< 0.5 … 0.75
    void stepsChanged(int steps);
    void kitChosen(const QString& kit);

private:
    QToolButton* m_play;
    QDoubleSpinBox* m_bpm;
    QSpinBox* m_swing;
    QSpinBox* m_steps;
    QComboBox* m_kit;
};

} // namespace latentrack::ui
