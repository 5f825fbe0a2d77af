#include "models/image/SpectrogramFigure.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/dsp/MelSpectrogram.h"
#include "models/image/Font.h"

namespace latentrack::models::image {

namespace {

constexpr int kTitleSize = 15;
constexpr int kLabelSize = 12;
constexpr int kTickSize = 10;
constexpr int kPad = 6;
constexpr int kTickLength = 4;
constexpr int kBarWidth = 12;
constexpr Rgb kInk{20, 20, 20};
constexpr Rgb kGreyInk{90, 90, 90};

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

void fill(RgbImage& img, int x0, int y0, int w, int h, std::uint8_t grey) {
    for (int y = y0; y < y0 + h; ++y)
        for (int x = x0; x < x0 + w; ++x)
            img.set(x, y, grey, grey, grey);
}

void check(const SpectrogramGrid& g) {
    if (g.cells.empty() || g.cells.front().empty())
        throw std::invalid_argument("figure \"" + g.title + "\": no cells");
    for (const auto& row : g.cells) {
        if (row.size() != g.cells.front().size())
            throw std::invalid_argument("figure \"" + g.title + "\": rows of different lengths");
        for (const auto& c : row)
            if (c.frames < 0 || c.bins < 0 ||
                c.db.size() !=
                    static_cast<std::size_t>(c.frames) * static_cast<std::size_t>(c.bins))
                throw std::invalid_argument("figure \"" + g.title +
                                            "\": a cell's values are not frames × bins");
    }
    if (g.columnLabels.size() != g.cells.front().size())
        throw std::invalid_argument(
            "figure \"" + g.title + "\": " + std::to_string(g.columnLabels.size()) +
            " column labels for " + std::to_string(g.cells.front().size()) + " columns");
    if (!g.rowLabels.empty() && g.rowLabels.size() != g.cells.size())
        throw std::invalid_argument("figure \"" + g.title +
                                    "\": " + std::to_string(g.rowLabels.size()) +
                                    " row labels for " + std::to_string(g.cells.size()) + " rows");
    if (g.xScale < 1 || g.yScale < 1 || !(g.maxDb > g.minDb))
        throw std::invalid_argument("figure \"" + g.title + "\": bad scale or dB range");
}

} // namespace

RgbImage renderFigure(const SpectrogramGrid& g) {
    check(g);
    const Font& font = Font::sans();
    const Font& bold = Font::sansBold();
    const int rows = static_cast<int>(g.cells.size());
    const int cols = static_cast<int>(g.cells.front().size());
    int frames = 1, bins = 1;
    for (const auto& row : g.cells)
        for (const auto& c : row) {
            frames = std::max(frames, c.frames);
            bins = std::max(bins, c.bins);
        }
    const int cellW = frames * g.xScale;
    const int cellH = bins * g.yScale;
    const int labelH = font.lineHeight(kLabelSize);
    const int tickH = font.lineHeight(kTickSize);

    int rowLabelW = 0;
    for (const auto& s : g.rowLabels)
        rowLabelW = std::max(rowLabelW, font.width(s, kLabelSize));
    int freqTickW = 0;
    for (const auto& t : g.frequencyTicks)
        freqTickW = std::max(freqTickW, font.width(t.label, kTickSize));
    std::string barTop = number(g.maxDb), barBottom = number(g.minDb);
    const int barTextW = std::max(font.width(barTop, kTickSize), font.width(barBottom, kTickSize));

    const int titleH = g.title.empty() ? 0 : bold.lineHeight(kTitleSize) + kPad;
    const int gridX =
        kPad + labelH + kPad + (rowLabelW ? rowLabelW + kPad : 0) + freqTickW + kTickLength + 2;
    const int gridY = kPad + titleH + labelH + 2;
    const int gridW = cols * cellW + (cols - 1) * kPad;
    const int gridH = rows * cellH + (rows - 1) * kPad;
    const int barX = gridX + gridW + 2 * kPad;
    const int width = barX + kBarWidth + 4 + barTextW + kPad;
    const int height = gridY + gridH + kTickLength + tickH + labelH + 2 * kPad;
    RgbImage img(width, height, 255);

    if (!g.title.empty())
        bold.draw(img, width / 2, kPad, g.title, kTitleSize, kInk, Align::Centre);
    for (int c = 0; c < cols; ++c)
        font.draw(img, gridX + c * (cellW + kPad) + cellW / 2, gridY - labelH - 1,
                  g.columnLabels[static_cast<std::size_t>(c)], kLabelSize, kInk, Align::Centre);

    for (int r = 0; r < rows; ++r) {
        const int y0 = gridY + r * (cellH + kPad);
        if (!g.rowLabels.empty())
            font.draw(img, gridX - freqTickW - kTickLength - 2 - kPad, y0 + cellH / 2 - labelH / 2,
                      g.rowLabels[static_cast<std::size_t>(r)], kLabelSize, kInk, Align::End);
        for (int c = 0; c < cols; ++c) {
            const int x0 = gridX + c * (cellW + kPad);
            const auto& cell = g.cells[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            fill(img, x0 - 1, y0 - 1, cellW + 2, cellH + 2, 120); // frame
            if (cell.frames == 0) {
                fill(img, x0, y0, cellW, cellH, 235);
                font.draw(img, x0 + cellW / 2, y0 + cellH / 2 - tickH / 2, "none", kTickSize,
                          kGreyInk, Align::Centre);
                continue;
            }
            fill(img, x0, y0, cellW, cellH, 0);
            paintSpectrogram(img, x0, y0 + (bins - cell.bins) * g.yScale, cell.db, cell.frames,
                             cell.bins, g.minDb, g.maxDb, g.xScale, g.yScale);
        }
        // Frequency ticks left of the first column: bin b's centre row; a label that would
        // touch the one below it is left out (its tick stays).
        int lastLabelY = y0 + cellH + tickH;
        for (const auto& t : g.frequencyTicks) {
            if (t.position < -0.5 || t.position > bins - 0.5)
                continue;
            const int y = y0 + cellH - static_cast<int>(std::lround((t.position + 0.5) * g.yScale));
            fill(img, gridX - kTickLength - 1, y, kTickLength, 1, 40);
            if (lastLabelY - y < tickH - 1)
                continue;
            lastLabelY = y;
            // Kept within the row, so that the top and bottom labels of stacked rows never meet.
            const int labelY = std::clamp(y - tickH / 2, y0 - 1, y0 + cellH - tickH + 1);
            font.draw(img, gridX - kTickLength - 3, labelY, t.label, kTickSize, kInk, Align::End);
        }
    }
    // Time ticks under the bottom row of each column.
    const int axisY = gridY + gridH + 1;
    for (int c = 0; c < cols; ++c) {
        const int x0 = gridX + c * (cellW + kPad);
        for (const auto& t : g.timeTicks) {
            if (t.position < 0.0 || t.position > frames)
                continue;
            const int x = x0 + static_cast<int>(std::lround(t.position * g.xScale));
            fill(img, x, axisY, 1, kTickLength, 40);
            // Labels at a cell's edges stay inside it, clear of the next column's.
            const int half = font.width(t.label, kTickSize) / 2 + 1;
            const Align a = x - x0 < half           ? Align::Start
                            : x0 + cellW - x < half ? Align::End
                                                    : Align::Centre;
            font.draw(img, x, axisY + kTickLength, t.label, kTickSize, kInk, a);
        }
    }
    if (!g.timeTicks.empty() || !g.timeLabel.empty())
        font.draw(img, gridX + gridW / 2, axisY + kTickLength + tickH, g.timeLabel, kLabelSize,
                  kInk, Align::Centre);
    if (!g.frequencyTicks.empty() || !g.frequencyLabel.empty())
        font.draw(img, kPad, gridY + gridH / 2, g.frequencyLabel, kLabelSize, kInk, Align::Centre,
                  true);

    // Colour bar beside the first row: the dB range.
    const int barH = std::max(40, std::min(cellH, 240));
    std::vector<float> ramp(static_cast<std::size_t>(barH));
    for (int i = 0; i < barH; ++i)
        ramp[static_cast<std::size_t>(i)] =
            g.minDb + (g.maxDb - g.minDb) * static_cast<float>(i) / static_cast<float>(barH - 1);
    paintSpectrogram(img, barX, gridY, ramp, 1, barH, g.minDb, g.maxDb, kBarWidth, 1);
    font.draw(img, barX + kBarWidth + 3, gridY - 2, barTop, kTickSize, kInk);
    font.draw(img, barX + kBarWidth + 3, gridY + barH - tickH + 2, barBottom, kTickSize, kInk);
    font.draw(img, barX + kBarWidth / 2, gridY - labelH - 1, "dB", kLabelSize, kInk, Align::Centre);
    return img;
}

void writeFigure(const SpectrogramGrid& grid, const std::filesystem::path& path) {
    writePng(renderFigure(grid), path);
}

std::vector<Tick> timeTicks(int frames, double secondsPerFrame) {
    if (frames <= 0 || !(secondsPerFrame > 0.0))
        return {};
    const double total = frames * secondsPerFrame;
    constexpr std::array<double, 9> steps{0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0};
    double step = steps.back();
    for (double s : steps)
        if (total / s <= 8.0) {
            step = s;
            break;
        }
    std::vector<Tick> out;
    for (int k = 0; k * step <= total + 1e-9; ++k)
        out.push_back({k * step / secondsPerFrame, number(k * step)});
    return out;
}

std::string frequencyText(double hz) {
    if (hz < 1000.0)
        return number(std::round(hz)) + " Hz";
    return number(std::round(hz / 100.0) / 10.0) + " kHz";
}

std::vector<Tick> linearFrequencyTicks(int bins, double sampleRate, int fftSize) {
    std::vector<Tick> out;
    if (bins <= 0 || fftSize <= 0 || !(sampleRate > 0.0))
        return out;
    const double top = (bins - 1) * sampleRate / fftSize;
    const double step = top > 12000.0  ? 4000.0
                        : top > 6000.0 ? 2000.0
                        : top > 2500.0 ? 1000.0
                                       : 500.0;
    for (double hz = 0.0; hz <= top + 1e-6; hz += step)
        out.push_back({hz * fftSize / sampleRate, frequencyText(hz)});
    return out;
}

std::vector<Tick> melFrequencyTicks(const core::dsp::MelConfig& config) {
    std::vector<Tick> out;
    const double top = std::min(config.maxHz, 0.5 * config.sampleRate);
    for (double hz : {100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0, 20000.0}) {
        if (hz < config.minHz || hz > top)
            continue;
        out.push_back({core::dsp::melBandOfHz(config, hz), frequencyText(hz)});
    }
    return out;
}

} // namespace latentrack::models::image
