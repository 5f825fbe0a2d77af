#include "ui/fm/AlgorithmView.h"

#include <QPainter>
#include <array>

#include "core/fm/Algorithms.h"

namespace latentrack::ui {

AlgorithmView::AlgorithmView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(180, 180);
}

void AlgorithmView::setAlgorithm(int number, unsigned enabledMask) {
    m_number = number;
    m_mask = enabledMask;
    update();
}

void AlgorithmView::paintEvent(QPaintEvent*) {
    const auto& alg = core::fm::algorithm(m_number);
    // Depth of each operator = longest path down to a carrier; column by order of appearance.
    std::array<int, 7> depth{};
    for (int pass = 0; pass < 6; ++pass)
        for (int op = 1; op <= 6; ++op)
            for (int m = 1; m <= 6; ++m)
                if (alg.modulates(m, op))
                    depth[static_cast<std::size_t>(m)] =
                        std::max(depth[static_cast<std::size_t>(m)],
                                 depth[static_cast<std::size_t>(op)] + 1);
    std::array<int, 7> column{};
    std::array<int, 7> perRow{};
    for (int op = 1; op <= 6; ++op) {
        // Stack a modulator above its first target when possible.
        int col = perRow[static_cast<std::size_t>(depth[static_cast<std::size_t>(op)])];
        for (int t = 1; t < op; ++t)
            if (alg.modulates(op, t)) {
                col = std::max(col, column[static_cast<std::size_t>(t)]);
                break;
            }
        column[static_cast<std::size_t>(op)] = col;
        perRow[static_cast<std::size_t>(depth[static_cast<std::size_t>(op)])] = col + 1;
    }
    int columns = 1;
    int rows = 1;
    for (int op = 1; op <= 6; ++op) {
        columns = std::max(columns, column[static_cast<std::size_t>(op)] + 1);
        rows = std::max(rows, depth[static_cast<std::size_t>(op)] + 1);
    }
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(30, 32, 36));
    const double cw = width() / static_cast<double>(columns + 1);
    const double rh = (height() - 30) / static_cast<double>(rows + 1);
    const double box = std::min(cw, rh) * 0.55;
    auto centre = [&](int op) {
        return QPointF(cw * (column[static_cast<std::size_t>(op)] + 1),
                       height() - 30 - rh * (depth[static_cast<std::size_t>(op)] + 0.5));
    };
    p.setPen(QPen(QColor(170, 170, 180), 2));
    for (int op = 1; op <= 6; ++op)
        for (int m = 1; m <= 6; ++m)
            if (alg.modulates(m, op))
                p.drawLine(centre(m), centre(op));
    // Feedback: a loop from feedbackFrom back to the top of feedbackTo.
    const QPointF from = centre(alg.feedbackFrom);
    const QPointF to = centre(alg.feedbackTo);
    p.setPen(QPen(QColor(255, 170, 40), 2));
    const double side = box * 0.9;
    p.drawPolyline(QPolygonF{from, from + QPointF(side, 0),
                             QPointF(from.x() + side, to.y() - box * 0.8),
                             QPointF(to.x(), to.y() - box * 0.8), to});
    // Carrier bus.
    p.setPen(QPen(QColor(120, 200, 255), 2));
    const double busY = height() - 15;
    for (int op = 1; op <= 6; ++op)
        if (alg.isCarrier(op))
            p.drawLine(centre(op), QPointF(centre(op).x(), busY));
    p.drawLine(QPointF(cw * 0.5, busY), QPointF(width() - cw * 0.5, busY));
    for (int op = 1; op <= 6; ++op) {
        const QRectF r(centre(op) - QPointF(box / 2, box / 2), QSizeF(box, box));
        const bool on = (m_mask >> (op - 1)) & 1u;
        p.setPen(QPen(Qt::black, 1));
        p.setBrush(!on                 ? QColor(70, 70, 70)
                   : alg.isCarrier(op) ? QColor(120, 200, 255)
                                       : QColor(230, 230, 235));
        p.drawRect(r);
        p.setPen(Qt::black);
        p.drawText(r, Qt::AlignCenter, QString::number(op));
    }
    p.setPen(Qt::lightGray);
    p.drawText(QRectF(0, 0, width(), 18), Qt::AlignLeft, tr("Algorithm %1").arg(m_number));
}

} // namespace latentrack::ui
