#pragma once
#include <CLI/CLI.hpp>

namespace latentrack::app {
/// `eval granular --model DIR [--data DIR] [--class-key K] [--figures DIR] [--threads N]
/// [--no-card]`: held-out metrics against both baselines, printed and written to card.json.
void addEvalCommand(CLI::App& app);
/// `eval preset --model DIR [--data DIR] [--candidates N] [--no-out-of-domain] [--figures DIR]`,
/// under `eval`: held-out audio and parameter metrics against retrieval and the median preset.
void addEvalPresetCommand(CLI::App& eval);
/// `infer preset --model DIR --input WAV [--candidates N] -o voice.syx`: a sound → a DX7 voice.
void addInferCommand(CLI::App& app);
/// `sweep preset --model DIR [--data DIR] [--voices N] [--scale-voices N] [--threads N]`: the
/// preset model's macro knobs (PresetMacros.h), written to its model.json and card.
void addSweepCommand(CLI::App& app);
} // namespace latentrack::app
