#pragma once
// Correlation of two series of measurements (descriptor curves, knob sweeps), for evaluations.
// Thread: any; allocates (not for the audio thread).

#include <span>

namespace latentrack::core::dsp {

/// Pearson's r of two series of the same length (the shorter length is used); 0 when either
/// series is (nearly) constant, its centred sum of squares at most 1e-12, or shorter than 2.
double pearson(std::span<const double> a, std::span<const double> b);

/// Spearman's ρ: Pearson's r of the two series' ranks, ties given their mean rank.
double spearman(std::span<const double> a, std::span<const double> b);

} // namespace latentrack::core::dsp
