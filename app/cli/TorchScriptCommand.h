#pragma once
// `latentrack-cli ts`: nn~ / RAVE TorchScript models from the command line.
// - `ts info FILE`: the convention, the sample rate, each method's channels and ratios, the
//   latent size, the weights and the attributes; `--json` for scripts.
// - `ts export --model DIR -o FILE`: an attribute-fader model folder as an nn~ file.
// - `ts render --model FILE [--method forward|transfer|generate] [--input WAV] -o OUT`: plays
//   the model buffer by buffer as the app does (nn~'s buffer semantics), or in one call
//   (`--whole`), with latent knobs (`--knob DIM=BIAS[,SCALE]`), and writes the output at the
//   model's rate.

#include <CLI/CLI.hpp>

namespace latentrack::app {

void addTorchScriptCommand(CLI::App& app);

} // namespace latentrack::app
