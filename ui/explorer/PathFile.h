#pragma once
// The explorer's path files: a drawn path in map coordinates with the class and the two map
// components it was drawn on, as JSON ({"class", "componentX", "componentY", "points":
// [[x, y], …]}). Thread: any.

#include <QPointF>
#include <QString>
#include <optional>
#include <vector>

namespace latentrack::ui {

struct ExplorerPath {
    QString className;
    int componentX = 0; ///< map component on the x axis (0-based)
    int componentY = 1;
    std::vector<QPointF> points;
};

/// Writes `path` to `file`; false with the reason in `error` when it cannot be written.
bool savePathFile(const QString& file, const ExplorerPath& path, QString* error);
/// Reads a path file; nothing, with the reason in `error`, when it cannot be read or is not a
/// path file (not JSON, no points array, a point that is not [x, y]).
std::optional<ExplorerPath> loadPathFile(const QString& file, QString* error);

} // namespace latentrack::ui
