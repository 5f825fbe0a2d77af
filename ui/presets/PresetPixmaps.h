#pragma once
// Pictures of the preset tab: a log-mel spectrogram as a pixmap. Thread: GUI.

#include <QPixmap>

#include "core/dsp/MelSpectrogram.h"

namespace latentrack::ui {

/// `scale` pixels a frame and a band, low bands at the bottom, −100 … +10 dB.
QPixmap spectrogramPixmap(const core::dsp::LogMel& mel, int scale);

} // namespace latentrack::ui
