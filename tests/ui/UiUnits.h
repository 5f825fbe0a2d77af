#pragma once
// The main window's instrument units, for GUI tests that reach into a tab.

#include "ui/MainWindow.h"
#include "ui/drums/DrumMachineUnit.h"
#include "ui/explorer/ExplorerUnit.h"
#include "ui/fm/FmUnit.h"

namespace latentrack::test {

inline ui::DrumMachineUnit& drums(const ui::MainWindow& w) {
    return *w.instrument<ui::DrumMachineUnit>();
}
inline ui::NeuralDrums& neural(const ui::MainWindow& w) {
    return drums(w).neural();
}
inline ui::FmUnit& fm(const ui::MainWindow& w) {
    return *w.instrument<ui::FmUnit>();
}
inline ui::ExplorerUnit& explorerUnit(const ui::MainWindow& w) {
    return *w.instrument<ui::ExplorerUnit>();
}

} // namespace latentrack::test
