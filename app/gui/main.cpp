// latentrack: the desktop instrument. Wiring only (see ui/MainWindow).

#include <QApplication>
#include <QCommandLineParser>

#include "latentrack/Version.h"
#include "ui/MainWindow.h"
#include "ui/ProjectFiles.h"
#include "ui/QuitSignals.h"

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LatentRack"));
    QApplication::setApplicationName(QStringLiteral("LatentRack"));
    QApplication::setApplicationVersion(QStringLiteral(LATENTRACK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.latentrack.LatentRack"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Neural drum machine and instrument"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project file to open"));
    QCommandLineOption noAudio(QStringLiteral("no-audio"),
                               QStringLiteral("Start without audio output"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a screenshot of the window to FILE after 1 s and quit"),
        QStringLiteral("FILE"));
    QCommandLineOption oscPort(
        QStringLiteral("osc-port"),
        QStringLiteral("UDP port of the OSC server on 127.0.0.1, 0 for any free port "
                       "(default: the project's port)"),
        QStringLiteral("PORT"));
    QCommandLineOption assets(
        QStringLiteral("assets"),
        QStringLiteral("Print the folder the shipped models and the demo are read from, and exit"));
    parser.addOption(assets);
    parser.addOption(noAudio);
    parser.addOption(screenshot);
    parser.addOption(oscPort);
    parser.process(app);
    if (parser.isSet(assets)) {
        std::printf("%s\n", qPrintable(latentrack::ui::assetsPath()));
        return latentrack::ui::assetsPath().isEmpty() ? 1 : 0;
    }

    latentrack::ui::MainWindowOptions options;
    options.openAudio = !parser.isSet(noAudio);
    if (parser.isSet(oscPort)) {
        bool ok = false;
        const int port = parser.value(oscPort).toInt(&ok);
        if (!ok || port < 0 || port > 65535) {
            std::fprintf(stderr, "latentrack: --osc-port wants 0-65535, not '%s'\n",
                         qPrintable(parser.value(oscPort)));
            return 2;
        }
        options.oscPort = port;
    }
    if (!parser.positionalArguments().isEmpty())
        options.projectPath = parser.positionalArguments().first();
    latentrack::ui::MainWindow window(options);
    window.show();
    // SIGTERM, SIGINT, SIGHUP close the window like its close button: unsaved changes go to
    // the autosave file, the audio stream is closed, and the app exits with status 0.
    latentrack::ui::QuitSignals quitSignals([&window](int) { window.close(); });
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(1000, &window, [&window, file] {
            window.grab().save(file);
            QApplication::quit();
        });
    }
    return QApplication::exec();
}
