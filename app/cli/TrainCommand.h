#pragma once
#include <CLI/CLI.hpp>

namespace latentrack::app {
/// `train granular --data DIR --config small|paper --out DIR [--class-key K] [--resume]
/// [--threads N] [--device cpu|cuda|auto] [--grain-steps N] [--series-steps N] [--seed N]`.
void addTrainCommand(CLI::App& app);
/// `train preset --data DIR --config small|paper --out DIR [--resume] [--threads N] [--device …]
/// [--steps N] [--seed N] [--stop-after N]`, under the `train` command.
void addTrainPresetCommand(CLI::App& train);
} // namespace latentrack::app
