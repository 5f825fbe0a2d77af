#pragma once
#include <CLI/CLI.hpp>

namespace latentrack::app {
/// `eval granular --model DIR [--data DIR] [--class-key K] [--figures DIR] [--threads N]
/// [--no-card]`: held-out metrics against both baselines, printed and written to card.json.
void addEvalCommand(CLI::App& app);
} // namespace latentrack::app
