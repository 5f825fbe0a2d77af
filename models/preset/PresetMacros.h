#pragma once
// Macro knobs of a preset model: the latent dimensions that move the sound most, found by a
// sweep and stored with the model (model.json "macros", written by `latentrack-cli sweep
// preset`), so that the app can offer them as eight knobs labelled with what they do.
//
// Sweep: each latent dimension d's scale σ_d is the standard deviation of the latent points
// (PresetInferencer::latentOf) of `scaleFrom` voices. From the latent point z of each `sweepFrom`
// voice, the voices at z ± σ_d·e_d are decoded and rendered by our FM engine; the dimension
// moves the sound by the mean log-mel distance (dB) between those two renderings. The
// `macros` dimensions that move it most are kept, best first, each labelled with the sound
// descriptor (PresetInterpolation.h: centroid, bandwidth, flatness, roll-off, level, attack,
// temporal centroid) whose mean change from −σ to +σ is largest in units of that descriptor's
// spread over all the sweep's renderings; the sign says the direction.
//
// A knob at k ∈ [−1, 1] places the preset at z_base + k·kMacroReach·σ_d along its dimension:
// its full turn is the sweep's −σ … +σ.
//
// Thread: the caller's (LibTorch and rendering; sweepMacros takes seconds to minutes).

#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/fm/DxVoice.h"
#include "models/preset/PresetInference.h"

namespace latentrack::models::preset {

inline constexpr int kMacroKnobs = 8;
/// A knob's full turn in units of its dimension's σ.
inline constexpr double kMacroReach = 1.0;

struct MacroDimension {
    int dimension = 0;      ///< index into the latent vector, 0 … D − 1
    double scale = 1.0;     ///< σ_d of the latent points
    double movesDb = 0.0;   ///< mean log-mel distance between the renderings at ±σ_d (dB)
    std::string descriptor; ///< the descriptor it moves most (interpolationDescriptorName)
    double effect = 0.0;    ///< its mean change from −σ to +σ in spreads (signed)
};

struct MacroSweepOptions {
    int macros = kMacroKnobs;
    /// Called after each voice swept: (voices done, voices in all).
    std::function<void(int, int)> progress;
};

/// Sweeps every latent dimension; throws std::invalid_argument for no voices to sweep from or
/// fewer than 2 to take scales from.
std::vector<MacroDimension> sweepMacros(PresetInferencer& inf,
                                        std::span<const core::fm::DxVoice> sweepFrom,
                                        std::span<const core::fm::DxVoice> scaleFrom,
                                        const MacroSweepOptions& options = {});

nlohmann::json macrosJson(const std::vector<MacroDimension>& macros);
/// Throws std::invalid_argument naming the entry for a malformed list or a dimension outside
/// 0 … latentSize − 1.
std::vector<MacroDimension> macrosFromJson(const nlohmann::json& j, int latentSize);

/// The latent point of knob positions (one per macro, −1 … 1) around base [D].
torch::Tensor macroLatent(const torch::Tensor& base, const std::vector<MacroDimension>& macros,
                          std::span<const float> positions);

/// "centroid ↑" style label of a macro.
std::string macroLabel(const MacroDimension& m);

} // namespace latentrack::models::preset
