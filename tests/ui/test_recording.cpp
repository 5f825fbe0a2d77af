// Recording from the audio input for resynthesis, end to end through JACK's dummy backend: a
// JACK client plays a tone into the app's input, "Record from input" captures it, and on stop
// the explorer encodes it and draws its path. Without an input the app says why.

#include <QApplication>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

#include <gtest/gtest.h>

#include "UiTestOptions.h"
#include "UiUnits.h"
#include "tests/core/JackServer.h"
#include "tests/core/JackTone.h"
#include "ui/MainWindow.h"
#include "ui/explorer/LatentExplorer.h"

using namespace latentrack;

namespace {
ui::MainWindowOptions options(bool audio) {
    return test::demoWindowOptions(QString::fromUtf8(test::kDrums8Model), audio);
}

QPushButton* recordButton(ui::LatentExplorer* explorer) {
    for (auto* b : explorer->findChildren<QPushButton*>())
        if (b->isCheckable())
            return b;
    return nullptr;
}
} // namespace

TEST(Recording, TheInputIsRecordedAndResynthesisedInTheExplorer) {
    test::JackServer server(48000, 256);
    ASSERT_TRUE(server.running()) << server.log();
    ui::MainWindow w(options(true));
    ASSERT_NE(test::neural(w).model(), nullptr);
    test::ToneClient tone(220.0, 0.3f);
    ASSERT_TRUE(tone.ok());
    ASSERT_EQ(tone.connect("LatentRack:inport 0"), 0);

    auto* record = recordButton(test::explorerUnit(w).explorer());
    ASSERT_NE(record, nullptr);
    record->click();
    ASSERT_TRUE(test::explorerUnit(w).recording()) << w.statusBar()->currentMessage().toStdString();
    QTest::qWait(700); // the poll timer moves the input out of the capture ring
    record->click();
    EXPECT_FALSE(test::explorerUnit(w).recording());
    // ~0.7 s at 16 kHz, hop 256: about 40 grains, one path point each.
    EXPECT_GE(test::explorerUnit(w).explorer()->path().size(), 25u)
        << w.statusBar()->currentMessage().toStdString();
    EXPECT_LE(test::explorerUnit(w).explorer()->path().size(), 60u);
}

TEST(Recording, WithoutAnInputTheAppSaysWhy) {
    ui::MainWindow w(options(false));
    EXPECT_FALSE(test::explorerUnit(w).startRecording());
    EXPECT_FALSE(test::explorerUnit(w).recording());
    EXPECT_TRUE(w.statusBar()->currentMessage().contains(QStringLiteral("Cannot record")))
        << w.statusBar()->currentMessage().toStdString();
}
