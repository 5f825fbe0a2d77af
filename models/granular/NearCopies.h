#pragma once
// Near copies across a held-out split: the same recording shipped in two kits (or two
// packages) would let a model, and the nearest-neighbour baseline, hear a test sound in
// training. Two examples are near copies when their peak-normalised audio (the same length)
// correlates at ≥ 0.98 at lag 0, after a coarse prefilter on their energy envelopes.
// Thread: any.

#include <vector>

#include "models/granular/GranularData.h"

namespace latentrack::models::granular {

/// Removes from `train` every example that is a near copy of one in `test`; returns the files
/// removed (relative to the dataset folder), in `train`'s order.
std::vector<std::string> dropNearCopiesOfTest(std::vector<GranularExample>& train,
                                              const std::vector<GranularExample>& test);

/// Normalised correlation of two equally long signals at lag 0 (0 for silence).
double correlationAtZeroLag(const std::vector<float>& a, const std::vector<float>& b);

} // namespace latentrack::models::granular
