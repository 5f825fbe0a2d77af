#include "models/image/Font.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

namespace latentrack::models::image {

namespace {

/// Code points of a UTF-8 string; a malformed byte becomes U+FFFD.
std::vector<char32_t> codePoints(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int extra = c < 0x80           ? 0
                          : (c >> 5) == 0x6  ? 1
                          : (c >> 4) == 0xE  ? 2
                          : (c >> 3) == 0x1E ? 3
                                             : -1;
        if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
        bool ok = true;
        for (int k = 1; k <= extra; ++k) {
            const auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            ok = ok && (d & 0xC0) == 0x80;
            cp = (cp << 6) | (d & 0x3F);
        }
        out.push_back(ok ? cp : 0xFFFD);
        i += ok ? static_cast<std::size_t>(extra) + 1 : 1;
    }
    return out;
}

std::string matchFontFile(const std::string& pattern) {
    if (!FcInit())
        throw std::runtime_error("fontconfig could not start (looking for \"" + pattern + "\")");
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str()));
    if (!pat)
        throw std::runtime_error("\"" + pattern + "\" is not a fontconfig pattern");
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pat, &result);
    FcPatternDestroy(pat);
    std::string file;
    FcChar8* f = nullptr;
    if (match && FcPatternGetString(match, FC_FILE, 0, &f) == FcResultMatch && f)
        file = reinterpret_cast<const char*>(f);
    if (match)
        FcPatternDestroy(match);
    if (file.empty())
        throw std::runtime_error("no font found for \"" + pattern +
                                 "\" (figures are labelled with DejaVu Sans: install "
                                 "fonts-dejavu-core)");
    return file;
}

} // namespace

struct Font::Face {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    ~Face() {
        if (face)
            FT_Done_Face(face);
        if (library)
            FT_Done_FreeType(library);
    }
};

Font::Font(const std::string& pattern) : m_face(std::make_unique<Face>()) {
    m_file = pattern.find('/') != std::string::npos ? pattern : matchFontFile(pattern);
    if (FT_Init_FreeType(&m_face->library) != 0)
        throw std::runtime_error("FreeType could not start");
    if (FT_New_Face(m_face->library, m_file.c_str(), 0, &m_face->face) != 0)
        throw std::runtime_error(m_file + ": FreeType cannot open this font (for \"" + pattern +
                                 "\")");
}

Font::~Font() = default;

const Font& Font::sans() {
    static const Font font("DejaVu Sans");
    return font;
}

const Font& Font::sansBold() {
    static const Font font("DejaVu Sans:bold");
    return font;
}

int Font::lineHeight(int pixelSize) const {
    std::lock_guard lock(m_mutex);
    FT_Set_Pixel_Sizes(m_face->face, 0, static_cast<FT_UInt>(std::max(1, pixelSize)));
    const auto& m = m_face->face->size->metrics;
    return static_cast<int>((m.ascender - m.descender) >> 6);
}

int Font::width(std::string_view utf8, int pixelSize) const {
    std::lock_guard lock(m_mutex);
    FT_Face face = m_face->face;
    FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(std::max(1, pixelSize)));
    long advance = 0;
    for (char32_t cp : codePoints(utf8))
        if (FT_Load_Char(face, cp, FT_LOAD_DEFAULT) == 0)
            advance += face->glyph->advance.x;
    return static_cast<int>(advance >> 6);
}

void Font::draw(RgbImage& image, int x, int y, std::string_view utf8, int pixelSize, Rgb colour,
                Align align, bool vertical) const {
    const int w = width(utf8, pixelSize);
    const int h = lineHeight(pixelSize);
    if (w <= 0 || h <= 0)
        return;
    // Rasterise the line into a coverage mask [h × w], then blend it in, rotated if asked.
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
    {
        std::lock_guard lock(m_mutex);
        FT_Face face = m_face->face;
        FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(std::max(1, pixelSize)));
        const int baseline = static_cast<int>(face->size->metrics.ascender >> 6);
        long pen = 0;
        for (char32_t cp : codePoints(utf8)) {
            if (FT_Load_Char(face, cp, FT_LOAD_RENDER) != 0)
                continue;
            const FT_GlyphSlot g = face->glyph;
            const FT_Bitmap& bm = g->bitmap;
            const int left = static_cast<int>(pen >> 6) + g->bitmap_left;
            const int top = baseline - g->bitmap_top;
            for (unsigned row = 0; row < bm.rows; ++row)
                for (unsigned col = 0; col < bm.width; ++col) {
                    const int mx = left + static_cast<int>(col), my = top + static_cast<int>(row);
                    if (mx < 0 || my < 0 || mx >= w || my >= h)
                        continue;
                    auto& m = mask[static_cast<std::size_t>(my) * static_cast<std::size_t>(w) +
                                   static_cast<std::size_t>(mx)];
                    m = std::max(m, bm.buffer[static_cast<std::ptrdiff_t>(row) * bm.pitch + col]);
                }
            pen += g->advance.x;
        }
    }
    const int shift = align == Align::Start ? 0 : align == Align::Centre ? w / 2 : w;
    const auto blend = [&](int px, int py, std::uint8_t a) {
        if (a == 0 || px < 0 || py < 0 || px >= image.width || py >= image.height)
            return;
        auto* p = &image.pixels[(static_cast<std::size_t>(py) * image.width + px) * 3];
        const auto mix = [a](std::uint8_t under, std::uint8_t over) {
            return static_cast<std::uint8_t>((under * (255 - a) + over * a + 127) / 255);
        };
        p[0] = mix(p[0], colour.r);
        p[1] = mix(p[1], colour.g);
        p[2] = mix(p[2], colour.b);
    };
    for (int my = 0; my < h; ++my)
        for (int mx = 0; mx < w; ++mx) {
            const auto a = mask[static_cast<std::size_t>(my) * static_cast<std::size_t>(w) +
                                static_cast<std::size_t>(mx)];
            if (vertical)
                blend(x + my, y + shift - mx, a);
            else
                blend(x - shift + mx, y + my, a);
        }
}

} // namespace latentrack::models::image
