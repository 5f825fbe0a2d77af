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

QString demoProjectPath() {
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {
        QStringLiteral(LATENTRACK_SOURCE_ASSETS "/demo/demo.json"),
        appDir + QStringLiteral("/../share/latentrack/assets/demo/demo.json"),
    };
    for (const QString& c : candidates)
        if (QFileInfo::exists(c))
            return QFileInfo(c).canonicalFilePath();
    return {};
}

QString modelFolderPath(const QString& nameOrPath) {
    if (nameOrPath.isEmpty())
        return {};
    if (QFileInfo(nameOrPath).isDir())
        return QFileInfo(nameOrPath).canonicalFilePath();
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {
        QStringLiteral(LATENTRACK_SOURCE_ASSETS "/models/") + nameOrPath,
        appDir + QStringLiteral("/../share/latentrack/assets/models/") + nameOrPath,
    };
    for (const QString& c : candidates)
        if (QFileInfo(c).isDir())
            return QFileInfo(c).canonicalFilePath();
    return {};
}

QString shippedModelsPath() {
    const QString appDir = QCoreApplication::applicationDirPath();
    for (const QString& c : {QStringLiteral(LATENTRACK_SOURCE_ASSETS "/models"),
                             appDir + QStringLiteral("/../share/latentrack/assets/models")})
        if (QFileInfo(c).isDir())
            return QFileInfo(c).canonicalFilePath();
    return {};
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
