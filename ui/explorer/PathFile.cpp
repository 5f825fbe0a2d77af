#include "ui/explorer/PathFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace latentrack::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("PathFile", text);
}
} // namespace

bool savePathFile(const QString& file, const ExplorerPath& path, QString* error) {
    QJsonArray points;
    for (const auto& p : path.points)
        points.append(QJsonArray{p.x(), p.y()});
    const QJsonObject o{{QStringLiteral("class"), path.className},
                        {QStringLiteral("componentX"), path.componentX},
                        {QStringLiteral("componentY"), path.componentY},
                        {QStringLiteral("points"), points}};
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson()) < 0) {
        *error = tr("Cannot write %1: %2").arg(file, f.errorString());
        return false;
    }
    return true;
}

std::optional<ExplorerPath> loadPathFile(const QString& file, QString* error) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(file, f.errorString());
        return std::nullopt;
    }
    QJsonParseError parse;
    const auto doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (!doc.isObject() || !doc.object().value(QStringLiteral("points")).isArray()) {
        *error = tr("%1 is not a LatentRack path file (%2)").arg(file, parse.errorString());
        return std::nullopt;
    }
    const auto o = doc.object();
    ExplorerPath path;
    for (const auto& v : o.value(QStringLiteral("points")).toArray()) {
        const auto a = v.toArray();
        if (a.size() != 2) {
            *error = tr("%1: each point must be [x, y]").arg(file);
            return std::nullopt;
        }
        path.points.emplace_back(a[0].toDouble(), a[1].toDouble());
    }
    path.className = o.value(QStringLiteral("class")).toString();
    path.componentX = o.value(QStringLiteral("componentX")).toInt();
    path.componentY = o.value(QStringLiteral("componentY")).toInt();
    return path;
}

} // namespace latentrack::ui
