#pragma once
// On-screen piano keyboard: mouse press/release and the computer keys Z … M (lower octave)
// and Q … U (upper) play notes; emits noteOn/noteOff with MIDI note numbers and velocity
// (from the vertical click position, 1 … 127). Thread: GUI.

#include <QWidget>
#include <set>

namespace latentrack::ui {

class KeyboardWidget : public QWidget {
    Q_OBJECT
public:
    explicit KeyboardWidget(QWidget* parent = nullptr);
    void setLowestNote(int note);
    int lowestNote() const { return m_lowest; }
    /// Marks notes played from elsewhere (MIDI) so they light up.
    void setNoteLit(int note, bool lit);
    /// Note under a widget position, −1 outside the keys.
    int noteAt(QPoint position) const;
    QSize sizeHint() const override { return {600, 90}; }

signals:
    void noteOn(int note, int velocity);
    void noteOff(int note);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;

private:
    int keyToNote(int key) const;
    int m_lowest = 48; ///< C3
    int m_octaves = 3;
    int m_mouseNote = -1;
    std::set<int> m_lit;
};

} // namespace latentrack::ui
