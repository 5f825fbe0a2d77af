#include "ui/fm/EnvelopePlot.h"

#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "ui/PlotStyle.h"

#include "core/fm/DxTables.h"
#include "core/fm/Envelope.h"
#include "core/fm/FmPatch.h"

namespace latentrack::ui {

namespace {
const QColor kOpColours[6] = {QColor(120, 200, 255), QColor(255, 170, 40),  QColor(140, 230, 120),
                              QColor(240, 100, 120), QColor(200, 150, 255), QColor(230, 230, 120)};
}

EnvelopePlot::EnvelopePlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    applyDarkPlotStyle(m_plot);
    m_plot->xAxis->setLabel(tr("seconds (key up at %1 s)").arg(m_holdSeconds));
    m_plot->yAxis->setLabel(tr("dB"));
    m_plot->yAxis->setRange(-96.0, 3.0);
    for (int op = 0; op < 6; ++op) {
        auto* g = m_plot->addGraph();
        g->setPen(QPen(kOpColours[op], 1.5));
        g->setName(tr("OP%1").arg(op + 1));
    }
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(30, 32, 36, 200));
    m_plot->legend->setTextColor(Qt::lightGray);
    setMinimumHeight(160);
}

void EnvelopePlot::setVoice(const core::fm::DxVoice& voice, int note, int velocity) {
    const auto patch = core::fm::makePatch(voice);
    const double step = 0.005;
    const int points = static_cast<int>((m_holdSeconds + m_releaseSeconds) / step);
    m_curves.assign(6, {});
    QVector<double> t(points);
    for (int i = 0; i < points; ++i)
        t[i] = i * step;
    for (int op = 0; op < 6; ++op) {
        const auto n =
            core::fm::operatorForNote(patch.ops[static_cast<std::size_t>(op)], note, velocity);
        core::fm::Envelope env;
        env.keyOn(n.envelope, false);
        QVector<double> db(points);
        for (int i = 0; i < points; ++i) {
            if (i * step >= m_holdSeconds && env.stage() < 3)
                env.keyOff();
            const float level = env.advance(static_cast<float>(step));
            const float gain = core::fm::countsToGain(level);
            db[i] = gain > 0.0f ? std::max(-96.0, 20.0 * std::log10(gain)) : -96.0;
        }
        m_curves[static_cast<std::size_t>(op)] = std::vector<double>(db.begin(), db.end());
        m_plot->graph(op)->setData(t, db);
    }
    m_plot->xAxis->setRange(0.0, m_holdSeconds + m_releaseSeconds);
    m_plot->replot();
}

} // namespace latentrack::ui
