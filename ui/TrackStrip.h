#pragma once
// Per-track controls beside the grid: name, instrument, gain (dB), pan, mute, solo, audition,
// a level meter, and the neural drum machine's buttons: N (sample_note), P (sample_path),
// K (keep: skip this track when sounds are re-sampled every N loops). Thread: GUI.

#include <QWidget>

class QLabel;
class QSlider;
class QDial;
class QToolButton;
class QProgressBar;

namespace latentrack::ui {

class TrackStrip : public QWidget {
    Q_OBJECT
public:
    explicit TrackStrip(int track, QWidget* parent = nullptr);

    void setNames(const QString& trackName, const QString& instrument);
    void setState(float gainDb, float pan, bool mute, bool solo);
    /// Peak level, linear 0 … 1+, from the engine snapshot.
    void setLevel(float peak);
    /// Widgets that MIDI learn attaches to.
    QWidget* gainWidget() const;
    QWidget* panWidget() const;
    QWidget* muteWidget() const;
    QWidget* soloWidget() const;
    QWidget* sampleNoteWidget() const;
    QWidget* samplePathWidget() const;
    /// Shows whether a neural model can generate this track, whether it is generating, and
    /// whether the sound is kept.
    void setNeuralState(bool available, bool busy, bool keep);
    int track() const { return m_track; }

signals:
    void gainChanged(int track, float gainDb);
    void panChanged(int track, float pan);
    void muteChanged(int track, bool mute);
    void soloChanged(int track, bool solo);
    void auditioned(int track);
    void sampleNoteRequested(int track);
    void samplePathRequested(int track);
    void keepChanged(int track, bool keep);
    void selected(int track);

protected:
    void mousePressEvent(QMouseEvent* event) override;

private:
    int m_track;
    QLabel* m_name;
    QSlider* m_gain;
    QDial* m_pan;
    QToolButton* m_mute;
    QToolButton* m_solo;
    QToolButton* m_sampleNote;
    QToolButton* m_samplePath;
    QToolButton* m_keep;
    QProgressBar* m_meter;
};

} // namespace latentrack::ui
