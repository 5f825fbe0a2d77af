// The neural drum machine in the main window, with the shipped drums8 model: the N button
// generates a hit that replaces the track's sound in the engine, the recipe is stored with the
// project and regenerates identically on load; a screenshot is written as an artefact.

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <cmath>

#include <gtest/gtest.h>

#include "UiTestOptions.h"
#include "UiUnits.h"
#include "core/io/AudioFile.h"
#include "core/kit/KitTracks.h"
#include "core/project/Project.h"
#include "models/granular/GrainStreamer.h"
#include "models/granular/GranularModel.h"
#include "ui/MainWindow.h"
#include "ui/TrackStrip.h"
#include "ui/TransportBar.h"
#include "ui/explorer/LatentExplorer.h"

#include <qcustomplot.h>

using namespace latentrack;

namespace {

ui::MainWindowOptions neuralOptions() {
    return test::demoWindowOptions(QString::fromUtf8(test::kDrums8Model));
}

bool waitForSounds(ui::MainWindow& w) {
    const bool done = QTest::qWaitFor([&] { return test::neural(w).pending() == 0; }, 20000);
    test::neural(w).collect();
    return done;
}

} // namespace

TEST(NeuralDrums, NoteButtonGeneratesAHitThatPlaysAndIsStoredWithTheProject) {
    ui::MainWindow w(neuralOptions());
    ASSERT_NE(test::neural(w).model(), nullptr);
    EXPECT_EQ(test::neural(w).model()->classes().size(), 8u);
    w.show();
    ASSERT_TRUE(test::drums(w).strip(0)->sampleNoteWidget()->isEnabled());
    QTest::mouseClick(test::drums(w).strip(0)->sampleNoteWidget(), Qt::LeftButton);
    ASSERT_TRUE(waitForSounds(w));
    const auto& recipe = w.project().tracks[0].neural;
    ASSERT_TRUE(recipe.has_value());
    EXPECT_EQ(recipe->className, "kick");
    EXPECT_EQ(recipe->mode, core::gen::GenerationMode::Note);

    w.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/neural-drums.png"));
    EXPECT_TRUE(test::neural(w).requestSound(1, core::gen::GenerationMode::Path, 7));
    ASSERT_TRUE(waitForSounds(w));
    EXPECT_EQ(w.project().tracks[1].neural->seed, 7u);
    EXPECT_EQ(w.project().tracks[1].neural->className, "snare");

    // Saved and reopened, the recipes come back and regenerate.
    const QString path = QDir::temp().filePath(QStringLiteral("latentrack-neural-project.json"));
    ASSERT_TRUE(w.saveProject(path));
    ui::MainWindow again([&] {
        auto o = neuralOptions();
        o.projectPath = path;
        return o;
    }());
    ASSERT_TRUE(waitForSounds(again));
    ASSERT_TRUE(again.project().tracks[0].neural.has_value());
    EXPECT_EQ(again.project().tracks[0].neural->seed, recipe->seed);
    EXPECT_EQ(again.project().tracks[1].neural->mode, core::gen::GenerationMode::Path);
}

TEST(NeuralDrums, GeneratedSoundReplacesTheKitSoundInTheEngine) {
    ui::MainWindow w(neuralOptions());
    ASSERT_NE(test::neural(w).model(), nullptr);
    EXPECT_TRUE(test::neural(w).requestSound(0, core::gen::GenerationMode::Note, 3));
    ASSERT_TRUE(waitForSounds(w));
    // What the engine should now play on track 0: the same recipe, resampled to its rate.
    core::voice::Sample expected;
    expected.channel[0] =
        test::neural(w).model()->sampleNote(0, 3); // correlation ignores the level
    expected.sampleRate = test::neural(w).model()->sampleRate();
    const auto want = core::io::resample(expected, w.engine().sampleRate()).channel[0];

    // One block first, so that the engine takes the new sample from the worker's queue (a hit
    // triggered in the same block would still play the old one: hits keep their sample).
    std::vector<float> l(256), r(256);
    w.engine().process(l.data(), r.data(), 256);
    emit test::drums(w).strip(0)->auditioned(0);
    std::vector<float> got;
    while (got.size() < 24000) {
        w.engine().process(l.data(), r.data(), 256);
        got.insert(got.end(), l.begin(), l.end());
    }
    // Normalised correlation of the rendered track with the generated audio.
    double xy = 0, xx = 0, yy = 0;
    for (std::size_t i = 0; i < 24000 && i < want.size(); ++i) {
        xy += got[i] * want[i];
        xx += got[i] * got[i];
        yy += want[i] * want[i];
    }
    ASSERT_GT(xx, 0.0);
    EXPECT_GT(xy / std::sqrt(xx * yy), 0.95);
}

TEST(NeuralDrums, ExplorerDrawsAPathThatPlaysThroughTheEngine) {
    ui::MainWindow w(neuralOptions());
    ASSERT_NE(test::neural(w).model(), nullptr);
    ASSERT_NE(test::explorerUnit(w).streamer(), nullptr);
    auto* explorer = test::explorerUnit(w).explorer();
    w.resize(1100, 750);
    w.show();
    auto* tabs = w.findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    tabs->setCurrentWidget(explorer);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
    auto* plot = explorer->plot();
    plot->replot(); // lays the axes out at their shown size, as the first paint on a screen does
    ASSERT_GT(plot->axisRect()->width(), 200);
    ASSERT_GT(plot->graphCount(), 0); // the grain map, one scatter per class
    const QPoint a(plot->width() / 4, plot->height() / 2);
    QTest::mousePress(plot, Qt::LeftButton, {}, a);
    for (int i = 1; i <= 10; ++i) {
        QMouseEvent move(QEvent::MouseMove, a + QPoint(i * 20, (i % 3) * 10),
                         plot->mapToGlobal(a + QPoint(i * 20, (i % 3) * 10)), Qt::NoButton,
                         Qt::LeftButton, {});
        QApplication::sendEvent(plot, &move);
    }
    QTest::mouseRelease(plot, Qt::LeftButton, {}, a + QPoint(220, 0));
    // The zig-zag stroke keeps the points that shape it.
    EXPECT_GE(explorer->path().size(), 5u);
    EXPECT_LE(explorer->path().size(), 12u);
    EXPECT_EQ(test::explorerUnit(w).streamer()->mode(),
              models::granular::GrainStreamer::Mode::Loop);
    // The worker decodes ahead into the engine's stream ring; the engine plays it.
    // (It keeps 12 ms = 576 samples queued at 48 kHz.)
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return w.engine()
                       .require<core::engine::StreamPlayer>("stream player")
                       .ring()
                       .available() >= 500;
        },
        5000));
    std::vector<float> l(256), r(256);
    float peak = 0.0f;
    for (int b = 0; b < 4; ++b) {
        w.engine().process(l.data(), r.data(), 256);
        for (float v : l)
            peak = std::max(peak, std::abs(v));
    }
    EXPECT_GT(peak, 0.0f);
    explorer->grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/latent-explorer.png"));

    // Point editing with Ctrl: drag a point, insert one on a segment, remove one.
    const auto pixel = [&](std::size_t i) {
        const auto& q = explorer->path()[i];
        return QPoint(static_cast<int>(std::lround(plot->xAxis->coordToPixel(q.x()))),
                      static_cast<int>(std::lround(plot->yAxis->coordToPixel(q.y()))));
    };
    const std::size_t n = explorer->path().size();
    const QPoint from = pixel(2);
    const QPointF before = explorer->path()[2];
    QTest::mousePress(plot, Qt::LeftButton, Qt::ControlModifier, from);
    QMouseEvent drag(QEvent::MouseMove, from + QPoint(0, 40),
                     plot->mapToGlobal(from + QPoint(0, 40)), Qt::NoButton, Qt::LeftButton,
                     Qt::ControlModifier);
    QApplication::sendEvent(plot, &drag);
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::ControlModifier, from + QPoint(0, 40));
    ASSERT_EQ(explorer->path().size(), n);
    const double onePixel = plot->xAxis->range().size() / plot->axisRect()->width();
    EXPECT_NEAR(explorer->path()[2].x(), before.x(), onePixel); // (rounded to the pixel)
    EXPECT_LT(explorer->path()[2].y(), before.y()); // 40 px down the screen is lower on the map
    const QPoint mid = (pixel(0) + pixel(1)) / 2;
    QTest::mouseClick(plot, Qt::LeftButton, Qt::ControlModifier, mid);
    ASSERT_EQ(explorer->path().size(), n + 1);
    QTest::mouseClick(plot, Qt::RightButton, Qt::ControlModifier, pixel(1));
    EXPECT_EQ(explorer->path().size(), n);

    // Assigned to a track, the path becomes a recipe stored with the project.
    QPushButton* assign = nullptr;
    for (auto* b : explorer->findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Assign to track"))
            assign = b;
    ASSERT_NE(assign, nullptr);
    QTest::mouseClick(assign, Qt::LeftButton);
    ASSERT_TRUE(waitForSounds(w));
    const auto drawn = w.project().tracks[0].neural;
    ASSERT_TRUE(drawn.has_value());
    EXPECT_EQ(drawn->mode, core::gen::GenerationMode::Drawn);
    EXPECT_EQ(drawn->latents.size(),
              static_cast<std::size_t>(test::neural(w).model()->config().numGrains));
    const QString projectFile =
        QDir::temp().filePath(QStringLiteral("latentrack-drawn-project.json"));
    ASSERT_TRUE(w.saveProject(projectFile));
    EXPECT_EQ(core::project::loadProject(projectFile.toStdString()).tracks[0].neural->latents,
              drawn->latents);

    // Save and load the path.
    const QString file = QDir::temp().filePath(QStringLiteral("latentrack-path.json"));
    QString error;
    ASSERT_TRUE(explorer->savePath(file, &error)) << error.toStdString();
    const auto saved = explorer->path();
    ASSERT_TRUE(explorer->loadPath(file, &error)) << error.toStdString();
    EXPECT_EQ(explorer->path().size(), saved.size());

    // Resynthesis of a real recording draws one point per grain at once; the worker's refined
    // latents then replace that path, one point per grain again.
    auto tom = core::io::readAudioFile(
        "/usr/share/hydrogen/data/drumkits/Audiophob/101450__menegass__tomh.wav");
    tom = core::io::resample(tom, test::neural(w).model()->sampleRate());
    explorer->setRefineSteps(20);
    QSignalSpy refined(explorer, &ui::LatentExplorer::resynthesisRefined);
    explorer->resynthesize(core::io::toMono(tom));
    const auto encoded = explorer->path();
    EXPECT_GT(encoded.size(), 4u);
    EXPECT_TRUE(explorer->refining());
    ASSERT_TRUE(refined.wait(60000));
    EXPECT_FALSE(explorer->refining());
    explorer->grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/latent-explorer-resynthesis.png"));
    ASSERT_EQ(explorer->path().size(), encoded.size());
    double moved = 0.0;
    for (std::size_t i = 0; i < encoded.size(); ++i)
        moved += QLineF(encoded[i], explorer->path()[i]).length();
    EXPECT_GT(moved, 0.0);

    // A new action cancels a refinement under way: nothing replaces the drawn path later.
    explorer->setRefineSteps(1000);
    explorer->resynthesize(core::io::toMono(tom));
    ASSERT_TRUE(explorer->refining());
    explorer->setPath(saved);
    EXPECT_FALSE(explorer->refining());
    QTest::qWait(100);
    EXPECT_EQ(refined.count(), 1);
    EXPECT_EQ(explorer->path(), saved);
}

TEST(NeuralDrums, UnkeptTracksAreResampledEveryNLoopsWhilePlaying) {
    auto project = core::project::loadProject(LATENTRACK_SOURCE_DIR "/assets/demo/demo.json");
    project.neural.autoEveryLoops = 1;
    project.tracks[1].keepNeural = true; // the snare stays as it is
    const QString path = QDir::temp().filePath(QStringLiteral("latentrack-auto-project.json"));
    core::project::saveProject(path.toStdString(), project);
    auto options = neuralOptions();
    options.projectPath = path;
    ui::MainWindow w(options);
    ASSERT_NE(test::neural(w).model(), nullptr);
    emit w.transport()->playToggled(true);
    // Render a little over one loop of the pattern, letting the GUI poll the engine meanwhile.
    const double loopSeconds = project.pattern.numSteps * 60.0 / project.bpm / 4.0;
    std::vector<float> l(256), r(256);
    const int blocks = static_cast<int>(loopSeconds * 1.2 * w.engine().sampleRate() / 256);
    for (int b = 0; b < blocks; ++b) {
        w.engine().process(l.data(), r.data(), 256);
        if (b % 50 == 0)
            QTest::qWait(40); // the 30 Hz poll sees the loop boundary
    }
    QTest::qWait(60);
    ASSERT_TRUE(waitForSounds(w));
    EXPECT_TRUE(w.project().tracks[0].neural.has_value());
    EXPECT_FALSE(w.project().tracks[1].neural.has_value());
    EXPECT_TRUE(w.project().tracks[3].neural.has_value());
}

TEST(NeuralDrums, TenTrackLayoutGeneratesEveryTrackWithDnb10) {
    auto project = core::project::loadProject(LATENTRACK_SOURCE_DIR "/assets/demo/demo.json");
    project.pattern.layout = core::seq::TrackLayout::DrumAndBass10;
    project.neural.model = "dnb10";
    const QString path = QDir::temp().filePath(QStringLiteral("latentrack-dnb10-project.json"));
    core::project::saveProject(path.toStdString(), project);
    auto options = neuralOptions();
    options.projectPath = path;
    options.modelPath = QStringLiteral(LATENTRACK_SOURCE_DIR "/assets/models/dnb10");
    ui::MainWindow w(options);
    ASSERT_NE(test::neural(w).model(), nullptr);
    ASSERT_EQ(test::neural(w).model()->classes().size(), 10u);
    ASSERT_EQ(w.project().pattern.numTracks(), 10);
    w.resize(1300, 800);
    w.show();
    for (int t = 0; t < 10; ++t) {
        ASSERT_TRUE(test::drums(w).strip(t)->sampleNoteWidget()->isEnabled()) << t;
        EXPECT_TRUE(test::neural(w).requestSound(t, core::gen::GenerationMode::Note, 10 + t));
    }
    ASSERT_TRUE(waitForSounds(w));
    for (int t = 0; t < 10; ++t) {
        ASSERT_TRUE(w.project().tracks[t].neural.has_value()) << t;
        EXPECT_EQ(w.project().tracks[t].neural->className,
                  core::kit::trackClassId(core::seq::TrackLayout::DrumAndBass10, t));
    }
    // The generated bass plays through the engine when the track is auditioned.
    std::vector<float> l(256), r(256);
    w.engine().process(l.data(), r.data(), 256); // takes the new samples
    emit test::drums(w).strip(0)->auditioned(0);
    float peak = 0.0f;
    for (int b = 0; b < 20; ++b) {
        w.engine().process(l.data(), r.data(), 256);
        for (float v : l)
            peak = std::max(peak, std::abs(v));
    }
    EXPECT_GT(peak, 0.01f);
    w.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/neural-dnb10.png"));
}
