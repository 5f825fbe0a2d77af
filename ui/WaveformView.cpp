#include "ui/WaveformView.h"

#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

#include "ui/PlotStyle.h"

namespace latentrack::ui {

WaveformView::WaveformView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->addGraph();
    m_plot->addGraph();
    const QColor wave(255, 170, 40);
    m_plot->graph(0)->setPen(QPen(wave));
    m_plot->graph(1)->setPen(QPen(wave));
    m_plot->graph(0)->setBrush(QBrush(QColor(255, 170, 40, 90)));
    m_plot->graph(0)->setChannelFillGraph(m_plot->graph(1));
    m_plot->xAxis->setLabel(tr("seconds"));
    m_plot->yAxis->setRange(-1.0, 1.0);
    applyDarkPlotStyle(m_plot);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("No sound"), QFont()));
    setMinimumHeight(140);
}

void WaveformView::setWaveform(const QString& title, const std::vector<float>& mono,
                               double sampleRate) {
    if (auto* text = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0))) {
        text->setText(title);
        text->setTextColor(Qt::lightGray);
    }
    const int columns = 600;
    QVector<double> x, lo, hi;
    if (!mono.empty() && sampleRate > 0.0) {
        const std::size_t per = std::max<std::size_t>(1, mono.size() / columns);
        for (std::size_t i = 0; i < mono.size(); i += per) {
            const auto end = std::min(mono.size(), i + per);
            const auto [mn, mx] =
                std::minmax_element(mono.begin() + static_cast<std::ptrdiff_t>(i),
                                    mono.begin() + static_cast<std::ptrdiff_t>(end));
            x.push_back(static_cast<double>(i) / sampleRate);
            lo.push_back(*mn);
            hi.push_back(*mx);
        }
    }
    m_plot->graph(0)->setData(x, hi);
    m_plot->graph(1)->setData(x, lo);
    m_plot->xAxis->setRange(0.0, x.isEmpty() ? 1.0 : std::max(0.05, x.back()));
    m_plot->replot();
}

} // namespace latentrack::ui
