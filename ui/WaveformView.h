#pragma once
// Waveform of a track's sound (min/max envelope per pixel column), plotted with QCustomPlot.
// Thread: GUI.

#include <QWidget>
#include <vector>

class QCustomPlot;

namespace latentrack::ui {

class WaveformView : public QWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget* parent = nullptr);
    /// Mono samples at `sampleRate` Hz; the x axis is in seconds. Empty clears the view.
    void setWaveform(const QString& title, const std::vector<float>& mono, double sampleRate);

private:
    QCustomPlot* m_plot;
};

} // namespace latentrack::ui
