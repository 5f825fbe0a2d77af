#pragma once
// The step-sequencer grid: tracks × steps cells. Left click toggles a step (velocity 100),
// the mouse wheel over a step changes its velocity (MIDI 1–127, shown as the cell's fill).
// Thread: GUI.

#include <QWidget>

#include "core/seq/Pattern.h"

namespace latentrack::ui {

inline constexpr int kRowHeight = 34;

class StepGrid : public QWidget {
    Q_OBJECT
public:
    explicit StepGrid(QWidget* parent = nullptr);

    void setPattern(const core::seq::Pattern& pattern);
    const core::seq::Pattern& pattern() const { return m_pattern; }
    /// Step the playhead is on (−1 when stopped).
    void setPlayhead(int step);
    /// Centre of a cell in widget coordinates (for tests and tooltips).
    QPoint cellCentre(int track, int step) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// A step changed: velocity 0 (off) … 1.
    void stepChanged(int track, int step, float velocity);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    bool cellAt(const QPointF& pos, int& track, int& step) const;
    double cellWidth() const;

    core::seq::Pattern m_pattern;
    int m_playhead = -1;
};

} // namespace latentrack::ui
