#pragma once
// The decoder's harmonic oscillator: an additive synthesiser of H harmonics of one fundamental
// (DDSP's harmonic synthesiser, Engel et al., "DDSP: Differentiable digital signal processing",
// ICLR 2020), optionally with DDSP's filtered noise beside it (harmonic plus noise), whose
// controls a small causal head reads from z ⊕ attributes, one set per latent frame; a model with
// a pitch input (RaveConfig::pitchInput) gives the pitch instead. It gives the
// decoder what a stack of convolutions over frames cannot: a phase carried from one frame to the
// next, so that a held note whose period does not divide the latent hop is not played as a waveform
// that repeats every frame or two (README, "Attribute faders").
//   head      z ⊕ attributes [B, z + A, L] → CausalConv(→ 64, 3) → LReLU → CausalConv(64, 3) →
//             LReLU → CausalConv(→ 2 + H, 1):
//             pitch   24 + 84·sigmoid(·), MIDI note (C1 … C8), [B, L];
//             level   sigmoid(· − 4), linear (0 … 1), [B, 1, L];
//             spread  softmax over the H harmonics; harmonics at or above Nyquist are silenced
//                     and the rest renormalised;
//             noise   with N > 0 noise bands, CausalConv(64 → N, 1) on the head's hidden
//                     features: sigmoid(· − kNoiseOffset) per band, linear (0 … 1), [B, N, L];
//   synthesis the controls of frame j glide linearly from frame j − 1's over the hop's samples
//             (causal: frame j's values are reached at its last sample; before frame 0 the level
//             is 0), the phase φ (cycles) accumulates f0 / sampleRate in double precision and is
//             wrapped to [0, 1), and the audio is Σ_k a_k·sin(2π·frac(k·φ)), [B, L·hop];
//             plus, with N > 0, Σ_n b_n·noise_n: N fixed noises, one white noise (fixed seed,
//             kNoiseLength samples, looped, circular so the loop has no seam) split by its
//             spectrum into N bands equally spaced on the mel scale from 0 Hz to Nyquist (the
//             lowest below 80 Hz at 16 kHz and 24 bands, so that the noise can move the booming
//             range too), each scaled to RMS 1, its amplitude b_n gliding as the harmonics'.
// The phase does not carry a gradient to the pitch (DDSP found that gradient of a spectral loss
// unhelpful): the pitch learns from its own target (RaveLoss.h, the pitch term).
// Streaming (setStreaming(true)): consecutive blocks of frames give what one offline call over
// the joined blocks gives, the head's convolutions, the last frame's controls, the phase and the
// noise's position carried over. Thread: one module per thread (LibTorch, workers only).

#include <torch/torch.h>

#include <vector>

#include "models/rave/CausalConv.h"

namespace latentrack::models::rave {

/// One latent frame's oscillator controls.
struct HarmonicControls {
    torch::Tensor pitch;      ///< [B, L] MIDI note number, 24 … 108
    torch::Tensor amplitudes; ///< [B, H, L] linear amplitude of each harmonic (0 at ≥ Nyquist)
    torch::Tensor noise;      ///< [B, N, L] linear amplitude of each noise band; undefined: N = 0
};

class HarmonicOscillatorImpl : public torch::nn::Module {
public:
    /// `inputs`: z + A channels; `harmonics` H ≥ 1; `hop`: audio samples per latent frame;
    /// `sampleRate` in Hz; `noiseBands` N ≥ 0 (0: harmonics alone). Throws
    /// std::invalid_argument when any of the first four is not positive or N is negative.
    HarmonicOscillatorImpl(int inputs, int harmonics, int hop, int sampleRate, int noiseBands = 0);

    /// The head alone: z ⊕ attributes [B, z + A, L] → controls. `given` [B, L] (MIDI; defined
    /// for RaveConfig::pitchInput) replaces the head's pitch where it is > 0, clamped to
    /// kLowestMidi … kLowestMidi + kMidiSpan; frames ≤ 0 keep the head's (callers fill unvoiced
    /// frames first: fillUnvoiced() in RaveData.h). Throws std::invalid_argument when `given`
    /// is not [B, L] like the input.
    HarmonicControls controls(const torch::Tensor& input, const torch::Tensor& given = {});
    /// Controls → audio [B, L·hop] (see the header's synthesis).
    torch::Tensor synthesise(const HarmonicControls& controls);
    /// synthesise(controls(input, given)).
    torch::Tensor forward(const torch::Tensor& input, const torch::Tensor& given = {});

    /// Offline (false) or block by block (true); either way the carried phase and controls are
    /// cleared (the head's convolutions are switched by rave::setStreaming on the decoder).
    void setStreaming(bool on);

    static constexpr double kLowestMidi = 24.0; ///< C1, 32.7 Hz
    static constexpr double kMidiSpan = 84.0;   ///< up to C8, 4186 Hz
    static constexpr int kNoiseLength = 32768;  ///< samples of the looped noises (2 s at 16 kHz)
    /// Noise amplitudes are sigmoid(· − kNoiseOffset): near −61 dB per band for a fresh head, so
    /// that adding the noise to a trained oscillator (RaveTrainer's --init) starts from what it
    /// played.
    static constexpr double kNoiseOffset = 7.0;

    /// The looped noises [N, kNoiseLength] (empty when N = 0); rebuilt from a fixed seed, never
    /// saved.
    const torch::Tensor& noiseTable() const { return m_noiseTable; }
    /// The band edges of the noises in Hz, N + 1 values from 0 to sampleRate / 2.
    static std::vector<double> noiseBandEdges(int noiseBands, int sampleRate);

private:
    int m_harmonics;
    int m_hop;
    int m_sampleRate;
    int m_noiseBands;
    torch::nn::Sequential m_head;
    CausalConv1d m_noiseHead{nullptr};
    torch::Tensor m_noiseTable; ///< [N, kNoiseLength]
    bool m_streaming = false;
    torch::Tensor m_lastHz;         ///< [B, 1] the last frame's fundamental (streaming)
    torch::Tensor m_lastAmplitudes; ///< [B, H] the last frame's amplitudes (streaming)
    torch::Tensor m_phase;          ///< [B, 1] float64, cycles in [0, 1) (streaming)
    torch::Tensor m_lastNoise;      ///< [B, N] the last frame's noise amplitudes (streaming)
    int64_t m_noisePosition = 0;    ///< the next sample of the looped noises (streaming)
};
TORCH_MODULE(HarmonicOscillator);

} // namespace latentrack::models::rave
