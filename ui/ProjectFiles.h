#pragma once
// Where projects live on disk: the demo project shipped in assets/, the autosave file, the
// last opened project. Thread: GUI.

#include <QString>
#include <QStringList>

namespace latentrack::ui {

/// The assets folder: <prefix>/share/latentrack/assets beside an installed executable, else
/// the source tree's assets/ (a build-tree app); empty if neither exists.
QString assetsPath();
/// <assets>/demo/demo.json; empty if missing.
QString demoProjectPath();
/// A shipped model folder: `nameOrPath` itself when it is a folder, else
/// <assets>/models/<name>; empty if missing.
QString modelFolderPath(const QString& nameOrPath);
/// <assets>/models; empty if missing.
QString shippedModelsPath();
/// The shipped model folders of one kind (model.json "kind": "rave", "preset" …), sorted.
QStringList shippedModelFolders(const QString& kind);
/// <AppData>/autosave.json (created folders as needed).
QString autosavePath();
/// The project the app opens at start: `explicitPath` when given, else a recovered autosave
/// (`recovered` set), else the last project — the demo when that file does not exist; empty
/// when there is no demo either.
QString startupProjectPath(const QString& explicitPath, bool& recovered);
/// Last project path remembered in QSettings ("" on first launch).
QString lastProjectPath();
void setLastProjectPath(const QString& path);

} // namespace latentrack::ui
