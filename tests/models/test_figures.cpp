// The labelled evaluation figures: FreeType text, the spectrogram grid's layout and its axes.

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/dsp/MelSpectrogram.h"
#include "models/image/Font.h"
#include "models/image/SpectrogramFigure.h"

using namespace latentrack::models::image;

namespace {

/// Bounding box of the pixels darker than `threshold` in [x0, x1) × [y0, y1).
struct Box {
    int left = 1 << 30, top = 1 << 30, right = -1, bottom = -1;
    bool empty() const { return right < 0; }
};

Box inkBox(const RgbImage& img, int x0, int y0, int x1, int y1, int threshold = 128) {
    Box b;
    for (int y = std::max(0, y0); y < std::min(img.height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(img.width, x1); ++x) {
            const auto* p = &img.pixels[(static_cast<std::size_t>(y) * img.width + x) * 3];
            if (p[0] < threshold && p[1] < threshold && p[2] < threshold) {
                b.left = std::min(b.left, x);
                b.right = std::max(b.right, x);
                b.top = std::min(b.top, y);
                b.bottom = std::max(b.bottom, y);
            }
        }
    return b;
}

SpectrogramCell chirp(int frames, int bins) {
    SpectrogramCell c{std::vector<float>(static_cast<std::size_t>(frames * bins), -100.0f), frames,
                      bins};
    for (int f = 0; f < frames; ++f)
        c.db[static_cast<std::size_t>(f * bins + f * (bins - 1) / std::max(1, frames - 1))] = 0.0f;
    return c;
}

} // namespace

TEST(Font, DrawnTextCoversWhatItsWidthSays) {
    const Font& font = Font::sans();
    EXPECT_FALSE(font.file().empty());
    const int w = font.width("original", 12);
    EXPECT_GT(w, 30);
    EXPECT_LT(w, 80);
    EXPECT_GT(font.width("original reconstruction", 12), w);
    EXPECT_GT(font.width("original", 24), w + w / 2);
    RgbImage img(200, 60, 255);
    font.draw(img, 100, 10, "original", 12, {0, 0, 0}, Align::Centre);
    const auto box = inkBox(img, 0, 0, 200, 60);
    ASSERT_FALSE(box.empty());
    EXPECT_NEAR((box.left + box.right) / 2.0, 100.0, 3.0);
    EXPECT_NEAR(box.right - box.left + 1, w, 3);
    EXPECT_GE(box.top, 10);
    EXPECT_LE(box.bottom, 10 + font.lineHeight(12));
}

TEST(Font, VerticalTextRunsUpwardsAndBadUtf8IsDrawnNotFatal) {
    const Font& font = Font::sans();
    RgbImage img(60, 200, 255);
    font.draw(img, 10, 100, "frequency", 12, {0, 0, 0}, Align::Centre, true);
    const auto box = inkBox(img, 0, 0, 60, 200);
    ASSERT_FALSE(box.empty());
    EXPECT_GT(box.bottom - box.top, 2 * (box.right - box.left));
    EXPECT_NEAR((box.top + box.bottom) / 2.0, 100.0, 3.0);
    RgbImage other(100, 30, 255);
    font.draw(other, 0, 0, std::string("a\xff\xc3") + "b", 12, {0, 0, 0});
    EXPECT_FALSE(inkBox(other, 0, 0, 100, 30).empty());
    const auto notAFont = std::filesystem::temp_directory_path() / "latentrack-not-a-font.ttf";
    { std::ofstream(notAFont) << "plain text"; }
    EXPECT_THROW(Font(notAFont.string()), std::runtime_error);
    EXPECT_THROW(Font("/nowhere/at/all.ttf"), std::runtime_error);
    std::filesystem::remove(notAFont);
}

TEST(SpectrogramFigure, TitleLabelsAndAxesAreDrawnAroundTheCells) {
    SpectrogramGrid g;
    g.title = "drums8: held-out examples";
    g.columnLabels = {"original", "refined"};
    g.rowLabels = {"kick", "snare"};
    g.cells = {{chirp(50, 64), chirp(50, 64)}, {chirp(50, 64), {}}};
    g.xScale = 2;
    g.timeTicks = timeTicks(50, 0.01);
    g.frequencyTicks = linearFrequencyTicks(64, 16000.0, 126);
    const auto img = renderFigure(g);
    // The cells: 2 × 100 px wide, 64 px high each, with the spectrogram's black background.
    EXPECT_GT(img.width, 2 * 100 + 60);
    EXPECT_GT(img.height, 2 * 64 + 40);
    const auto title = inkBox(img, 0, 0, img.width, 22);
    ASSERT_FALSE(title.empty());
    EXPECT_NEAR((title.left + title.right) / 2.0, img.width / 2.0, 4.0);
    // Row labels to the left, tick labels under the grid, the frequency label at the far left.
    const auto left = inkBox(img, 0, 40, 12, img.height - 30);
    EXPECT_FALSE(left.empty());
    const auto bottom = inkBox(img, 0, img.height - 30, img.width, img.height);
    EXPECT_FALSE(bottom.empty());
    const auto file = std::filesystem::temp_directory_path() / "latentrack-figure-test.png";
    writeFigure(g, file);
    EXPECT_GT(std::filesystem::file_size(file), 1000u);
    std::filesystem::remove(file);
}

TEST(SpectrogramFigure, MismatchedLabelsOrCellsAreRefused) {
    SpectrogramGrid g;
    g.columnLabels = {"one"};
    EXPECT_THROW(renderFigure(g), std::invalid_argument);
    g.cells = {{chirp(4, 4)}};
    g.rowLabels = {"a", "b"};
    EXPECT_THROW(renderFigure(g), std::invalid_argument);
    g.rowLabels.clear();
    g.cells[0][0].db.pop_back();
    EXPECT_THROW(renderFigure(g), std::invalid_argument);
    g.cells[0][0] = chirp(4, 4);
    g.columnLabels = {"one", "two"};
    EXPECT_THROW(renderFigure(g), std::invalid_argument);
}

TEST(SpectrogramFigure, AxisTicksSitAtTheirTimesAndFrequencies) {
    const auto t = timeTicks(100, 0.01); // 1 s
    ASSERT_EQ(t.size(), 6u);             // every 0.2 s
    EXPECT_NEAR(t[1].position, 20.0, 1e-9);
    EXPECT_EQ(t[5].label, "1");
    const auto lin = linearFrequencyTicks(513, 16000.0, 1024); // up to 8 kHz: every 2 kHz
    ASSERT_EQ(lin.size(), 5u);
    EXPECT_EQ(lin[1].label, "2 kHz");
    EXPECT_NEAR(lin[1].position, 128.0, 1e-9);
    latentrack::core::dsp::MelConfig mc;
    mc.sampleRate = 22050.0;
    mc.numMels = 64;
    mc.maxHz = 11025.0;
    const auto mel = melFrequencyTicks(mc);
    ASSERT_GE(mel.size(), 5u);
    for (std::size_t i = 1; i < mel.size(); ++i)
        EXPECT_GT(mel[i].position, mel[i - 1].position);
    for (const auto& tick : mel) {
        EXPECT_GE(tick.position, -0.5);
        EXPECT_LE(tick.position, 63.5);
    }
    EXPECT_NEAR(
        latentrack::core::dsp::melBandOfHz(mc, latentrack::core::dsp::melBandCentreHz(mc, 17.0)),
        17.0, 1e-9);
    EXPECT_EQ(frequencyText(440.0), "440 Hz");
    EXPECT_EQ(frequencyText(2500.0), "2.5 kHz");
}
