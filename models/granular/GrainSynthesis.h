#pragma once
// The signal path around the grain VAE, after Bitton et al., "Neural Granular Sound Synthesis"
// (ICMC 2021): waveform → Hann-windowed grains; per-grain filter magnitudes → filtered noise →
// Hann-windowed overlap-add normalised by the window sum. Tensors are float32 on any device;
// thread: any (no state).

#include <torch/torch.h>

namespace latentrack::models::granular {

/// Periodic Hann window of `length` samples, shape [length].
torch::Tensor hannWindow(int length, const torch::TensorOptions& options = {});

/// Cuts `audio` [B, T] into grains [B, N, L] with N = (T − L)/hop + 1 (T − L must be a multiple
/// of hop) and multiplies each grain by the Hann window.
torch::Tensor frameGrains(const torch::Tensor& audio, int grainSize, int hop);

/// The filter magnitudes under which the decoder's synthesis (uniform noise in [−1, 1) per
/// grain, filtered, Hann-windowed, overlap-added and divided by Σw) has the power spectrum of
/// each grain of `audio`: |rfft(frameGrains(audio))|·√(3/Σw² · (Σw)²/Σw²_overlap), the last
/// factor undoing the power that independent noise grains lose in the normalised overlap-add
/// (8/3 for Hann at hop L/4). `audio` [B, T] as for frameGrains() → [B, N, L/2+1] (linear
/// gain). The eval's class-mean baseline and own-spectrum reference use it.
torch::Tensor grainSpectrum(const torch::Tensor& audio, int grainSize, int hop);

/// Filters `noise` [B, N, L] in the frequency domain by zero-phase magnitudes `magnitudes`
/// [B, N, L/2+1] (linear gain per rfft bin): irfft(rfft(noise) · magnitudes). A flat filter of 1
/// returns the noise unchanged. Output [B, N, L].
torch::Tensor filterNoise(const torch::Tensor& magnitudes, const torch::Tensor& noise);

/// Overlap-adds grains [B, N, L] `hop` samples apart and divides by the overlap-added Hann
/// windows Σw (clamped below at 1e-3 so that the ends stay finite). With `applyWindow` each grain
/// is first multiplied by the Hann window (the decoder's synthesis); without it the grains are
/// taken to carry the window already, so overlapAdd(frameGrains(x), hop, false) returns x
/// exactly wherever Σw ≥ 1e-3 (every sample but the first and last few). Output
/// [B, (N−1)·hop + L].
torch::Tensor overlapAdd(const torch::Tensor& grains, int hop, bool applyWindow);

/// The same as overlapAdd() computed with plain loops on CPU float tensors, without autograd
/// (inference: ~10x faster than the fold-based version for one example).
torch::Tensor overlapAddDirect(const torch::Tensor& grains, int hop, bool applyWindow);

/// conv1d(audio, kernel, padding K/2) for audio [B, T] and an odd kernel [K], followed by
/// softsign when `softsign` is set, with plain loops on CPU float tensors (inference
/// counterpart of the decoder's post filter; GranularConfig::postSoftsign).
torch::Tensor postFilterDirect(const torch::Tensor& audio, const torch::Tensor& kernel,
                               bool softsign);

} // namespace latentrack::models::granular
