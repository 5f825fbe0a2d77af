#pragma once
// Sound → DX7 preset with a trained model (PresetModelIo.h): the sound's log-mel spectrogram
// (PresetRenderer's settings: config.sampleRate, padded with silence or cut to the rendering's
// length) is encoded; the posterior mean, and optionally samples around it, go through the
// regression flow and become voices (PresetRepresentation::decode). Each candidate is rendered
// by our FM engine and ranked by its log-mel distance to the sound, best first.
// A voice has two places in the latent space: where its sound is (placeOf: the encoder's
// posterior mean of its rendering, with the regression's residual there, from which the
// interpolation view's latent path starts) and the flow's inverse of the voice (latentOf, from
// which macro knobs move and which OSC /load_preset answers).
//
// Thread: one PresetInferencer per worker thread; LibTorch runs on the caller (never the audio
// thread). Allocates.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"
#include "models/preset/PresetModelIo.h"
#include "models/preset/PresetRenderer.h"

namespace latentrack::models::preset {

/// Where a voice's sound sits in the latent space (placeOf).
struct LatentPlace {
    torch::Tensor z;        ///< [D] the posterior mean of the voice's rendering
    torch::Tensor residual; ///< [D] invertibleTarget(voice) − flow(z): what the flow misses there
};

struct PresetCandidate {
    core::fm::DxVoice voice;
    double distanceDb = 0.0;     ///< log-mel distance of its rendering to the sound
    core::dsp::LogMel rendering; ///< its rendering's log-mel spectrogram (PresetRenderer)
    bool posteriorMean = false;  ///< decoded from the posterior mean (not a sample)
};

class PresetInferencer {
public:
    explicit PresetInferencer(PresetBundle bundle);

    /// Log-mel spectrogram of mono audio at config().sampleRate (any length).
    core::dsp::LogMel soundLogMel(std::span<const float> audio);
    /// count ≥ 1 candidates: the posterior mean, then count − 1 posterior samples (seeded),
    /// each rendered and ranked; best first. Throws std::invalid_argument for a spectrogram of
    /// another shape.
    std::vector<PresetCandidate> infer(const core::dsp::LogMel& sound, int count = 1,
                                       std::uint64_t seed = 1);
    /// Posterior mean of a spectrogram, [D].
    torch::Tensor encode(const core::dsp::LogMel& sound);
    /// The latent point of a voice, [D] (the flow's inverse of its invertibleTarget).
    torch::Tensor latentOf(const core::fm::DxVoice& voice);
    /// The voice at a latent point [D].
    core::fm::DxVoice voiceAt(const torch::Tensor& z, const std::string& name = "INFERRED");
    /// A voice's sound place: its rendering encoded, and the flow's residual there, so that
    /// regress(z) + residual is the voice's invertibleTarget. Renders once and encodes.
    LatentPlace placeOf(const core::fm::DxVoice& voice);
    /// The flow's regression vector at z [D] → [D].
    torch::Tensor regress(const torch::Tensor& z);

    PresetRenderer& renderer() { return m_renderer; }
    const PresetConfig& config() const { return m_bundle.config(); }
    PresetBundle& bundle() { return m_bundle; }

private:
    PresetBundle m_bundle;
    PresetRenderer m_renderer;
};

/// Refuses a sound that cannot be matched, with the reason: std::invalid_argument for fewer
/// than 0.1 s of audio or a peak below −60 dBFS. sampleRate in Hz.
void checkSound(std::span<const float> audio, double sampleRate);

/// The values of a latent point [D], for widgets, OSC and projects.
std::vector<float> latentValues(const torch::Tensor& z);

/// [1, 1, M, F] network input of a log-mel spectrogram ([F, M] dB).
torch::Tensor spectrogramInput(const core::dsp::LogMel& mel, const PresetConfig& config);

} // namespace latentrack::models::preset
