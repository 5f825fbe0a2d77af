#include "models/image/PngWriter.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <png.h>

namespace latentrack::models::image {

RgbImage::RgbImage(int w, int h, std::uint8_t grey)
    : width(w), height(h), pixels(static_cast<std::size_t>(w) * h * 3, grey) {}

void RgbImage::set(int x, int y, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    if (x < 0 || y < 0 || x >= width || y >= height)
        return;
    auto* p = &pixels[(static_cast<std::size_t>(y) * width + x) * 3];
    p[0] = r;
    p[1] = g;
    p[2] = b;
}

void writePng(const RgbImage& image, const std::filesystem::path& path) {
    const auto tmp = path.string() + ".tmp";
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(tmp.c_str(), "wb"), &std::fclose);
    if (!file)
        throw std::runtime_error(path.string() + ": cannot open for writing");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        throw std::runtime_error(path.string() + ": libpng could not start");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        throw std::runtime_error(path.string() + ": libpng failed while writing");
    }
    png_init_io(png, file.get());
    png_set_IHDR(png, info, static_cast<png_uint_32>(image.width),
                 static_cast<png_uint_32>(image.height), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < image.height; ++y)
        png_write_row(png, image.pixels.data() + static_cast<std::size_t>(y) * image.width * 3);
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    file.reset();
    std::filesystem::rename(tmp, path);
}

namespace {
// Colour map stops (t, r, g, b), close to matplotlib's "magma".
constexpr std::array<std::array<float, 4>, 5> kStops{{{0.00f, 0, 0, 4},
                                                      {0.25f, 80, 18, 123},
                                                      {0.50f, 182, 54, 121},
                                                      {0.75f, 251, 136, 97},
                                                      {1.00f, 252, 253, 191}}};
} // namespace

void paintSpectrogram(RgbImage& image, int x0, int y0, const std::vector<float>& db, int numFrames,
                      int numBins, float minDb, float maxDb, int xScale, int yScale) {
    for (int f = 0; f < numFrames; ++f)
        for (int k = 0; k < numBins; ++k) {
            const float v = db[static_cast<std::size_t>(f) * numBins + k];
            const float t = std::clamp((v - minDb) / (maxDb - minDb), 0.0f, 1.0f);
            std::size_t s = 1;
            while (s + 1 < kStops.size() && t > kStops[s][0])
                ++s;
            const auto& a = kStops[s - 1];
            const auto& b = kStops[s];
            const float u = (t - a[0]) / (b[0] - a[0]);
            const auto mix = [u](float p, float q) {
                return static_cast<std::uint8_t>(p + (q - p) * std::clamp(u, 0.0f, 1.0f));
            };
            for (int dy = 0; dy < yScale; ++dy)
                for (int dx = 0; dx < xScale; ++dx)
                    image.set(x0 + f * xScale + dx, y0 + (numBins - 1 - k) * yScale + dy,
                              mix(a[1], b[1]), mix(a[2], b[2]), mix(a[3], b[3]));
        }
}

} // namespace latentrack::models::image
