// QuitSignals (ui/QuitSignals.h): a quit signal reaches the GUI thread's callback through the
// event loop, and a second one, sent while the orderly close is stuck, ends the process.

#include <QCoreApplication>
#include <QEventLoop>

#include <csignal>
#include <cstdlib>

#include <gtest/gtest.h>

#include "ui/QuitSignals.h"

using namespace latentrack;

TEST(QuitSignals, TheFirstSignalRunsTheCallbackFromTheEventLoop) {
    int received = 0;
    ui::QuitSignals quit([&received](int signal) { received = signal; });
    ASSERT_EQ(std::raise(SIGHUP), 0);
    EXPECT_EQ(received, 0); // the handler itself only wrote to the socket pair
    for (int i = 0; i < 100 && received == 0; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    EXPECT_EQ(received, SIGHUP);
}

TEST(QuitSignals, ASecondSignalEndsTheProcessWhenTheCloseIsStuck) {
    // The child re-runs this test in a fresh process (with the suite's QApplication).
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            ui::QuitSignals quit([](int) {});
            std::raise(SIGTERM); // handled: the close would start from the event loop …
            std::raise(SIGTERM); // … which never runs: the default action ends the process
            std::_Exit(0);
        },
        ::testing::KilledBySignal(SIGTERM), "");
    // One signal alone leaves the process running: only the orderly close acts on it.
    EXPECT_EXIT(
        {
            {
                ui::QuitSignals quit([](int) {});
                std::raise(SIGTERM);
            }
            std::_Exit(3);
        },
        ::testing::ExitedWithCode(3), "");
}
