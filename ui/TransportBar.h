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
    /// Shows the transport state the engine already has (engine snapshot, OSC, MIDI); emits
    /// nothing, so that showing a start never starts the pattern a second time.
    void setPlaying(bool playing);
    /// What the user asks for (the Space key): shows it and emits playToggled(play), even when
    /// the button already showed that state.
    void requestPlaying(bool play);
    /// Widgets that MIDI learn attaches to.
    QWidget* bpmWidget() const;
    QWidget* swingWidget() const;
    QWidget* playWidget() const;

signals:
    /// The user pressed the play button or Space: start (true, from step 0) or stop.
    void playToggled(bool play);
    void bpmChanged(double bpm);
    void swingChanged(double swing); ///< 0.5 … 0.75
    void stepsChanged(int steps);
    void kitChosen(const QString& kit);

private:
    void showPlaying(bool playing);

    QToolButton* m_play;
    QDoubleSpinBox* m_bpm;
    QSpinBox* m_swing;
    QSpinBox* m_steps;
    QComboBox* m_kit;
};

} // namespace latentrack::ui
