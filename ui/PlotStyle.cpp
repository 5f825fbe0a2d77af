#include "ui/PlotStyle.h"

#include <qcustomplot.h>

namespace latentrack::ui {

void applyDarkPlotStyle(QCustomPlot* plot) {
    plot->setBackground(QColor(30, 32, 36));
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setBasePen(QPen(Qt::gray));
        axis->setTickPen(QPen(Qt::gray));
        axis->setTickLabelColor(Qt::lightGray);
        axis->setLabelColor(Qt::lightGray);
        axis->grid()->setPen(QPen(QColor(60, 64, 72)));
    }
}

} // namespace latentrack::ui
