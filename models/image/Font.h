#pragma once
// Text for the figures the project writes (evaluation PNGs): a TrueType font found through
// fontconfig and rasterised by FreeType, blended into an RgbImage with its anti-aliasing.
// Debian's fonts-dejavu-core provides the default "DejaVu Sans".
//
// Thread: any. One Font may be shared between threads (drawing and measuring take its own
// mutex, since a FreeType face is not thread-safe). Allocates; not for the audio thread.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "models/image/PngWriter.h"

namespace latentrack::models::image {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

/// Where the anchor point lies along the text's run: its start, its middle or its end.
enum class Align { Start, Centre, End };

class Font {
public:
    /// Loads the font that fontconfig matches for `pattern` (a fontconfig pattern such as
    /// "DejaVu Sans" or "DejaVu Sans:bold"), or the font file `pattern` names when it holds a
    /// '/'. Throws std::runtime_error naming the pattern when fontconfig finds no font file or
    /// FreeType cannot open it.
    explicit Font(const std::string& pattern);
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;

    /// The regular and bold sans fonts, loaded once per process on first use (throws as the
    /// constructor does).
    static const Font& sans();
    static const Font& sansBold();

    /// Advance width of `utf8` at `pixelSize` (pixels per em, ≥ 1), in pixels.
    int width(std::string_view utf8, int pixelSize) const;
    /// Height of one line of text at `pixelSize` (ascender − descender), in pixels.
    int lineHeight(int pixelSize) const;

    /// Draws `utf8` at `pixelSize` in `colour`, clipped to the image. Horizontal text: the top
    /// of its line box is at y, and x is its start, centre or end as `align` says. Vertical text
    /// (`vertical`, rotated 90° anticlockwise, read from bottom to top): the left of its line box
    /// is at x, and y is its start (bottom), centre or end (top).
    void draw(RgbImage& image, int x, int y, std::string_view utf8, int pixelSize, Rgb colour,
              Align align = Align::Start, bool vertical = false) const;

    /// The font file fontconfig chose.
    const std::string& file() const noexcept { return m_file; }

private:
    struct Face;
    std::unique_ptr<Face> m_face;
    std::string m_file;
    mutable std::mutex m_mutex;
};

} // namespace latentrack::models::image
