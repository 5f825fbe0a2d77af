#pragma once
// `latentrack-cli fader`: plays an attribute-fader model offline through the same block-by-block
// decoder as the app — from its prior or looping an input file (timbre transfer) — with
// attributes set in the descriptor's units and modulators, and writes a WAV.

#include <CLI/CLI.hpp>

namespace latentrack::app {

void addFaderCommand(CLI::App& app);

} // namespace latentrack::app
