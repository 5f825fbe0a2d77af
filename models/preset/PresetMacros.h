#pragma once
// Macro knobs of a preset model: the latent dimensions that move the sound most reliably, found by
// a sweep and stored with the model (model.json "macros", written by `latentrack-cli sweep
// preset`), so that the app can offer them as eight knobs labelled with what they do.
//
// Knobs move a voice from the flow's inverse of it (PresetInferencer::latentOf), so that all
// knobs at 0 give the voice itself. (Moving from where its sound is instead — the encoder's
// posterior mean of its rendering, with the flow's residual there, as LatentPath does — made
// knobs that keep their label less often on held-out voices: 60 % against 68 %, Spearman ρ 0.20
// against 0.34, model preset-small.)
//
// Sweep: each latent dimension d's scale σ_d is the standard deviation of the latent points
// (PresetInferencer::latentOf) of `scaleFrom` voices. From the latent point z of each `sweepFrom`
// voice, the voices at z ± σ_d·e_d are decoded and rendered by our FM engine; the dimension
// moves the sound by the mean log-mel distance (dB) between those two renderings, and each sound
// descriptor (PresetInterpolation.h: centroid, bandwidth, flatness, roll-off, level, attack,
// temporal centroid) by its change from −σ to +σ in units of that descriptor's spread over all
// the sweep's renderings. A dimension's label is the descriptor it moves most reliably: the
// largest mean change weighted by how much more often than chance the voices agree on its sign
// (2·agreement − 1); the sign says the direction. The `macros` dimensions with the largest such
// effect are kept, best first, at most kMacrosPerDescriptor per descriptor, so that the knobs
// cover several descriptors. (Ranked by movesDb alone, with the largest mean change as label,
// the labels held on 68 % of held-out voices, Spearman ρ 0.34: knobs that move the sound much
// but each voice its own way.)
//
// A knob at k ∈ [−1, 1] places the preset at z_base + k·kMacroReach·σ_d along its dimension:
// its full turn is the sweep's −σ … +σ (VoiceMacros). checkMacros measures, on held-out voices,
// whether each knob moves its labelled descriptor the labelled way, monotonically, and without
// the sound dropping out.
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
/// At most this many knobs are labelled with one descriptor while other descriptors are left.
inline constexpr int kMacrosPerDescriptor = 2;

struct MacroDimension {
    int dimension = 0;      ///< index into the latent vector, 0 … D − 1
    double scale = 1.0;     ///< σ_d of the latent points
    double movesDb = 0.0;   ///< mean log-mel distance between the renderings at ±σ_d (dB)
    std::string descriptor; ///< the descriptor it moves most (interpolationDescriptorName)
    double effect = 0.0;    ///< its mean change from −σ to +σ in spreads (signed)
    double agreement = 0.0; ///< share of the sweep's voices on which it changes that way
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

/// The knobs around one voice: where they start (the voice's latent place, computed once) and
/// the voice at any knob positions. All knobs at 0 give the voice itself.
class VoiceMacros {
public:
    VoiceMacros(PresetInferencer& inf, const core::fm::DxVoice& base,
                std::vector<MacroDimension> macros);
    /// positions: one per macro, −1 … 1 (missing ones at 0). The voice is named `name`.
    core::fm::DxVoice voiceAt(PresetInferencer& inf, std::span<const float> positions,
                              const std::string& name) const;

private:
    std::vector<MacroDimension> m_macros;
    torch::Tensor m_z; ///< [D] the flow's inverse of the base voice (PresetInferencer::latentOf)
};

/// How well knobs do what their labels say, on voices the sweep did not see: each knob turned
/// alone through `positions` evenly spaced points from −1 to +1 around each voice.
struct MacroKnobCheck {
    double labelHolds = 0.0;      ///< share of voices whose −1 → +1 change has the label's sign
    double rankCorrelation = 0.0; ///< mean Spearman ρ of position and descriptor, × the sign
    double movesDb = 0.0;         ///< mean log-mel distance between −1 and +1 (dB)
    double dropoutShare = 0.0;    ///< share of turned renderings 20 dB or more below the voice
};

/// One check per macro, in their order; throws std::invalid_argument for no voices, fewer
/// than 3 positions or a macro without a descriptor label.
std::vector<MacroKnobCheck> checkMacros(PresetInferencer& inf,
                                        const std::vector<MacroDimension>& macros,
                                        std::span<const core::fm::DxVoice> voices,
                                        int positions = 9);
/// {"voices", "positions", "knobs": [...], and the means of the four measures over knobs}.
nlohmann::json macroChecksJson(const std::vector<MacroKnobCheck>& checks, int voices,
                               int positions);

/// "centroid ↑" style label of a macro.
std::string macroLabel(const MacroDimension& m);

} // namespace latentrack::models::preset
