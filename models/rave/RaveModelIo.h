#pragma once
// A trained attribute-fader model on disk: <folder>/model.json (kind "rave", the RaveConfig,
// the descriptor range and bin edges the attributes were normalised with, provenance and
// evaluation) and <folder>/weights.pt (the RaveModel's parameters). Thread: any non-realtime
// thread; loading allocates and reads files.

#include <filesystem>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dsp/Descriptors.h"
#include "models/rave/RaveModel.h"

namespace latentrack::models::rave {

/// A model folder that cannot be used: missing, unreadable, another kind of model, a config
/// out of range, or weights that do not fit the config. what() names the file and the reason.
class RaveModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RaveBundle {
    RaveModel model{nullptr};
    core::dsp::DescriptorRange range;
    std::vector<std::vector<float>> binEdges;
    nlohmann::json provenance = nlohmann::json::object();
    nlohmann::json evaluation = nlohmann::json::object();
    const RaveConfig& config() const { return model->config(); }
};

/// Writes model.json and weights.pt atomically (temporary files renamed into place).
void saveRaveModel(const std::filesystem::path& folder, const RaveBundle& bundle);
/// Reads a model folder onto the CPU, in eval mode. Throws RaveModelError.
RaveBundle loadRaveModel(const std::filesystem::path& folder);

} // namespace latentrack::models::rave
