#pragma once
// Writing RGB images as PNG (libpng) and painting spectrograms into them, for the evaluation
// figures of the models. Thread: any.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace latentrack::models::image {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels; ///< [height × width × 3], row 0 at the top

    RgbImage(int w, int h, std::uint8_t grey = 0);
    void set(int x, int y, std::uint8_t r, std::uint8_t g, std::uint8_t b);
};

/// Writes `image` to `path` atomically (temporary file renamed into place). Throws
/// std::runtime_error naming the file on failure.
void writePng(const RgbImage& image, const std::filesystem::path& path);

/// Paints a spectrogram [numFrames × numBins] of decibel values (frame-major) into `image` with
/// its top-left corner at (x0, y0): `xScale` pixels a frame, `yScale` pixels a bin, low bins at
/// the bottom, `minDb` … `maxDb` mapped through a black-purple-orange-yellow colour map.
void paintSpectrogram(RgbImage& image, int x0, int y0, const std::vector<float>& db, int numFrames,
                      int numBins, float minDb, float maxDb, int xScale = 1, int yScale = 1);

} // namespace latentrack::models::image
