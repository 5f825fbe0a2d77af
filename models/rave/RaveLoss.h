#pragma once
// Training losses of the RAVE-style model (RAVE, Caillon & Esling 2021; NeuroRave 2023):
// - multi-scale STFT distance, for each FFT size n (Hann, hop n/4, centred):
//     d_n = ‖S − Ŝ‖_F / ‖S‖_F  +  mean |log(S + ε) − log(Ŝ + ε)|,  ε = 1e-7,
//   summed over sizes, on the full band (sizes fftSizes) and on the PQMF bands (sizes
//   fftSizes / M, each band one signal);
// - loudness: mean |L − L̂| / 20 with L the frame level in dB (10·log10 of the mean square over
//   frames of 1024 samples, hop 256), so that 20 dB off counts 1;
// - log-mel (optional, RaveConfig::melWeight): mean |ln P − ln P̂| / 2 over 128 HTK-mel bands
//   (20 Hz … Nyquist) of a 2048-point STFT (hop 512), P the band power + 1e-10: the log-magnitude
//   distance on the mel scale, the scale `eval rave` reports in dB (1 here is 8.7 dB);
// - pitch (models with a harmonic oscillator): mean |p̂ − p| / 12 over the frames where the
//   target p (MIDI, RaveData.h: YIN on the input) is pitched, 0 elsewhere: octaves off;
// - KL of the posterior N(μ, σ²) from N(0, 1), summed over z and averaged over frames and batch.
// Shapes: audio [B, T], bands [B, M, T/M]. Thread: the caller's (LibTorch).

#include <vector>

#include <torch/torch.h>

#include "models/rave/RaveModel.h"

namespace latentrack::models::rave {

/// |STFT| of `audio` [B, T]: Hann window of `fftSize`, hop fftSize/4, centred (reflect), as
/// sqrt(re² + im² + 1e-12) → [B, fftSize/2+1, frames]. The gradient of a plain |z| is z/|z|,
/// NaN where a bin is exactly 0 — which a decoder that has learnt silence (its amplitude
/// sigmoid saturated to 0 in float) produces; it turned two whole training runs to NaN.
torch::Tensor magnitude(const torch::Tensor& audio, int fftSize);

/// Σ_n d_n over `fftSizes` of [B, T] signals of the same shape.
torch::Tensor multiScaleStftDistance(const torch::Tensor& target, const torch::Tensor& output,
                                     const std::vector<int>& fftSizes);
/// The loudness term of [B, T] signals of the same shape.
torch::Tensor loudnessDistance(const torch::Tensor& target, const torch::Tensor& output);
/// The log-mel term of [B, T] signals of the same shape at sampleRate Hz.
torch::Tensor logMelDistance(const torch::Tensor& target, const torch::Tensor& output,
                             int sampleRate);
/// KL(N(μ, σ²) ‖ N(0, 1)).
torch::Tensor klDivergence(const LatentPosterior& posterior);

struct RaveLossTerms {
    torch::Tensor fullBand; ///< multi-scale STFT on the synthesised audio
    torch::Tensor bands;    ///< multi-scale STFT on the PQMF bands
    torch::Tensor loudness;
    torch::Tensor mel;   ///< the log-mel term (computed only when melWeight > 0, else 0)
    torch::Tensor pitch; ///< the pitch term (only with an oscillator and a target, else 0)
    torch::Tensor kl;
    torch::Tensor total;  ///< fullBand + bands + loudnessWeight·loudness + melWeight·mel +
                          ///< pitchWeight·pitch + β·kl
    torch::Tensor target; ///< the PQMF reconstruction of the input [B, T]
    torch::Tensor output; ///< the decoded audio [B, T] (with its graph)
};

/// The reconstruction of `audio` [B, T] given its attributes [B, A, L]: encode, sample z,
/// decode, and the loss terms at KL weight `beta`. The full-band target is the PQMF
/// reconstruction of `audio` (same delay as the output). With `freezeEncoder` (the adversarial
/// stage) the encoder runs without a graph: only the decoder learns, and kl is a constant.
/// `pitch` [B, L] (MIDI, 0 where unpitched; RaveBatch::pitch) is the oscillator's target; an
/// undefined tensor, or a model without an oscillator, leaves the pitch term 0. A model with a
/// pitch input (RaveConfig::pitchInput) is also given it, unvoiced frames filled
/// (fillUnvoiced()); without it, it throws std::invalid_argument.
RaveLossTerms reconstructionLoss(RaveModel& model, const torch::Tensor& audio,
                                 const torch::Tensor& attributes, double beta,
                                 LatentPosterior* posterior = nullptr, bool freezeEncoder = false,
                                 const torch::Tensor& pitch = {});

/// The pitch term: predicted and target [B, L] MIDI, target 0 where unpitched (not counted).
torch::Tensor pitchDistance(const torch::Tensor& predicted, const torch::Tensor& target);

} // namespace latentrack::models::rave
