#include "ui/StepGrid.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace latentrack::ui {

namespace {
constexpr float kDefaultVelocity = 100.0f / 127.0f;
constexpr int kMinCellWidth = 18;
} // namespace

StepGrid::StepGrid(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFocusPolicy(Qt::ClickFocus);
    setAccessibleName(tr("Step grid"));
}

void StepGrid::setPattern(const core::seq::Pattern& pattern) {
    const bool resized = pattern.numTracks() != m_pattern.numTracks();
    m_pattern = pattern;
    if (resized)
        updateGeometry();
    update();
}

void StepGrid::setPlayhead(int step) {
    if (step == m_playhead)
        return;
    m_playhead = step;
    update();
}

QSize StepGrid::sizeHint() const {
    return {m_pattern.numSteps * 36, m_pattern.numTracks() * kRowHeight};
}

QSize StepGrid::minimumSizeHint() const {
    return {m_pattern.numSteps * kMinCellWidth, m_pattern.numTracks() * kRowHeight};
}

double StepGrid::cellWidth() const {
    return static_cast<double>(width()) / std::max(1, m_pattern.numSteps);
}

QPoint StepGrid::cellCentre(int track, int step) const {
    return {static_cast<int>((step + 0.5) * cellWidth()), track * kRowHeight + kRowHeight / 2};
}

bool StepGrid::cellAt(const QPointF& pos, int& track, int& step) const {
    track = static_cast<int>(pos.y()) / kRowHeight;
    step = static_cast<int>(pos.x() / cellWidth());
    return track >= 0 && track < m_pattern.numTracks() && step >= 0 && step < m_pattern.numSteps;
}

void StepGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(30, 32, 36));
    const double w = cellWidth();
    for (int t = 0; t < m_pattern.numTracks(); ++t) {
        for (int s = 0; s < m_pattern.numSteps; ++s) {
            const QRectF cell(s * w + 2, t * kRowHeight + 3, w - 4, kRowHeight - 6);
            const bool beat = (s / 4) % 2 == 0;
            p.setPen(Qt::NoPen);
            p.setBrush(beat ? QColor(52, 56, 64) : QColor(44, 47, 54));
            p.drawRoundedRect(cell, 4, 4);
            const float v = m_pattern.velocity[t][s];
            if (v > 0.0f) {
                const int shade = 120 + static_cast<int>(135 * v);
                p.setBrush(QColor(255, shade * 170 / 255, 40));
                QRectF lit = cell.adjusted(2, 2, -2, -2);
                lit.setTop(lit.bottom() - lit.height() * std::max(0.25f, v));
                p.drawRoundedRect(lit, 3, 3);
            }
            if (s == m_playhead) {
                p.setBrush(Qt::NoBrush);
                p.setPen(QPen(QColor(120, 220, 255), 2));
                p.drawRoundedRect(cell, 4, 4);
            }
        }
    }
}

void StepGrid::mousePressEvent(QMouseEvent* event) {
    int t = 0, s = 0;
    if (event->button() != Qt::LeftButton || !cellAt(event->position(), t, s))
        return;
    const float v = m_pattern.isOn(t, s) ? 0.0f : kDefaultVelocity;
    m_pattern.set(t, s, v);
    update();
    emit stepChanged(t, s, v);
}

void StepGrid::wheelEvent(QWheelEvent* event) {
    int t = 0, s = 0;
    if (!cellAt(event->position(), t, s) || !m_pattern.isOn(t, s))
        return;
    const int midi = static_cast<int>(std::lround(m_pattern.velocity[t][s] * 127.0f));
    const int next = std::clamp(midi + (event->angleDelta().y() > 0 ? 8 : -8), 1, 127);
    m_pattern.set(t, s, static_cast<float>(next) / 127.0f);
    update();
    emit stepChanged(t, s, m_pattern.velocity[t][s]);
    event->accept();
}

} // namespace latentrack::ui
