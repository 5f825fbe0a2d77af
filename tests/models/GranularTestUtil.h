#pragma once
// Tiny granular configuration and a 6-hit dataset of real Hydrogen drum recordings (Debian
// hydrogen-drumkits, kit "Audiophob"), for fast model tests.

#include <filesystem>
#include <string>
#include <vector>

#include "models/granular/GranularConfig.h"

namespace latentrack::test {

/// A configuration small enough to train a few steps in well under a second.
models::granular::GranularConfig tinyConfig();

/// Writes <dir>/manifest.json listing six Audiophob hits (absolute paths) labelled in the
/// field "class" as tom, open_hat, closed_hat, crash, snare, snare, all from kit "Audiophob"
/// except the second snare (kit "Other", so that a kit can be held out). Returns `dir`.
std::filesystem::path writeTinyDataset(const std::filesystem::path& dir);

/// A fresh empty folder under the system temp dir named after `name` and the process id.
std::filesystem::path freshDir(const std::string& name);

/// Trains `config` on the tiny dataset (one thread, CPU, checkpoint every 5 steps) into `out`
/// (default: a fresh folder named `name`) and returns the model folder. Appends each grain
/// step's spectral loss to `spectralLosses` when given; `resume` and `stopAfter` as in
/// TrainOptions.
std::filesystem::path trainTiny(const std::string& name, models::granular::GranularConfig config,
                                std::vector<double>* spectralLosses = nullptr, bool resume = false,
                                std::filesystem::path out = {}, int stopAfter = -1);

} // namespace latentrack::test
