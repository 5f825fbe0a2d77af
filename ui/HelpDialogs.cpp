#include "ui/HelpDialogs.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSet>
#include <QShortcut>
#include <QTextStream>

#include "latentrack/Version.h"
#include "ui/ProjectFiles.h"

namespace latentrack::ui {

namespace {

/// The Debian packages the shipped models' training data and evaluation sounds come from.
constexpr const char* kDataPackages[] = {"hydrogen-drumkits",  "avldrums.lv2-soundfont",
                                         "fluid-soundfont-gm", "timgm6mb-soundfont",
                                         "sonic-pi-samples",   "hexter",
                                         "espeak-ng-data"};

/// The distinct "License:" fields of a machine-readable copyright file, or a pointer to it.
QString packageLicence(const QString& package) {
    const QString path = QStringLiteral("/usr/share/doc/%1/copyright").arg(package);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return QObject::tr("not installed");
    QStringList licences;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QString line = in.readLine();
        if (line.startsWith(QLatin1String("License:"))) {
            const QString name = line.mid(8).trimmed();
            if (!name.isEmpty() && !licences.contains(name))
                licences << name;
        }
    }
    return licences.isEmpty() ? QObject::tr("see %1").arg(path)
                              : licences.join(QStringLiteral(", "));
}

QString escaped(const QString& s) {
    return s.toHtmlEscaped();
}

} // namespace

QString aboutText() {
    QString html = QObject::tr("<h3>LatentRack %1</h3>"
                               "<p>Neural audio synthesis you can play: a granular drum machine, "
                               "a latent explorer, attribute faders and DX7 preset inference on "
                               "one realtime engine. Licence: GPL-3.0-or-later.</p>")
                       .arg(QStringLiteral(LATENTRACK_VERSION));
    html += QObject::tr("<h4>Shipped models</h4><table cellspacing=4>");
    const QDir models(shippedModelsPath());
    for (const QString& name : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QFile card(models.filePath(name + QStringLiteral("/card.json")));
        QString kind, command;
        if (card.open(QIODevice::ReadOnly)) {
            const auto j = QJsonDocument::fromJson(card.readAll()).object();
            kind = j.value(QStringLiteral("kind")).toString();
            command = j.value(QStringLiteral("trainedWith")).toString();
        }
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2<br><tt>%3</tt></td></tr>")
                    .arg(escaped(name), escaped(kind), escaped(command));
    }
    html += QObject::tr("</table><h4>Data the models were trained and evaluated on</h4>"
                        "<table cellspacing=4>");
    for (const char* p : kDataPackages)
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(QLatin1String(p), escaped(packageLicence(QLatin1String(p))));
    html += QStringLiteral("</table>");
    return html;
}

QString shortcutsText(const QMenuBar* menus, const QWidget* window) {
    QString html = QObject::tr("<table cellspacing=4>");
    auto row = [&html](const QKeySequence& key, const QString& what) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(escaped(key.toString(QKeySequence::NativeText)), escaped(what));
    };
    for (QAction* top : menus->actions()) {
        const QMenu* menu = top->menu();
        if (menu == nullptr)
            continue;
        for (QAction* a : menu->actions())
            if (!a->shortcut().isEmpty())
                row(a->shortcut(), QString(a->text()).remove(QLatin1Char('&')));
    }
    for (const QShortcut* s : window->findChildren<QShortcut*>())
        if (!s->whatsThis().isEmpty())
            row(s->key(), s->whatsThis());
    html += QStringLiteral("</table>");
    return html;
}

void addHelpMenu(QMenuBar* menus, QWidget* window) {
    auto* help = menus->addMenu(QObject::tr("&Help"));
    help->addAction(QObject::tr("&Shortcuts"), QKeySequence::HelpContents, window, [menus, window] {
        QMessageBox::information(window, QObject::tr("Shortcuts"), shortcutsText(menus, window));
    });
    help->addAction(QObject::tr("&About LatentRack"), window, [window] {
        QMessageBox::about(window, QObject::tr("About LatentRack"), aboutText());
    });
}

} // namespace latentrack::ui
