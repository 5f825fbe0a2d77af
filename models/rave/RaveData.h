#pragma once
// Training data of the attribute-fader models: the continuous recordings of a performance
// dataset (PerformanceDataset.h manifest), each resampled to the model's rate with its five
// descriptors (core/dsp/Descriptors.h) at one frame per latent frame — frame j of a recording
// describes samples [j·c, (j + 1)·c), c = compression — normalised to [−1, 1] by the training
// set's range, and quantised into equal-population bins for the F-RAVE latent discriminator.
// Thread: loading blocks; a loaded dataset is read-only (sampleBatch() from one thread).

#include <array>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/dsp/Descriptors.h"
#include "models/rave/RaveConfig.h"

namespace latentrack::models::rave {

struct RaveRecording {
    std::string file;   ///< as in the manifest
    std::string source; ///< where it came from (manifest "source")
    std::vector<float> audio;
    /// Normalised descriptors, [frames][kNumDescriptors], frames = audio.size() / compression.
    std::vector<std::array<float, core::dsp::kNumDescriptors>> attributes;
    /// Per latent frame, the pitch (MIDI) where it is clear, else 0 (latentFramePitch()); only
    /// for a config with an oscillator (harmonics > 0), else empty.
    std::vector<float> pitch;
};

struct RaveDataset {
    std::vector<RaveRecording> train;
    std::vector<RaveRecording> test;
    core::dsp::DescriptorRange range; ///< of the training set, before normalisation
    /// Per descriptor, bins − 1 ascending thresholds of the normalised training values.
    std::vector<std::vector<float>> binEdges;
    double trainSeconds = 0.0;
    double testSeconds = 0.0;
};

/// A training or evaluation batch.
struct RaveBatch {
    torch::Tensor audio;      ///< [B, windowSize]
    torch::Tensor attributes; ///< [B, A, L] normalised
    torch::Tensor bins;       ///< [B, A, L] int64, 0 … attributeBins − 1
    torch::Tensor pitch;      ///< [B, L] MIDI, 0 where unpitched (all 0 without harmonics)
};

/// Loads `dir`/manifest.json; throws std::runtime_error naming the problem (no manifest, a
/// missing or unreadable file, no training recording at least one window long).
RaveDataset loadRaveDataset(const std::filesystem::path& dir, const RaveConfig& config);

/// The descriptor analysis at one frame per latent frame of `config` (hop = compression).
core::dsp::DescriptorConfig latentDescriptorConfig(const RaveConfig& config);
/// Latent frames from the newest frame of a stream back to the newest one whose loudness window
/// (4096 samples, latentDescriptorConfig()) lies wholly in what has come: half the window.
int descriptorLagFrames(const RaveConfig& config);
/// Samples of a stream's end to keep for its newest `frames` measurable frames (the window and
/// the lag).
std::size_t descriptorHistorySamples(const RaveConfig& config, int frames);
/// The descriptors of `audio` at one frame per latent frame, not normalised. The overload with
/// an analyzer (made from latentDescriptorConfig()) reuses its FFT plans and band weights.
std::vector<core::dsp::DescriptorFrame> latentFrameDescriptors(const std::vector<float>& audio,
                                                               const RaveConfig& config);
std::vector<core::dsp::DescriptorFrame>
latentFrameDescriptors(core::dsp::DescriptorAnalyzer& analyzer, const std::vector<float>& audio,
                       const RaveConfig& config);

/// The pitch of `audio` at one value per latent frame: aubio's YIN (models/analysis/
/// PitchTrack.h) over max(1024, 2·compression) samples, the estimate centred on the frame's
/// last sample (where the oscillator reaches that frame's controls), kept where it is clear
/// (confidence ≥ 0.8, MIDI 24 … 108, the hop within 40 dB of the recording's loudest), else 0.
/// audio.size() / compression values. Thread: any; allocates.
std::vector<float> latentFramePitch(const std::vector<float>& audio, const RaveConfig& config);
/// The pitch of the newest `frames` latent frames of a stream whose input so far ends with
/// `history` (mono at the model's rate, ending at a frame boundary): for each, YIN over the
/// max(1024, 2·compression) samples ending at the frame's end (causal, unlike
/// latentFramePitch()), kept where it is clear (confidence ≥ 0.8, MIDI 24 … 108, the frame
/// above −60 dBFS), else 0; frames the history does not reach are 0. Thread: any; allocates.
std::vector<float> liveFramePitch(const std::vector<float>& history, int frames,
                                  const RaveConfig& config);
/// Unvoiced frames (≤ 0) of a pitch curve take the last voiced frame's pitch before them, the
/// leading ones the first voiced frame's after them; a curve with no voiced frame stays as it
/// is. As the oscillator of a model with a pitch input is given it (RaveConfig::pitchInput).
std::vector<float> fillUnvoiced(std::vector<float> pitch);
/// fillUnvoiced() on each row of `pitch` [B, L]: a new float tensor [B, L] on the CPU.
torch::Tensor fillUnvoiced(const torch::Tensor& pitch);

/// `config.batchSize` random windows (latent-frame aligned) of random training recordings.
RaveBatch sampleBatch(const RaveDataset& data, const RaveConfig& config, std::mt19937_64& rng);
/// The window of `recording` starting at latent frame `frame` as a batch of one.
RaveBatch windowOf(const RaveRecording& recording, int frame, const RaveDataset& data,
                   const RaveConfig& config);

} // namespace latentrack::models::rave
