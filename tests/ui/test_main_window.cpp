// GUI under QT_QPA_PLATFORM=offscreen: the demo opens, clicking a grid cell toggles the step in
// the project and in the engine, bad files change nothing, OSC edits show up in the grid; a
// screenshot of the main window is written as a test artefact.

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMenuBar>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

#include <arpa/inet.h>
#include <chrono>
#include <gtest/gtest.h>
#include <lo/lo.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "UiUnits.h"
#include "core/engine/Engine.h"
#include "core/project/Project.h"
#include "latentrack/Version.h"
#include "ui/HelpDialogs.h"
#include "ui/MainWindow.h"
#include "ui/PlaySettingsDialog.h"
#include "ui/StepGrid.h"
#include "ui/TransportBar.h"

using namespace latentrack;

namespace {

struct App : ::testing::Environment {
    void SetUp() override {
        static int argc = 1;
        static char name[] = "ui_tests";
        static char* argv[] = {name, nullptr};
        QStandardPaths::setTestModeEnabled(true);
        app = new QApplication(argc, argv);
        QApplication::setOrganizationName(QStringLiteral("LatentRackTests"));
    }
    QApplication* app = nullptr;
};
const auto* const g_env = ::testing::AddGlobalTestEnvironment(new App);

ui::MainWindowOptions testOptions() {
    ui::MainWindowOptions o;
    o.openAudio = false;
    o.startOsc = true;
    o.oscPort = 0;
    o.projectPath = QStringLiteral(LATENTRACK_SOURCE_DIR "/assets/demo/demo.json");
    return o;
}

// Renders one block through the engine (no audio device in tests) and returns the left channel.
std::vector<float> renderBlock(core::engine::Engine& engine, int frames) {
    std::vector<float> l(frames), r(frames);
    engine.process(l.data(), r.data(), frames);
    return l;
}

} // namespace

TEST(MainWindow, OpensDemoAndWritesScreenshot) {
    ui::MainWindow w(testOptions());
    w.show();
    QTest::qWait(100);
    EXPECT_EQ(w.project().kit, "The Black Pearl 1.0");
    EXPECT_TRUE(w.project().pattern.isOn(0, 0));
    EXPECT_TRUE(w.lastError().isEmpty()) << w.lastError().toStdString();
    const QString shot = QStringLiteral(LATENTRACK_ARTIFACTS "/main-window.png");
    QFile::remove(shot);
    ASSERT_TRUE(w.grab().save(shot));
    EXPECT_GT(QFile(shot).size(), 10000);
}

TEST(MainWindow, ClickingGridCellTogglesStep) {
    ui::MainWindow w(testOptions());
    w.show();
    QTest::qWait(50);
    const int track = 5, step = 9; // Tom, empty in the demo
    ASSERT_FALSE(w.project().pattern.isOn(track, step));
    QTest::mouseClick(test::drums(w).grid(), Qt::LeftButton, {},
                      test::drums(w).grid()->cellCentre(track, step));
    EXPECT_TRUE(w.project().pattern.isOn(track, step));
    EXPECT_TRUE(test::drums(w).grid()->pattern().isOn(track, step));
    EXPECT_TRUE(w.windowTitle().contains(QLatin1Char('*')));

    // The engine got it too: solo the tom, play, and the step sounds at its sample position.
    auto& engine = w.engine();
    test::drums(w).source().tracks[track].solo = true;
    std::vector<float> audio;
    QTest::keyClick(&w, Qt::Key_Space); // play
    for (int b = 0; b < 200; ++b) {
        const auto block = renderBlock(engine, 512);
        audio.insert(audio.end(), block.begin(), block.end());
    }
    const double stepLen = 48000.0 * 60.0 / (w.project().bpm * 4.0);
    const auto onset =
        static_cast<std::size_t>(std::lround(9 * stepLen + (2 * w.project().swing - 1) * stepLen));
    float before = 0.0f, after = 0.0f;
    for (std::size_t i = onset - 2000; i < onset; ++i)
        before = std::max(before, std::abs(audio[i]));
    for (std::size_t i = onset; i < onset + 2000; ++i)
        after = std::max(after, std::abs(audio[i]));
    EXPECT_LT(before, 1e-6f);
    EXPECT_GT(after, 0.05f);

    QTest::mouseClick(test::drums(w).grid(), Qt::LeftButton, {},
                      test::drums(w).grid()->cellCentre(track, step));
    EXPECT_FALSE(w.project().pattern.isOn(track, step));
}

TEST(MainWindow, BadProjectFileKeepsCurrentProject) {
    ui::MainWindow w(testOptions());
    const QString bad = QStringLiteral(LATENTRACK_ARTIFACTS "/future.json");
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"version": 42, "name": "from the future"})");
    f.close();
    EXPECT_FALSE(w.openProject(bad));
    EXPECT_TRUE(w.lastError().contains(QStringLiteral("newer LatentRack")));
    EXPECT_EQ(w.project().kit, "The Black Pearl 1.0"); // nothing lost
    EXPECT_TRUE(w.project().pattern.isOn(0, 0));
}

TEST(MainWindow, SaveIsAtomicAndReloads) {
    ui::MainWindow w(testOptions());
    QTest::mouseClick(test::drums(w).grid(), Qt::LeftButton, {},
                      test::drums(w).grid()->cellCentre(7, 3));
    const QString path = QStringLiteral(LATENTRACK_ARTIFACTS "/saved-project.json");
    ASSERT_TRUE(w.saveProject(path));
    ui::MainWindow again(testOptions());
    ASSERT_TRUE(again.openProject(path));
    EXPECT_TRUE(again.project().pattern.isOn(7, 3));
}

TEST(MainWindow, OscStepShowsUpInGrid) {
    ui::MainWindow w(testOptions());
    ASSERT_GT(w.oscPort(), 0);
    lo_address addr = lo_address_new("127.0.0.1", std::to_string(w.oscPort()).c_str());
    ASSERT_GT(lo_send(addr, "/step", "iif", 6, 5, 0.5f), 0);
    lo_address_free(addr);
    for (int i = 0; i < 100 && !test::drums(w).grid()->pattern().isOn(6, 5); ++i)
        QTest::qWait(10);
    EXPECT_TRUE(test::drums(w).grid()->pattern().isOn(6, 5));
    EXPECT_NEAR(w.project().pattern.velocity[6][5], 0.5f, 1e-6);
}

// The transport button follows an OSC /play without playing it a second time: the display of a
// start must not send Play again (which restarted the pattern one block later, a flam on every
// hit of step 0).
TEST(MainWindow, OscPlayStartsThePatternOnce) {
    ui::MainWindow w(testOptions());
    ASSERT_GT(w.oscPort(), 0);
    auto& engine = w.engine();
    int step0 = 0;
    for (int t = 0; t < w.project().pattern.numTracks(); ++t)
        step0 += w.project().pattern.isOn(t, 0);
    ASSERT_GE(step0, 2);
    lo_address addr = lo_address_new("127.0.0.1", std::to_string(w.oscPort()).c_str());
    ASSERT_GT(lo_send(addr, "/play", ""), 0);
    lo_address_free(addr);
    // The engine starts first (as on the audio thread), before the GUI has seen the message.
    for (int i = 0; i < 1000 && !engine.snapshot().playing; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        renderBlock(engine, 256);
    }
    ASSERT_TRUE(engine.snapshot().playing);
    // The GUI shows it (queued from the OSC thread, then the 33 ms poll), and blocks go on.
    for (int i = 0; i < 10; ++i) {
        QTest::qWait(20);
        renderBlock(engine, 256);
    }
    EXPECT_TRUE(qobject_cast<QToolButton*>(w.transport()->playWidget())->isChecked());
    EXPECT_EQ(test::drums(w).source().snapshot().activeVoices, step0)
        << "step 0 was triggered again";
}

TEST(MainWindow, TrackAndMidiSettingsAreEditedInTheDialogAndSaved) {
    ui::MainWindow w(testOptions());
    ui::PlaySettingsDialog dialog(w.project(), &w);
    ASSERT_EQ(dialog.table()->rowCount(), w.project().pattern.numTracks());
    auto spin = [&](int row, int column) {
        return qobject_cast<QSpinBox*>(dialog.table()->cellWidget(row, column));
    };
    spin(3, ui::PlaySettingsDialog::Choke)->setValue(2);
    spin(4, ui::PlaySettingsDialog::Choke)->setValue(2);
    spin(0, ui::PlaySettingsDialog::Polyphony)->setValue(1);
    spin(1, ui::PlaySettingsDialog::Note)->setValue(40);
    spin(7, ui::PlaySettingsDialog::Note)->setValue(-1); // "none"
    EXPECT_EQ(spin(7, ui::PlaySettingsDialog::Note)->text(), QStringLiteral("none"));
    dialog.fmChannelBox()->setValue(2);
    dialog.drumChannelBox()->setValue(11);
    dialog.fmPolyphonyBox()->setValue(32);
    dialog.fmGainBox()->setValue(-6.0);
    dialog.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/play-settings.png"));
    w.applyPlaySettings(dialog.apply(w.project()));

    const auto& p = w.project();
    EXPECT_EQ(p.tracks[3].chokeGroup, 2);
    EXPECT_EQ(p.tracks[4].chokeGroup, 2);
    EXPECT_EQ(p.tracks[0].polyphony, 1);
    EXPECT_EQ(p.midi.drumNotes[1], 40);
    EXPECT_EQ(p.midi.drumNotes[7], -1);
    EXPECT_EQ(p.midi.fmChannel, 2);
    EXPECT_EQ(p.midi.drumChannel, 11);
    EXPECT_EQ(p.fm.polyphony, 32);
    EXPECT_FLOAT_EQ(p.fm.gainDb, -6.0f);
    EXPECT_FLOAT_EQ(test::fm(w).source().strip.gainDb.load(), -6.0f);

    const QString path = QDir::temp().filePath(QStringLiteral("latentrack-play-settings.json"));
    ASSERT_TRUE(w.saveProject(path));
    const auto again = core::project::loadProject(path.toStdString());
    EXPECT_EQ(again.tracks[4].chokeGroup, 2);
    EXPECT_EQ(again.midi.drumNotes[1], 40);
    EXPECT_EQ(again.fm.polyphony, 32);
}

TEST(MainWindow, MenusStartWithFileAndEndWithHelp) {
    ui::MainWindow w(testOptions());
    const auto menus = w.menuBar()->actions();
    ASSERT_GE(menus.size(), 4);
    EXPECT_EQ(menus.front()->text(), QStringLiteral("&File"));
    EXPECT_EQ(menus.back()->text(), QStringLiteral("&Help"));
    // About names the version, every shipped model with the command that trained it, and the
    // licences of the packages their data came from, read from those packages.
    const QString about = ui::aboutText();
    EXPECT_TRUE(about.contains(QStringLiteral(LATENTRACK_VERSION)));
    for (const char* model : {"drums8", "preset-small", "rave-percussion"})
        EXPECT_TRUE(about.contains(QLatin1String(model))) << model;
    EXPECT_TRUE(about.contains(QStringLiteral("latentrack-cli train")));
    EXPECT_TRUE(about.contains(QStringLiteral("hydrogen-drumkits")));
    EXPECT_TRUE(about.contains(QStringLiteral("GPL-2+"))) << "hydrogen-drumkits' licence";
    // Shortcuts lists the menus' keys and the window's own.
    const QString keys = ui::shortcutsText(w.menuBar(), &w);
    EXPECT_TRUE(keys.contains(QStringLiteral("Play / stop")));
    EXPECT_TRUE(keys.contains(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    EXPECT_TRUE(keys.contains(QStringLiteral("Track 3: sample a note")));
}
