#pragma once
// Writing an evaluation into a model folder: "evaluation" (with the command that made it) in
// model.json, and card.json, the model's card (what it is, the exact commands that trained and
// evaluated it, its data, config and metrics). Both written atomically.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace latentrack::app {

void writeEvaluation(const std::filesystem::path& modelDir, nlohmann::json evaluation,
                     const std::string& command, const std::string& kind);

} // namespace latentrack::app
