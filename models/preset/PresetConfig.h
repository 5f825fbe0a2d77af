#pragma once
// Hyper-parameters of preset inference (DAFx21's spectrogram VAE + RealNVP regression flow;
// MODELS.md, "DX7 preset inference"). One code path, two configurations:
// - `paper`: 22.05 kHz, STFT 1024/256, 257 mel bands × 345 frames, encoder
//   1→8→16→32→64→128→256 (stride 2) then 512 and 1024 channels, latent and regression flows of
//   6 RealNVP couplings × 300 hidden units, β 0.2, batch 160, Adam 2e-4;
// - `small` (trains within an hour on 2 CPU cores): 64 mel bands × 128 frames (hop 690), an
//   encoder of 5 stride-2 stages 8 … 128 channels, 4 couplings × 256 hidden.
// The rendering itself (note 60, velocity 85, 3 s held + 1 s release, −120 dB floor) is the
// same in both. The latent size is the regression vector's length (PresetRepresentation, 610).
// Thread: any; plain data.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/dsp/MelSpectrogram.h"

namespace latentrack::models::preset {

struct PresetConfig {
    std::string name = "small";
    // Rendering and spectrogram.
    int sampleRate = 22050;
    int note = 60;
    int velocity = 85;
    double holdSeconds = 3.0;
    double releaseSeconds = 1.0;
    int fftSize = 1024;
    int hop = 690;
    int mels = 64;
    int frames = 128; ///< ⌈rendered samples / hop⌉
    double minHz = 30.0;
    double maxHz = 11000.0;
    double floorDb = -120.0;
    double ceilingDb = 20.0; ///< top of the stored and scaled range (six carriers exceed 0 dB)
    // Model.
    std::vector<int> encoderChannels{8, 16, 32, 64, 128}; ///< one stride-2 stage each
    int couplings = 4;                                    ///< RealNVP coupling layers of each flow
    int flowHidden = 256; ///< hidden units of each coupling's networks
    // Loss and training.
    double beta = 0.2;              ///< KL weight after the warm-up
    int betaWarmup = 2000;          ///< steps of linear β ramp from 0
    double parameterWeight = 1.0;   ///< weight of the parameter loss against the spectrogram's
    double categoricalWeight = 0.2; ///< cross-entropy weight inside the parameter loss
    double labelSmoothing = 0.1;    ///< of the categorical targets (makes the flow invertible)
    /// Weight of the latent alignment: the flow's inverse of each training preset pulled onto
    /// the encoder's posterior mean of its rendering (ramped with β), so that presets sit where
    /// their sounds are in the latent space (interpolation, macros). Off by default: at 0.1 for
    /// 12000 steps (small) it made held-out inference worse (log-mel 32.5 against 17.9 dB from
    /// the posterior mean) and latent interpolation no smoother (0 of 7 descriptors). The term
    /// is reported ("lat") either way: how far presets' latent points lie from their sounds'.
    double latentWeight = 0.0;
    int batchSize = 64;
    double learningRate = 2e-4;
    int steps = 20000;
    std::uint64_t seed = 1234;

    /// Samples of one rendering (hold + release).
    int renderedSamples() const;
    core::dsp::MelConfig melConfig() const;
    /// Throws std::invalid_argument naming the first field out of range (frames must equal
    /// ⌈renderedSamples() / hop⌉; mels and frames must be at least 2^stages).
    void validate() const;
    /// "small" or "paper"; throws std::invalid_argument otherwise.
    static PresetConfig named(const std::string& name);
};

void to_json(nlohmann::json& j, const PresetConfig& c);
void from_json(const nlohmann::json& j, PresetConfig& c);

} // namespace latentrack::models::preset
