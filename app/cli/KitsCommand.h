#pragma once
#include <CLI/CLI.hpp>

namespace latentrack::app {
/// `kits [--classes]`: installed Hydrogen kits, optionally with each instrument's class.
void addKitsCommand(CLI::App& app);
} // namespace latentrack::app
