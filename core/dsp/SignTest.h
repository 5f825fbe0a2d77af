#pragma once
// The sign test: whether one method beats another on more paired cases than chance would give
// (two methods equally good win each pair with probability ½; ties are left out). Used by the
// evaluations to say whether a mean difference holds pair by pair (PresetInterpolation).
// Thread: any; no allocation.

namespace latentrack::core::dsp {

/// Two-sided exact p of the sign test for `wins` : `losses` (each ≥ 0): the binomial(n, ½)
/// chance of a split at least as uneven, n = wins + losses; 1 when n = 0.
double signTestP(int wins, int losses);

} // namespace latentrack::core::dsp
