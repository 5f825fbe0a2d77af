// The FM tab and MIDI learn in the GUI (offscreen): a voice chosen in the browser plays from the
// on-screen keyboard through the engine, a table edit reaches the engine, the algorithm and
// envelope views draw, MIDI learn maps a controller that then moves a track fader, and the
// mapping dialog lists and removes mappings. Screenshots of the FM tab are test artefacts.

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <cmath>
#include <gtest/gtest.h>

#include "../core/EngineTestUtil.h"
#include "UiTestOptions.h"
#include "UiUnits.h"
#include "core/engine/Engine.h"
#include "core/fm/SysEx.h"
#include "ui/MainWindow.h"
#include "ui/fm/AlgorithmView.h"
#include "ui/fm/EnvelopePlot.h"
#include "ui/fm/FmPanel.h"
#include "ui/fm/KeyboardWidget.h"
#include "ui/midi/MidiHub.h"
#include "ui/midi/MidiMappingDialog.h"

using namespace latentrack;

namespace {

ui::MainWindowOptions options() {
    return test::demoWindowOptions();
}

} // namespace

TEST(FmPanel, ChosenVoicePlaysFromTheOnScreenKeyboard) {
    ui::MainWindow w(options());
    w.resize(1280, 860);
    w.show();
    auto* tabs = w.centralWidget()->findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    tabs->setCurrentIndex(1);
    auto* panel = test::fm(w).panel();
    ASSERT_GE(panel->bank().size(), 128u) << "hexter's dx7_roms bank is found automatically";
    panel->chooseVoice(11); // E.PIANO 1
    EXPECT_EQ(w.project().fm.voice.name(), "E.PIANO 1");
    EXPECT_EQ(w.project().fm.voiceNumber, 11);
    test::renderPeak(w.engine(), 2); // applies the voice
    auto* keys = panel->keyboard();
    const QPoint middleC(keys->width() / 7 / 3 * 7 + 3, keys->height() - 10); // a white key
    const int note = keys->noteAt(middleC);
    ASSERT_GE(note, 0);
    QTest::mousePress(keys, Qt::LeftButton, {}, middleC);
    EXPECT_GT(test::renderPeak(w.engine(), 20), 0.02f);
    EXPECT_EQ(test::fm(w).source().activeVoices(), 1);
    QApplication::processEvents();
    const QString shot = QStringLiteral(LATENTRACK_ARTIFACTS "/fm-panel.png");
    ASSERT_TRUE(w.grab().save(shot));
    QTest::mouseRelease(keys, Qt::LeftButton, {}, middleC);
    test::renderPeak(w.engine(), 400);
    EXPECT_EQ(test::fm(w).source().activeVoices(), 0);

    // Editing OP1 output level in the table reaches the engine.
    auto* table = panel->operatorTable();
    QTableWidgetItem* cell = table->item(static_cast<int>(core::fm::OpParam::OutputLevel), 0);
    cell->setText(QStringLiteral("0"));
    EXPECT_EQ(w.project().fm.voice.op(1, core::fm::OpParam::OutputLevel), 0);
    cell->setText(QStringLiteral("150")); // out of range: refused, value restored
    EXPECT_EQ(cell->text(), QStringLiteral("0"));
    EXPECT_EQ(panel->envelopePlot()->curve(1).size(), panel->envelopePlot()->curve(2).size());
    EXPECT_EQ(panel->algorithmView()->algorithm(),
              w.project().fm.voice.get(core::fm::VoiceParam::Algorithm) + 1);
}

// A cartridge with out-of-range values loads, and the status bar says what was clamped.
TEST(FmPanel, DirtyCartridgeLoadsAndTheStatusBarSaysWhatWasClamped) {
    ui::MainWindow w(options());
    w.show();
    auto bank = core::fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7").voices;
    bank.resize(32);
    auto bytes = core::fm::cartridgeSysEx(bank);
    bytes[6] = 127; // voice 1, operator 6 R1
    bytes[4102] = core::fm::dxChecksum(std::span(bytes).subspan(6, 4096));
    const QString path = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                             .filePath(QStringLiteral("latentrack-dirty.syx"));
    {
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
    }
    ASSERT_TRUE(test::fm(w).panel()->loadBank(path));
    EXPECT_EQ(test::fm(w).panel()->bank().size(), 32u);
    EXPECT_EQ(test::fm(w).panel()->bank()[0].op(6, core::fm::OpParam::Rate1), 99);
    const QString message = w.statusBar()->currentMessage();
    EXPECT_TRUE(message.contains(QStringLiteral("operator 6 R1 127 → 99")))
        << message.toStdString();
    QFile::remove(path);
}

TEST(FmPanel, AlgorithmViewDrawsEveryAlgorithm) {
    ui::AlgorithmView view;
    view.resize(220, 220);
    for (int a = 1; a <= 32; ++a) {
        view.setAlgorithm(a);
        const QImage image = view.grab().toImage();
        int lit = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                lit += image.pixelColor(x, y).lightness() > 150 ? 1 : 0;
        EXPECT_GT(lit, 100) << "algorithm " << a << " draws its operators";
        if (a == 5)
            view.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/algorithm-5.png"));
    }
}

TEST(MidiLearn, LearnedControllerMovesTheTrackFader) {
    ui::MainWindow w(options());
    auto* midi = w.midi();
    midi->learn(QStringLiteral("track.2.gain"));
    const unsigned char learnMove[] = {0xB0, 7, 100};
    midi->input().handleMessage(learnMove, 3);
    const unsigned char other[] = {0x90, 10, 0};
    midi->input().handleMessage(other, 3); // no LSB followed: a 7-bit controller
    midi->poll();
    ASSERT_EQ(w.project().midi.mappings.size(), 1u);
    EXPECT_EQ(w.project().midi.mappings[0].parameter, "track.2.gain");
    EXPECT_EQ(w.project().midi.mappings[0].cc, 7);
    EXPECT_EQ(w.project().midi.mappings[0].channel, 1);
    const unsigned char move[] = {0xB0, 7, 0};
    midi->input().handleMessage(move, 3);
    midi->poll();
    EXPECT_FLOAT_EQ(test::drums(w).source().tracks[1].gainDb.load(), -60.0f);
    EXPECT_FLOAT_EQ(w.project().tracks[1].gainDb, -60.0f);
    midi->forget(QStringLiteral("track.2.gain"));
    EXPECT_TRUE(w.project().midi.mappings.empty());
}

TEST(MidiLearn, MappingDialogListsEditsAndRemoves) {
    ui::MainWindow w(options());
    std::vector<core::control::MidiMapping> mappings{
        {"transport.bpm", 0, 20, false, 0.0f, 1.0f, false},
        {"fm.param.134", 2, 5, true, 0.2f, 0.8f, true}};
    ui::MidiMappingDialog dialog(w.midi()->registry(), mappings);
    EXPECT_EQ(dialog.mappings(), mappings);
    dialog.table()->selectRow(0);
    // "Remove selected" is the first push button.
    for (auto* button : dialog.findChildren<QPushButton*>())
        if (button->text().contains(QStringLiteral("Remove")))
            button->click();
    ASSERT_EQ(dialog.mappings().size(), 1u);
    EXPECT_EQ(dialog.mappings()[0].parameter, "fm.param.134");
}
