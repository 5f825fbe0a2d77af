#pragma once
#include <CLI/CLI.hpp>

namespace latentrack::app {
/// `render PROJECT.json -o OUT.wav [--bars N] [--rate HZ] [--block FRAMES] [--tail S]`:
/// offline render through the engine's own process().
void addRenderCommand(CLI::App& app);
} // namespace latentrack::app
