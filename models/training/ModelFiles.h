#pragma once
// Reading and writing a model folder (<folder>/model.json + <folder>/weights.pt), for every
// model kind: the JSON card with its kind checked, and weights loaded with every parameter's
// shape checked against the model that the card describes. Errors are ModelFileError, whose
// what() names the file and the reason; each model's loader turns it into its own error type.
// Thread: any non-realtime thread; reads and writes files.

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace latentrack::models::training {

class ModelFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// model.json of a folder, which must have "kind": kind (what: the kind in words with its
/// article, for the message, e.g. "an attribute-fader (rave)").
nlohmann::json readModelCard(const std::filesystem::path& folder, const std::string& kind,
                             const std::string& what);

/// The model's name: its folder's name ("assets/models/drums8/" → "drums8").
std::string modelName(const std::filesystem::path& folder);

/// Writes weights.pt (temporary file renamed into place).
template <typename Holder>
void saveWeights(const std::filesystem::path& folder, const Holder& model) {
    std::filesystem::create_directories(folder);
    const auto tmp = folder / "weights.pt.tmp";
    torch::save(model, tmp.string());
    std::filesystem::rename(tmp, folder / "weights.pt");
}

/// Loads weights.pt into model, which must already have the card's shapes.
template <typename Holder> void loadWeights(const std::filesystem::path& folder, Holder& model) {
    const auto weights = folder / "weights.pt";
    if (!std::filesystem::exists(weights))
        throw ModelFileError(weights.string() + ": not found");
    std::map<std::string, std::vector<int64_t>> expected;
    for (const auto& p : model->named_parameters())
        expected[p.key()] = p.value().sizes().vec();
    try {
        torch::load(model, weights.string());
    } catch (const std::exception& e) {
        throw ModelFileError(weights.string() + ": does not fit the model in model.json (" +
                             std::string(e.what()).substr(0, 200) + ")");
    }
    for (const auto& p : model->named_parameters())
        if (p.value().sizes().vec() != expected[p.key()])
            throw ModelFileError(weights.string() + ": does not fit the model in model.json (" +
                                 p.key() + " has another shape)");
}

} // namespace latentrack::models::training
