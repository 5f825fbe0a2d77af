#pragma once
// The Help menu's texts: About (version, the shipped models with the commands that trained them,
// the Debian packages their data came from with those packages' licences, as read from
// /usr/share/doc/<package>/copyright) and Shortcuts (every menu action and window shortcut that
// has a key). Thread: GUI.

#include <QString>

class QMenuBar;
class QWidget;

namespace latentrack::ui {

/// Rich text for Help → About.
QString aboutText();
/// Rich text for Help → Shortcuts: the menus' actions with keys and the window's QShortcuts
/// (described by their whatsThis).
QString shortcutsText(const QMenuBar* menus, const QWidget* window);
/// Adds the Help menu (About, Shortcuts) as the menu bar's last menu.
void addHelpMenu(QMenuBar* menus, QWidget* window);

} // namespace latentrack::ui
