#pragma once
// Writing an evaluation into a model folder: "evaluation" (with the command that made it) in
// model.json, and card.json, the model's card (what it is, the exact commands that trained and
// evaluated it, its data, config and metrics). Both written atomically.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace latentrack::app {

/// The dataset folder a model was trained on (model.json provenance "data"), for commands
/// whose --data is optional. Throws std::runtime_error naming model.json when it is not there.
std::string trainingDataFolder(const std::filesystem::path& modelDir);

void writeEvaluation(const std::filesystem::path& modelDir, nlohmann::json evaluation,
                     const std::string& command, const std::string& kind);

/// Stores an analysis other than the evaluation (the preset model's macro sweep): `value` as
/// model.json[key], and {"command", "result"} as card.json[key] (the card is kept otherwise),
/// with `heldOut` (when not null) beside them: how the result does on data it was not made from.
void writeModelSection(const std::filesystem::path& modelDir, const std::string& key,
                       const nlohmann::json& value, const std::string& command,
                       const nlohmann::json& heldOut = nullptr);

} // namespace latentrack::app
