#pragma once
// The instrument's dark plot style for QCustomPlot views (waveform, envelopes). Thread: GUI.

class QCustomPlot;

namespace latentrack::ui {

/// Dark background, grey axes and grid, light tick labels.
void applyDarkPlotStyle(QCustomPlot* plot);

} // namespace latentrack::ui
