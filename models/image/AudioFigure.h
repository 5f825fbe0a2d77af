#pragma once
// Sounds side by side as a labelled figure of log-mel spectrograms (1024-point STFT, hop 128,
// 96 mel bands up to Nyquist, −90 … 0 dB): a title and one column per sound with its label,
// time and frequency axes and the dB colour bar (SpectrogramFigure). For the evaluation
// commands and `latentrack-cli ts render --figure`.
// Thread: any non-realtime thread. Errors: std::runtime_error when the PNG cannot be written.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace latentrack::models::image {

/// `columns`: (label, mono samples at `sampleRate` Hz) each; an empty signal leaves its cell
/// blank.
void writeMelFigure(const std::filesystem::path& path, const std::string& title,
                    const std::vector<std::pair<std::string, std::vector<float>>>& columns,
                    double sampleRate);

} // namespace latentrack::models::image
