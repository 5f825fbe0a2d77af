#include "ui/ProjectFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace latentrack::ui {

QString startupProjectPath(const QString& explicitPath, bool& recovered) {
    recovered = explicitPath.isEmpty() && QFileInfo::exists(autosavePath());
    const QString path =
        !explicitPath.isEmpty() ? explicitPath : (recovered ? autosavePath() : lastProjectPath());
    return !path.isEmpty() && QFileInfo::exists(path) ? path : demoProjectPath();
}

QString assetsPath() {
    // An installed app (<prefix>/bin/latentrack) reads <prefix>/share/latentrack/assets; the
    // build tree's reads the source tree's.
    const QString installed =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/latentrack/assets");
    for (const QString& c : {installed, QStringLiteral(LATENTRACK_SOURCE_ASSETS)})
        if (QFileInfo(c).isDir())
            return QFileInfo(c).canonicalFilePath();
    return {};
}

QString demoProjectPath() {
    const QString c = assetsPath() + QStringLiteral("/demo/demo.json");
    return QFileInfo::exists(c) ? QFileInfo(c).canonicalFilePath() : QString();
}

QString modelFolderPath(const QString& nameOrPath) {
    if (nameOrPath.isEmpty())
        return {};
    if (QFileInfo(nameOrPath).isDir())
        return QFileInfo(nameOrPath).canonicalFilePath();
    const QString c = assetsPath() + QStringLiteral("/models/") + nameOrPath;
    return QFileInfo(c).isDir() ? QFileInfo(c).canonicalFilePath() : QString();
}

QString shippedModelsPath() {
    const QString c = assetsPath() + QStringLiteral("/models");
    return QFileInfo(c).isDir() ? QFileInfo(c).canonicalFilePath() : QString();
}

QStringList shippedModelFolders(const QString& kind) {
    QStringList out;
    const QString root = shippedModelsPath();
    if (root.isEmpty())
        return out;
    const QByteArray tag = "\"kind\": \"" + kind.toUtf8() + "\"";
    for (const auto& entry :
         QDir(root).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QFile f(entry.absoluteFilePath() + QStringLiteral("/model.json"));
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(tag))
            out << entry.absoluteFilePath();
    }
    return out;
}

QString autosavePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/autosave.json");
}

QString lastProjectPath() {
    return QSettings().value(QStringLiteral("lastProject")).toString();
}

void setLastProjectPath(const QString& path) {
    QSettings().setValue(QStringLiteral("lastProject"), path);
}

} // namespace latentrack::ui
