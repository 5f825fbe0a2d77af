#pragma once
// A labelled figure of spectrograms: a title, a grid of cells with column and row labels, a time
// axis under the bottom row, a frequency axis left of the first column and a colour bar in dB,
// so that a reader of an evaluation PNG can tell what each panel is (original, reconstruction,
// nearest training example …) and read time and frequency off it.
//
// Thread: any. Allocates; not for the audio thread.

#include <filesystem>
#include <string>
#include <vector>

#include "models/image/PngWriter.h"

namespace latentrack::core::dsp {
struct MelConfig;
}

namespace latentrack::models::image {

/// One mark on an axis: `position` in the cell's own units (frames along time, bins along
/// frequency, fractional allowed) and its text.
struct Tick {
    double position = 0.0;
    std::string label;
};

/// One spectrogram: [frames × bins] decibel values, frame-major, low bins first. A cell with no
/// frames is left blank (e.g. a missing baseline).
struct SpectrogramCell {
    std::vector<float> db;
    int frames = 0;
    int bins = 0;
};

struct SpectrogramGrid {
    std::string title;
    std::vector<std::string> columnLabels;           ///< one per column (may be empty strings)
    std::vector<std::string> rowLabels;              ///< one per row, or empty for no row labels
    std::vector<std::vector<SpectrogramCell>> cells; ///< [rows][columns]
    int xScale = 1;                                  ///< pixels per frame, ≥ 1
    int yScale = 1;                                  ///< pixels per bin, ≥ 1
    float minDb = -100.0f;                           ///< colour map range, dB
    float maxDb = 0.0f;
    std::string timeLabel = "time (s)";
    std::vector<Tick> timeTicks; ///< positions in frames
    std::string frequencyLabel = "frequency (Hz)";
    std::vector<Tick> frequencyTicks; ///< positions in bins
};

/// Lays the grid out and paints it. Every cell is drawn in a box of the largest cell's frames ×
/// bins. Throws std::invalid_argument when the grid has no cells, the rows differ in length,
/// the label counts do not match the grid, or a cell's db size is not frames × bins; throws
/// std::runtime_error when no font can be loaded (Font).
RgbImage renderFigure(const SpectrogramGrid& grid);

/// renderFigure then writePng (atomic). Throws as both do.
void writeFigure(const SpectrogramGrid& grid, const std::filesystem::path& path);

/// Ticks every `step` seconds (chosen from 0.05/0.1/0.2/0.25/0.5/1/2/5 s so that about four to
/// eight fit) over `frames` frames of `secondsPerFrame` (hop / sample rate, > 0).
std::vector<Tick> timeTicks(int frames, double secondsPerFrame);

/// Frequency ticks for linear STFT bins (bin k = k · sampleRate / fftSize Hz), `bins` of them.
std::vector<Tick> linearFrequencyTicks(int bins, double sampleRate, int fftSize);

/// Frequency ticks for the bands of a log-mel spectrogram with this configuration (MelSpectrogram:
/// HTK mel scale between minHz and min(maxHz, Nyquist)).
std::vector<Tick> melFrequencyTicks(const core::dsp::MelConfig& config);

/// "440 Hz", "1 kHz", "2.5 kHz": a frequency as an axis label.
std::string frequencyText(double hz);

} // namespace latentrack::models::image
