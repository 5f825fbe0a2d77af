// latentrack: the desktop instrument. Wiring only (see ui/MainWindow).

#include <QApplication>
#include <QCommandLineParser>

#include "ui/MainWindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LatentRack"));
    QApplication::setApplicationName(QStringLiteral("LatentRack"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
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
    parser.addOption(noAudio);
    parser.addOption(screenshot);
    parser.process(app);

    latentrack::ui::MainWindowOptions options;
    options.openAudio = !parser.isSet(noAudio);
    if (!parser.positionalArguments().isEmpty())
        options.projectPath = parser.positionalArguments().first();
    latentrack::ui::MainWindow window(options);
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(1000, &window, [&window, file] {
            window.grab().save(file);
            QApplication::quit();
        });
    }
    return QApplication::exec();
}
