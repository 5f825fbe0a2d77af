#pragma once
// Interpolation between two presets, in the model's latent space and naively on the parameters,
// and how smooth the sound is along the way (SPINVAE, Le Vaillant & Dutoit, ICASSP 2023: N steps,
// audio descriptors of each step's rendering, smoothness = RMS of the second difference along
// the steps, nonlinearity = RMS deviation from the straight line between the end points).
//
// Latent: z_t = (1 − t)·z_A + t·z_B between the voices' latent points (flow inverse), each
// decoded (both ends decode to A and B exactly). Naive: numeric parameters interpolated
// linearly and rounded, categorical ones switch from A to B at t = ½.
//
// Descriptors, from the rendering's mel power spectrogram (PresetRenderer), frame values
// weighted by frame power: spectral centroid, bandwidth, flatness and 85 % roll-off (Hz or
// ratio), level (dB), attack time (s, to 90 % of the peak frame power) and temporal centroid
// (s). Thread: the caller's (LibTorch and rendering).

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"
#include "models/preset/PresetInference.h"

namespace latentrack::models::preset {

inline constexpr int kInterpolationDescriptors = 7;
using SoundDescriptors = std::array<double, kInterpolationDescriptors>;
const char* interpolationDescriptorName(int d);

/// Descriptors of a log-mel spectrogram made with config's mel settings.
SoundDescriptors soundDescriptors(const core::dsp::LogMel& mel, const PresetConfig& config);

/// steps ≥ 2 voices from a to b inclusive.
std::vector<core::fm::DxVoice> latentInterpolation(PresetInferencer& inf,
                                                   const core::fm::DxVoice& a,
                                                   const core::fm::DxVoice& b, int steps);
std::vector<core::fm::DxVoice> naiveInterpolation(const core::fm::DxVoice& a,
                                                  const core::fm::DxVoice& b, int steps);
/// The naive voice at t ∈ [0, 1] (clamped) between a and b; the name is a's before ½, b's after.
core::fm::DxVoice naiveVoiceAt(const core::fm::DxVoice& a, const core::fm::DxVoice& b, double t);

/// For pairs of voices: per descriptor, the mean smoothness and nonlinearity of latent and of
/// naive interpolation (descriptors standardised over all renderings first), and on how many
/// descriptors latent is smoother. JSON for the card.
nlohmann::json
compareInterpolations(PresetInferencer& inf,
                      const std::vector<std::pair<core::fm::DxVoice, core::fm::DxVoice>>& pairs,
                      int steps);

} // namespace latentrack::models::preset
