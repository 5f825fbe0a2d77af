#pragma once
// Growing a set of DX7 voices into a training set for preset inference (the DAFx21 setup
// trains on ~30 k user presets; from hexter's 432 factory voices we make them):
// - mutate(): each learnable parameter changes with a probability set by the strength;
// - crossover(): two voices of the same algorithm, operator by operator and group by group;
// - permute(): the operators renumbered by a symmetry of the algorithm's graph (a permutation
//   that maps every modulation edge, the carriers and the feedback loop onto themselves), which
//   changes the parameter vector but not the sound.
// Transpose is kept at 24 and the name is kept; results are always legal voices.
//
// Thread: any; the functions are pure given the generator.

#include <array>
#include <random>
#include <vector>

#include "core/fm/DxVoice.h"

namespace latentrack::models::preset {

/// A permutation of operators 1 … 6: perm[i − 1] is the new number of operator i.
using OperatorPermutation = std::array<int, 6>;

/// strength in (0, 1]: 0.1 nudges a few values, 1 rewrites about a third of the voice. The
/// algorithm changes only at strength ≥ 0.5, with probability (strength − 0.5) / 5.
core::fm::DxVoice mutate(const core::fm::DxVoice& voice, double strength, std::mt19937_64& rng);
/// Throws std::invalid_argument when a and b have different algorithms.
core::fm::DxVoice crossover(const core::fm::DxVoice& a, const core::fm::DxVoice& b,
                            std::mt19937_64& rng);
/// The non-identity symmetries of algorithm 1 … 32 (empty for an asymmetric graph).
const std::vector<OperatorPermutation>& algorithmSymmetries(int algorithm);
/// Renumbers the voice's operators by perm (which must be a symmetry of its algorithm).
core::fm::DxVoice permute(const core::fm::DxVoice& voice, const OperatorPermutation& perm);

} // namespace latentrack::models::preset
