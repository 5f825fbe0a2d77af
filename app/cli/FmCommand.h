#pragma once
// `latentrack-cli fm list|render|export`: DX7 banks and offline FM rendering.

#include <CLI/CLI.hpp>

namespace latentrack::app {
void addFmCommand(CLI::App& app);
}
