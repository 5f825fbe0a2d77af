#pragma once
// QCustomPlot of the six operator envelopes of a DX7 voice in dB for one note (key held for
// `holdSeconds`, then released), computed with the engine's own Envelope and level rules, plus
// each operator's output level as a bar chart. Thread: GUI.

#include <QWidget>

#include "core/fm/DxVoice.h"

class QCustomPlot;

namespace latentrack::ui {

class EnvelopePlot : public QWidget {
    Q_OBJECT
public:
    explicit EnvelopePlot(QWidget* parent = nullptr);
    void setVoice(const core::fm::DxVoice& voice, int note = 60, int velocity = 100);
    /// The plotted envelope of operator op (1 … 6): dB at 5 ms steps.
    const std::vector<double>& curve(int op) const {
        return m_curves.at(static_cast<std::size_t>(op - 1));
    }

private:
    QCustomPlot* m_plot;
    std::vector<std::vector<double>> m_curves;
    double m_holdSeconds = 1.5;
    double m_releaseSeconds = 1.0;
};

} // namespace latentrack::ui
