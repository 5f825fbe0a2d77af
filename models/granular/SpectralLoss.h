#pragma once
// Multi-scale spectral reconstruction loss of the grain VAE (DDSP / "Neural Granular Sound
// Synthesis"): for each FFT size n (Hann window, hop n/4, centred frames)
//   spectral_n = mean|S − Ŝ| + mean|log(S + ε) − log(Ŝ + ε)|,  ε = 1e-5,
// on STFT magnitudes S of the target and Ŝ of the reconstruction, and for each mel FFT size
//   mel_n = mean|M·S − M·Ŝ|, M the n/4-band HTK mel filterbank from melMinHz to Nyquist.
// The losses are the sums over sizes. Inputs are [B, T] float32 audio on the loss's device.
// Thread: one loss object per thread.

#include <vector>

#include <torch/torch.h>

namespace latentrack::models::granular {

/// |STFT| of `audio` [B, T]: Hann window of `fftSize`, hop fftSize/4, centred (reflect
/// padding). Output [B, fftSize/2+1, frames].
torch::Tensor stftMagnitude(const torch::Tensor& audio, int fftSize);

/// Triangular HTK-mel filterbank [numMels, fftSize/2+1] from `minHz` to sampleRate/2, each
/// band normalised to unit area (Slaney).
torch::Tensor melFilterbank(int fftSize, int numMels, double sampleRate, double minHz);

struct SpectralLossTerms {
    torch::Tensor spectral; ///< scalar, Σ over fftSizes
    torch::Tensor mel;      ///< scalar, Σ over melFftSizes (0 when there are none)
};

class MultiScaleSpectralLoss {
public:
    MultiScaleSpectralLoss(std::vector<int> fftSizes, std::vector<int> melFftSizes,
                           double sampleRate, double melMinHz, torch::Device device = torch::kCPU);

    /// target, output: [B, T] with the same shape.
    SpectralLossTerms operator()(const torch::Tensor& target, const torch::Tensor& output) const;

private:
    std::vector<int> m_fftSizes;
    std::vector<int> m_melFftSizes;
    std::vector<torch::Tensor> m_melBanks;
};

} // namespace latentrack::models::granular
