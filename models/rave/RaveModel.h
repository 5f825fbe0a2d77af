#pragma once
// The attribute-conditioned RAVE-style VAE (C-RAVE of NeuroRave, ICASSP 2023, on RAVE, Caillon &
// Esling 2021), causal and streamable throughout (CausalConv.h):
//   analysis  audio [B, T] → PQMF bands [B, M, T/M];
//   encoder   bands → CausalConv(M → C, 7) → per ratio r: residual units (dilations), LReLU,
//             CausalConv(C_i → C_i+1, kernel 2r, stride r) → LReLU → CausalConv(→ 2·z, 3)
//             → μ, σ = softplus(·) + 1e-4, each [B, z, L], L = T / compression;
//   decoder   z ⊕ attributes [B, z + A, L] → CausalConv(→ C_top, 7) → per ratio, reversed:
//             LReLU, Upsample(r), residual units → LReLU → CausalConv(→ 2M, 7) →
//             tanh(wave)·sigmoid(amplitude) bands [B, M, T/M], plus, with noiseBands K > 0, the
//             noise generator: CausalConv(C_0 → M·K, 3) on the same features → amplitudes
//             sigmoid(· − 5) [B, M, K, T/M] of K fixed noises per band (white noise split into K
//             equal sub-bands of the band, 8192 band samples looped, drawn from a fixed seed), so
//             that noise is filtered noise (RAVE's noise generator, DDSP's filtered noise) and
//             yet deterministic: streaming gives the offline output, the noise's position
//             carried from block to block; and, with harmonics H > 0, the harmonic oscillator
//             (HarmonicOscillator.h, with oscillatorNoiseBands its filtered noise beside the
//             harmonics) on z ⊕ attributes (playing a given pitch with
//             RaveConfig::pitchInput: f0 conditioning, as DDSP's decoder), its audio [B,
//             L·compression] split into bands by the decoder's own PQMF analysis and added, so that
//             every loss on bands or audio sees the sum (analysis then synthesis lags it by as much
//             as the training target, the PQMF reconstruction of the input);
//   synthesis PQMF bands → audio [B, T], lagging the input by pqmf().latency() samples.
// Channels C_i = capacity·2^i. Streaming (setStreaming(true)): encode() and decode() take
// consecutive blocks (whole latent frames) and return what one offline call over the joined
// blocks returns for them. Thread: one model per thread (LibTorch, workers only).

#include <torch/torch.h>

#include <memory>

#include "models/rave/CausalConv.h"
#include "models/rave/HarmonicOscillator.h"
#include "models/rave/Pqmf.h"
#include "models/rave/RaveConfig.h"

namespace latentrack::models::rave {

struct LatentPosterior {
    torch::Tensor mean;  ///< μ [B, z, L]
    torch::Tensor scale; ///< σ [B, z, L]
};

class RaveEncoderImpl : public torch::nn::Module {
public:
    explicit RaveEncoderImpl(const RaveConfig& c);
    /// bands [B, M, T/M] → μ, σ [B, z, L].
    LatentPosterior forward(const torch::Tensor& bands);

private:
    torch::nn::Sequential m_net;
    CausalConv1d m_out{nullptr};
};
TORCH_MODULE(RaveEncoder);

class RaveDecoderImpl : public torch::nn::Module {
public:
    explicit RaveDecoderImpl(const RaveConfig& c);
    /// z ⊕ attributes [B, z + A, L] → bands [B, M, L·Π ratios]; `pitch` [B, L] (MIDI) is the
    /// oscillator's given pitch (HarmonicOscillatorImpl::controls), undefined: its head's.
    torch::Tensor forward(const torch::Tensor& input, const torch::Tensor& pitch = {});
    /// The noise position and the oscillator's phase restart; streaming carries them (and the
    /// oscillator's PQMF history) from one forward() to the next.
    void setSourceStreaming(bool on);
    /// The oscillator's pitch for z ⊕ attributes [B, z + A, L]: [B, L] MIDI. Throws
    /// std::logic_error without an oscillator (harmonics 0).
    torch::Tensor pitch(const torch::Tensor& input);
    bool hasOscillator() const { return !m_harmonic.is_empty(); }
    /// The harmonic oscillator's parameters (its head of pitch and harmonic levels). Throws
    /// std::logic_error without an oscillator (harmonics 0).
    std::vector<torch::Tensor> oscillatorParameters() const;
    /// The oscillator's looped noises [N, HarmonicOscillatorImpl::kNoiseLength] (empty without
    /// an oscillator or its noise).
    torch::Tensor oscillatorNoiseTable() const {
        return m_harmonic ? m_harmonic->noiseTable() : torch::Tensor();
    }
    /// The looped noises [M, K, kNoiseLength] (empty without a noise generator).
    const torch::Tensor& noiseTable() const { return m_noiseTable; }
    static constexpr int kNoiseLength = 8192;

private:
    int m_bands;
    int m_noiseBands;
    torch::nn::Sequential m_net;
    CausalConv1d m_out{nullptr};
    CausalConv1d m_noise{nullptr};
    torch::Tensor m_noiseTable; ///< not a buffer: rebuilt from its seed, never saved
    HarmonicOscillator m_harmonic{nullptr};
    std::shared_ptr<Pqmf> m_harmonicPqmf; ///< the oscillator's band split (own stream state)
    bool m_sourceStreaming = false;
    int64_t m_noisePosition = 0;
};
TORCH_MODULE(RaveDecoder);

class RaveModelImpl : public torch::nn::Module {
public:
    /// Throws std::invalid_argument for an invalid config.
    explicit RaveModelImpl(const RaveConfig& config);

    /// audio [B, T] (T a multiple of compression()) → μ, σ [B, z, T / compression()].
    LatentPosterior encode(const torch::Tensor& audio);
    /// z [B, z, L] and attributes [B, A, L] (normalised −1 … 1; ignored when A = 0) → audio
    /// [B, L·compression()]. `pitch` [B, L], MIDI note per latent frame (24 … 108; frames
    /// ≤ 0 play the oscillator head's pitch: fill them first, fillUnvoiced()), is required by
    /// a model with a pitch input (RaveConfig::pitchInput) and ignored by any other. Throws
    /// std::invalid_argument on bad shapes, or without the pitch a model needs.
    torch::Tensor decode(const torch::Tensor& z, const torch::Tensor& attributes,
                         const torch::Tensor& pitch = {});
    /// The decoder's bands before the PQMF synthesis (training losses on bands).
    torch::Tensor decodeBands(const torch::Tensor& z, const torch::Tensor& attributes,
                              const torch::Tensor& pitch = {});
    /// The oscillator's pitch [B, L] (MIDI) for z and attributes as decode() takes them.
    /// Throws std::logic_error without an oscillator, std::invalid_argument on bad shapes.
    torch::Tensor pitch(const torch::Tensor& z, const torch::Tensor& attributes);

    /// Block-by-block encode()/decode() with state carried over (true), or offline (false);
    /// either way the stream state is cleared.
    void setStreaming(bool on);
    bool streaming() const { return m_streaming; }

    RaveEncoderImpl& encoder() { return *m_encoder; }
    RaveDecoderImpl& decoder() { return *m_decoder; }
    const RaveDecoderImpl& decoder() const { return *m_decoder; }
    Pqmf& pqmf() { return m_pqmf; }
    const Pqmf& pqmf() const { return m_pqmf; }
    const RaveConfig& config() const { return m_config; }
    int compression() const { return m_config.compression(); }

private:
    torch::Tensor decoderInput(const torch::Tensor& z, const torch::Tensor& attributes) const;

    RaveConfig m_config;
    Pqmf m_pqmf;
    RaveEncoder m_encoder{nullptr};
    RaveDecoder m_decoder{nullptr};
    bool m_streaming = false;
};
TORCH_MODULE(RaveModel);

} // namespace latentrack::models::rave
