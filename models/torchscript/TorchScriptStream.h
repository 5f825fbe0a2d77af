#pragma once
// Plays a TorchScript model buffer by buffer, as nn~ does: each call runs the model on one
// buffer of `bufferSamples` samples at the model's rate (a multiple of its largest ratio), so a
// model exported for streaming (cached convolutions) gives the same audio as one call on the
// whole sound, and the output lags the input by one buffer where the input arrives live.
//
// Modes:
// - Forward: `forward` on the input (timbre transfer); no latent knobs.
// - Transfer: `encode`, the latent knobs, `decode` (timbre transfer with the knobs).
// - Generate: no input; a slow random walk in the latent space (Ornstein–Uhlenbeck, unit
//   variance, `walkSeconds` time constant, the prior of a RAVE model), the knobs, `decode`.
// The latent knobs (Neutone-style, up to kMaxKnobs): z_d ← z_d · scale_d + bias_d for the
// first dimensions, in the latent's own units (a RAVE prior has unit variance).
// Channels that decode takes beyond the latent (a conditioned model's attributes) are held at
// 0 (plus their knobs). Multi-channel output is mixed to mono.
//
// Thread: one thread (the model's worker). Errors: TorchScriptError from the model.

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "models/torchscript/TorchScriptModel.h"

namespace latentrack::models::torchscript {

enum class StreamMode { Forward, Transfer, Generate };

const char* streamModeName(StreamMode m);

struct LatentKnob {
    float bias = 0.0f;  ///< added to the dimension, latent units (−4 … 4 in the panel)
    float scale = 1.0f; ///< multiplies it first (0 … 2 in the panel)
};

class TorchScriptStream {
public:
    static constexpr int kMaxKnobs = kMaxLatentKnobs;
    static constexpr double kDefaultWalkSeconds = 2.0;

    /// `bufferSamples` 0 = the model's default buffer. Throws TorchScriptError when the model
    /// cannot play `mode` (missing methods, latent sizes of encode and decode that differ) or
    /// the buffer does not suit its ratios.
    TorchScriptStream(TorchScriptModel& model, StreamMode mode, int bufferSamples = 0,
                      std::uint64_t seed = 1);

    /// Whether `info` has the methods `mode` needs.
    static bool supports(const TorchScriptInfo& info, StreamMode mode);
    /// The mode a model plays best with an input (Transfer if it has encode and decode, else
    /// Forward) or without one (Generate); throws TorchScriptError when it has neither.
    static StreamMode preferredMode(const TorchScriptInfo& info, bool hasInput);

    StreamMode mode() const noexcept { return m_mode; }
    int bufferSamples() const noexcept { return m_buffer; }
    /// The knobs that act: TorchScriptInfo::knobCount(); 0 in Forward mode.
    int knobCount() const noexcept;
    void setKnob(int dimension, LatentKnob knob);
    LatentKnob knob(int dimension) const;
    void setWalkSeconds(double seconds);

    /// One buffer: `input` bufferSamples() mono samples at the model's rate (ignored, may be
    /// null, in Generate mode); returns bufferSamples() mono samples. Throws TorchScriptError.
    std::vector<float> process(const float* input);
    /// The latent frames [latent, bufferSamples / ratio] of the last buffer after the knobs
    /// (empty in Forward mode).
    const torch::Tensor& lastLatent() const noexcept { return m_lastLatent; }

private:
    torch::Tensor walk(std::int64_t frames);
    void applyKnobs(torch::Tensor& z) const;

    TorchScriptModel& m_model;
    StreamMode m_mode;
    int m_buffer;
    const MethodSpec* m_forward = nullptr;
    const MethodSpec* m_encode = nullptr;
    const MethodSpec* m_decode = nullptr;
    std::array<LatentKnob, kMaxKnobs> m_knobs{};
    double m_walkSeconds = kDefaultWalkSeconds;
    std::vector<float> m_walkState;
    std::mt19937_64 m_rng;
    torch::Tensor m_lastLatent;
};

/// The whole of `audio` (mono at the model's rate) through `mode` in one call of each method,
/// zero-padded to a multiple of the largest ratio and cut back to the input's length (for
/// Generate: `audio.size()` samples of the walk). The reference a stream is compared with, and
/// `latentrack-cli ts render --offline`. Throws TorchScriptError.
std::vector<float>
renderWhole(TorchScriptModel& model, StreamMode mode, const std::vector<float>& audio,
            const std::array<LatentKnob, TorchScriptStream::kMaxKnobs>& knobs = {},
            std::uint64_t seed = 1);

} // namespace latentrack::models::torchscript
