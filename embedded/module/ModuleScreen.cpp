#include "embedded/module/ModuleScreen.h"

#include <algorithm>
#include <cmath>

#include "models/image/Font.h"

namespace latentrack::embedded::module {

namespace {

constexpr int kText = 10; // pixels per em: five lines of text fit the panel

/// Draws `s` at (x, y) (top of its line) in white or black.
void text(hw::Frame& frame, int x, int y, const std::string& s, bool on = true,
          models::image::Align align = models::image::Align::Start) {
    const auto& font = models::image::Font::sans();
    const int h = font.lineHeight(kText);
    const int w = font.width(s, kText) + 2;
    models::image::RgbImage img(w, h, 0);
    const int anchor = align == models::image::Align::Start ? 0 : w - 1;
    font.draw(img, anchor, 0, s, kText, {255, 255, 255}, align);
    const int left = align == models::image::Align::Start ? x : x - w + 1;
    for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx)
            if (img.pixels[(static_cast<std::size_t>(yy) * w + xx) * 3] >= 110)
                frame.set(left + xx, y + yy, on);
}

void fill(hw::Frame& frame, int x0, int y0, int w, int h, bool on) {
    for (int y = y0; y < y0 + h; ++y)
        for (int x = x0; x < x0 + w; ++x)
            frame.set(x, y, on);
}

} // namespace

void drawText(hw::Frame& frame, int x, int y, const std::string& s, bool on) {
    text(frame, x, y, s, on);
}

void drawScreen(hw::Frame& frame, const ScreenState& s) {
    frame.clear();
    const int cpu = static_cast<int>(std::lround(100.0f * std::clamp(s.cpuLoad, 0.0f, 9.99f)));
    text(frame, 0, 0, s.model.empty() ? std::string("no model") : s.model);
    text(frame, 127, 0, std::to_string(cpu) + "%", true, models::image::Align::End);
    if (s.gate)
        fill(frame, 0, 12, 128, 1, true); // a line under the header while the gate is open
    if (!s.error.empty()) {
        text(frame, 0, 16, "error:");
        // Two lines of the message, cut at about 24 characters each.
        text(frame, 0, 28, s.error.substr(0, 24));
        if (s.error.size() > 24)
            text(frame, 0, 40, s.error.substr(24, 24));
        return;
    }
    if (s.menuOpen) {
        const int first =
            std::clamp(s.menuItem - 1, 0, std::max(0, static_cast<int>(s.menuLines.size()) - 4));
        for (int i = 0; i < 4 && first + i < static_cast<int>(s.menuLines.size()); ++i) {
            const int y = 15 + i * 12;
            const bool selected = first + i == s.menuItem;
            if (selected)
                fill(frame, 0, y, 128, 12, true);
            text(frame, 2, y,
                 (selected && s.editing ? "> " : "") +
                     s.menuLines[static_cast<std::size_t>(first + i)],
                 !selected);
        }
        return;
    }
    const int rows = std::min(s.numAttributes, 5);
    for (int a = 0; a < rows; ++a) {
        const int y = 15 + a * 10;
        text(frame, 0, y - 1, s.attributeNames[static_cast<std::size_t>(a)].substr(0, 5));
        // The bar from the centre of [40, 127] to the value; the measured value as a tick.
        const int x0 = 40, x1 = 127, mid = (x0 + x1) / 2;
        const auto xOf = [&](float v) {
            return mid + static_cast<int>(std::lround(std::clamp(v, -1.0f, 1.0f) * (x1 - mid)));
        };
        const int xv = xOf(s.attributes[static_cast<std::size_t>(a)]);
        fill(frame, std::min(mid, xv), y + 2, std::abs(xv - mid) + 1, 5, true);
        fill(frame, x0, y + 4, x1 - x0 + 1, 1, true);
        if (s.showMeasured)
            fill(frame, xOf(s.measured[static_cast<std::size_t>(a)]), y, 1, 9, true);
    }
}

} // namespace latentrack::embedded::module
