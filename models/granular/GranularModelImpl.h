#pragma once
// LibTorch side of GranularModel: the two networks and the per-class latent statistics, shared
// by the model, its trainer and its evaluation. Internal to models/.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "models/granular/GrainVae.h"
#include "models/granular/GranularModel.h"
#include "models/granular/LatentSeriesVae.h"

namespace latentrack::models::granular {

inline constexpr int kModelFormatVersion = 1;
inline constexpr const char* kModelFormat = "latentrack-granular";

/// Copies a float tensor (any shape, any device) into a flat vector, row-major.
inline std::vector<float> tensorToVector(const torch::Tensor& t) {
    const auto c = t.detach().to(torch::kCPU).contiguous().flatten();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

struct GranularModel::Impl {
    Impl(const GranularConfig& config, std::vector<std::string> classes);

    GranularConfig config;
    std::vector<std::string> classes;
    GrainVae grain{nullptr};
    LatentSeriesVae series{nullptr};
    torch::Tensor latentMean; ///< [C, z] mean of the training grains' μ per class
    torch::Tensor latentStd;  ///< [C, z]
    GrainMap map;
    nlohmann::json provenance; ///< training data, command, steps (copied into model.json)
    std::filesystem::path folder;

    int numClasses() const { return static_cast<int>(classes.size()); }
    torch::Tensor classTensor(int classIndex) const;
};

/// Writes model.json, grain_vae.pt, series_vae.pt and grain_map.json into `dir` (created),
/// each through a temporary file renamed into place. Throws std::runtime_error.
void saveModelFolder(GranularModel::Impl& model, const std::filesystem::path& dir);

/// PCA of latents [M, z] (M ≥ 2) → map with `numComponents` components; `points` keeps at most
/// `maxPoints` rows (an even subsample) with their classes.
GrainMap computeGrainMap(const torch::Tensor& latents, const std::vector<int>& pointClass,
                         int numComponents, int maxPoints);

} // namespace latentrack::models::granular
