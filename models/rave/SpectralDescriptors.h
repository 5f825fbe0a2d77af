#pragma once
// RMS, spectral centroid and spectral bandwidth per latent frame, computed in LibTorch so that
// a loss on them reaches the audio: the same definitions, frames and normalisation as
// core/dsp's DescriptorAnalyzer at latentDescriptorConfig() (RaveData.h), which the dataset's
// attributes come from (MODELS.md: RMS of the unwindowed frame; centroid and bandwidth as the
// first moment and the square root of the second central moment of the Hann-windowed one-sided
// magnitude spectrum). The descriptor-consistency term (RaveTrainer.h) uses them where they
// exist in closed form, instead of the learned AttributeRegressor, so that the decoder cannot
// meet a reader's expectation without the sound itself. Sharpness and boominess (ISO 532-1
// loudness) have theirs in LoudnessDescriptors.h.
// Training only. Thread: any thread may call; no state.

#include <torch/torch.h>

#include "core/dsp/Descriptors.h"
#include "models/rave/RaveConfig.h"

namespace latentrack::models::rave {

/// The descriptors that spectralDescriptors() computes, in this order: the first three of
/// core::dsp::Descriptor (Rms, Centroid, Bandwidth).
inline constexpr int kSpectralDescriptors = 3;

/// The analysis frames of `frameSize` samples centred on each latent frame's middle, as
/// latentFrameDescriptors() frames them (zeros outside the audio): audio [B, T] (T a positive
/// multiple of config.compression()) → [B, T / c, frameSize], unwindowed. A view of the
/// padded audio; differentiable. Throws std::invalid_argument for audio of another shape.
torch::Tensor latentFrames(const torch::Tensor& audio, const RaveConfig& config, int frameSize);

/// One-sided mean square per bin of each Hann-windowed frame, as core/dsp's
/// DescriptorAnalyzer::framePower (Σ over bins = the windowed frame's mean square over the
/// window's): frames [B, L, n] → [B, L, n/2 + 1]. Differentiable; on frames' device.
torch::Tensor framePower(const torch::Tensor& frames);

/// Descriptor values [B, k, L] (the descriptors first … first + k − 1, in their units) →
/// normalised by `range` as DescriptorRange::normalise does (not clamped; 0 where max = min).
torch::Tensor normaliseDescriptors(const torch::Tensor& values,
                                   const core::dsp::DescriptorRange& range, int first);

/// audio [B, T] (float, T a multiple of config.compression(), at config.sampleRate) →
/// [B, 3, T / c]: RMS, centroid (Hz), bandwidth (Hz) of each latent frame, normalised by
/// `range` as DescriptorRange::normalise does (2·(v − min)/(max − min) − 1, not clamped; 0
/// where max = min). A silent frame gives 0 Hz centroid and bandwidth, as the analyzer does,
/// and a finite gradient. Differentiable with respect to `audio`; on audio's device.
/// Throws std::invalid_argument for audio that is not [B, T] with T a positive multiple of c.
torch::Tensor spectralDescriptors(const torch::Tensor& audio, const RaveConfig& config,
                                  const core::dsp::DescriptorRange& range);

} // namespace latentrack::models::rave
