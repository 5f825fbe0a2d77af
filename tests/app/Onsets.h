#pragma once
// Onset detection for end-to-end tests of drum patterns, and the onsets a pattern asks for.

#include <vector>

#include "core/project/Project.h"

namespace latentrack::test {

/// Onsets (sample indices) of drum hits in `x` by the energy of its first difference: a
/// high-pass that keeps the broadband attacks of drum hits and suppresses the low ringing of
/// kicks and toms by ~40 dB. 64-sample hops; a hop whose energy is 10 dB over the mean of the
/// 8 hops before it and above −50 dBFS starts an onset (at most one per 1500 samples); within
/// the hop, the first sample above a quarter of the hop's peak is the onset.
std::vector<long> energyOnsets(const std::vector<float>& x);

/// Sample positions of the steps of `project` that have at least one hit, over `bars` bars of
/// its pattern at `sampleRate` Hz, from step 0 at sample 0, with the project's swing applied to
/// odd steps.
std::vector<long> patternOnsets(const core::project::Project& project, int bars, double sampleRate);

/// How many of `found` lie within `tolerance` samples of some position in `expected`; every
/// onset that does not is added to `unmatched`.
int matchOnsets(const std::vector<long>& found, const std::vector<long>& expected, long tolerance,
                std::vector<long>& unmatched);

} // namespace latentrack::test
