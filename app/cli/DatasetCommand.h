#pragma once
#include <CLI/CLI.hpp>

namespace latentrack::app {
/// `dataset drums --out DIR [--rate HZ] [--max-seconds S] [--kit FOLDER]… [--no-soundfonts]`,
/// `dataset orchestra --out DIR`, `dataset dnb10 --out DIR` (NoteDataset.h).
void addDatasetCommand(CLI::App& app);
} // namespace latentrack::app
