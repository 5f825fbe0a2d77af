#pragma once
#include <CLI/CLI.hpp>

namespace latentrack::app {
/// `train granular --data DIR --config small|paper --out DIR [--class-key K] [--resume]
/// [--threads N] [--device cpu|cuda|auto] [--grain-steps N] [--series-steps N] [--seed N]`.
void addTrainCommand(CLI::App& app);
} // namespace latentrack::app
