#pragma once
// A trained preset-inference model on disk: <folder>/model.json (kind "preset", the
// PresetConfig, the regression vector's size, provenance, evaluation and the macro sweep) and
// <folder>/weights.pt (the PresetModel's parameters). Thread: any non-realtime thread.

#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "models/preset/PresetModel.h"

namespace latentrack::models::preset {

/// A model folder that cannot be used: missing, unreadable, another kind of model, a config
/// out of range, a representation of another size, or weights that do not fit. what() names
/// the file and the reason.
class PresetModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PresetBundle {
    PresetModel model{nullptr};
    nlohmann::json provenance = nlohmann::json::object();
    nlohmann::json evaluation = nlohmann::json::object();
    /// The macro sweep (PresetMacros.h: macrosJson), empty before `latentrack-cli sweep preset`.
    nlohmann::json macros = nlohmann::json::array();
    const PresetConfig& config() const { return model->config(); }
};

/// Writes model.json and weights.pt atomically.
void savePresetModel(const std::filesystem::path& folder, const PresetBundle& bundle);
/// Reads a model folder onto the CPU, in eval mode. Throws PresetModelError.
PresetBundle loadPresetModel(const std::filesystem::path& folder);

} // namespace latentrack::models::preset
