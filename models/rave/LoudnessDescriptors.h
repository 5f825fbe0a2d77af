#pragma once
// Sharpness and boominess per latent frame in LibTorch, so that a loss on them reaches the
// audio: a differentiable counterpart of core/dsp's ISO 532-1 path (DescriptorAnalyzer at
// latentDescriptorConfig(), RaveData.h), used by the descriptor-consistency term
// (RaveConfig::consistencyLoudness) in place of the learned AttributeRegressor.
//   Hann frame of loudnessFrameSize samples centred on each latent frame's middle → one-sided
//   mean square per bin → the 28 third-octave band levels (the same Butterworth band weights,
//   ThirdOctaveBank) → core loudness of the 20 critical bands (ISO 532-1 section 5, the
//   low-frequency correction's range and the threshold chosen on the detached levels) → the
//   specific loudness N'(z) on 240 steps of 0.1 Bark → sharpness (acum) and the booming index
//   (the weights of Descriptors.h) → normalised by the dataset's range.
// One simplification: each band's upper slope falls with the steepness column of the band
// above it throughout (the standard moves to the column of each band it crosses), and the
// pattern is the maximum of the bands' plateaus and slopes. The value it gives differs a
// little from the analyzer's (the test bounds it); the trainer passes the analyzer's exact
// value straight through and keeps only this gradient.
// Training only. Thread: any thread may call operator() (read-only state).

#include <memory>

#include <torch/torch.h>

#include "core/dsp/Descriptors.h"
#include "models/rave/RaveConfig.h"

namespace latentrack::models::rave {

/// The descriptors LoudnessDescriptors computes, in this order: core::dsp::Descriptor's
/// Sharpness and Boominess.
inline constexpr int kLoudnessDescriptors = 2;

class LoudnessDescriptors {
public:
    /// Throws std::invalid_argument for an invalid config.
    LoudnessDescriptors(const RaveConfig& config, const core::dsp::DescriptorRange& range);

    /// audio [B, T] (float, T a positive multiple of config.compression(), at the config's
    /// sample rate, a signal of RMS 1 being dbSplAtUnitRms dB SPL) → [B, 2, T / c]: sharpness
    /// and boominess of each latent frame, normalised as DescriptorRange::normalise does (not
    /// clamped). Silence gives 0 for both, as the analyzer does, and a finite gradient.
    /// Differentiable with respect to `audio`; on audio's device. Throws
    /// std::invalid_argument for audio of another shape.
    torch::Tensor operator()(const torch::Tensor& audio) const;

    /// The same before normalisation: [B, 2, T / c] in acum and booming-index units.
    torch::Tensor raw(const torch::Tensor& audio) const;

private:
    struct Tables; ///< the ISO 532-1 and weighting tables as tensors, built once
    RaveConfig m_config;
    core::dsp::DescriptorRange m_range;
    std::shared_ptr<const Tables> m_tables;
};

} // namespace latentrack::models::rave
