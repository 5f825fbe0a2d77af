#pragma once
// The attribute-fader voice's decoding, block by block (the code path of the app's stream
// player worker, of `latentrack-cli fader` and of the benchmarks): each call decodes the next
// `frames` latent frames of the current source with the model in streaming mode, so the
// joined blocks are one continuous decode (no clicks at block boundaries).
// Sources of z:
//  - prior: a slow random walk in the VAE prior N(0, 1) (Ornstein–Uhlenbeck, time constant
//    `walkSeconds`), its first dimension held at 2·firstLatent (NeuroRave's CV 1);
//  - loop: the encoder's μ series of a sound, looped (timbre transfer of a file);
//  - live: the streaming encoder's μ of the blocks given to feedLive() (the audio input).
//    Their attributes are the input's own descriptors, measured on the input so far, the
//    newest frame whose loudness window lies wholly in it (about 2048 samples behind: the
//    attributes lag the latent by that much, 128 ms at 16 kHz).
// Attributes per latent frame, normalised −1 … 1: for the prior (and an absolute fader), each
// fader plus its modulator is fader travel, mapped by the model's FaderScale (0 = the training
// data's median, ±1 its extremes); for a loop or the live input, the sound's own descriptors
// plus fader and modulator as an offset (fader 0 = the sound as it is); a followed curve plus
// the fader as an offset; all clamped to −1 … 1.
// Pitch, for a model with a pitch input (RaveConfig::pitchInput; the oscillator plays it): the
// loop's own YIN pitch (latentFramePitch, unvoiced frames filled), the live input's (YIN over
// the newest window of each frame, causal: liveFramePitch; unvoiced frames hold the last clear
// one), or, for the prior and before the source's first clear frame, the note (setNote); plus
// the transposition (setTranspose). Other models ignore both.
// Thread: one thread (LibTorch); setters from the same thread.

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "core/control/Modulator.h"
#include "core/dsp/Descriptors.h"
#include "models/rave/FaderScale.h"
#include "models/rave/RaveModelIo.h"

namespace latentrack::models::rave {

class RaveStreamDecoder {
public:
    static constexpr int kMaxAttributes = core::dsp::kNumDescriptors;

    /// `bundle` stays owned by the caller and must outlive the decoder; its model is switched
    /// to streaming mode here (and back in the destructor).
    RaveStreamDecoder(RaveBundle& bundle, std::uint64_t seed = 1);
    ~RaveStreamDecoder();
    RaveStreamDecoder(const RaveStreamDecoder&) = delete;
    RaveStreamDecoder& operator=(const RaveStreamDecoder&) = delete;

    /// The next `frames` latent frames as audio at the model's rate (frames · compression
    /// samples).
    std::vector<float> next(int frames);

    /// Fader of attribute `a` (0 … 4), travel −1 … 1 (FaderScale: 0 = the data's median).
    /// While a sound loops, the fader is an offset added to the sound's own normalised curve,
    /// or replaces it (as travel) when `absolute`.
    void setFader(int a, float value, bool absolute = false);
    void setModulator(int a, const core::control::ModulatorSettings& m);
    /// Attribute `a` follows `curve` (normalised −1 … 1, one value per latent frame, looped:
    /// another sound's descriptor, descriptorCurves()) in place of its modulator, plus the
    /// fader; an empty curve goes back to the modulator.
    void setFollow(int a, std::vector<float> curve);
    /// The note a model with a pitch input plays from the prior (and from a loop or the live
    /// input until their first clearly pitched frame): MIDI, clamped to 24 … 108 (the
    /// oscillator's range, HarmonicOscillator.h). Default 60 (C4).
    void setNote(double midi);
    /// Semitones added to the pitch a model with a pitch input plays, whatever its source;
    /// clamped to ±kMaxTranspose.
    void setTranspose(double semitones);
    static constexpr double kMaxTranspose = 24.0;
    /// The pitch (MIDI) the last block's last frame was given; 0 before one, or for a model
    /// without a pitch input.
    float lastPitch() const { return m_lastPitch; }
    /// The prior's first latent dimension, −1 … 1 (±2 σ).
    void setFirstLatent(float value) { m_firstLatent = value; }
    void setWalkSeconds(double seconds) { m_walkSeconds = seconds; }
    /// Plays the prior (the default).
    void usePrior();
    /// Plays the live input: each next(frames) decodes the block given to feedLive() before it.
    void useLive();
    bool live() const { return m_live; }
    /// The next block of live input, mono at the model's rate: `frames` · compression samples
    /// for the next(frames). Throws std::invalid_argument for another length.
    void feedLive(const std::vector<float>& block, int frames);
    /// Encodes `audio` (mono at the model's rate, at least one latent frame) and loops it.
    /// Throws std::invalid_argument when it is shorter than one latent frame.
    void loop(const std::vector<float>& audio);

    /// Stream time of the next frame, seconds.
    double seconds() const;
    /// The attributes the last block was decoded with (its last frame), normalised.
    std::array<float, kMaxAttributes> lastTargets() const { return m_lastTargets; }
    const RaveBundle& bundle() const { return m_bundle; }

private:
    torch::Tensor priorFrames(int frames);
    torch::Tensor loopFrames(int frames, torch::Tensor& attributes);
    torch::Tensor liveFrames(int frames, torch::Tensor& attributes);
    /// The next `frames` frames' pitch [1, frames] (see above); undefined without a pitch input.
    torch::Tensor pitchFrames(int frames);

    RaveBundle& m_bundle;
    int m_attributes;
    std::mt19937_64 m_rng;
    std::normal_distribution<float> m_normal{0.0f, 1.0f};
    FaderScale m_scale;
    std::array<float, kMaxAttributes> m_faders{};
    std::array<bool, kMaxAttributes> m_absolute{};
    std::array<core::control::ModulatorSettings, kMaxAttributes> m_modulators{};
    std::array<std::vector<float>, kMaxAttributes> m_follow{};
    std::array<float, kMaxAttributes> m_lastTargets{};
    std::uint64_t m_seed;
    float m_firstLatent = 0.0f;
    double m_walkSeconds = 2.0;
    std::vector<float> m_walk; ///< current z of the prior walk
    torch::Tensor m_loopZ;     ///< [z, L] of the looped sound
    std::vector<std::array<float, kMaxAttributes>> m_loopAttributes; ///< its own, normalised
    bool m_looping = false;
    bool m_live = false;
    std::vector<float> m_liveBlock;   ///< the block for the next next()
    std::vector<float> m_liveHistory; ///< the input so far (its last few windows)
    std::unique_ptr<core::dsp::DescriptorAnalyzer> m_liveAnalyzer;
    double m_note = 60.0;
    double m_transpose = 0.0;
    std::vector<float> m_loopPitch; ///< the looped sound's, filled (pitch input only)
    float m_liveHeld = 0.0f;        ///< the live input's last clear pitch (0: none yet)
    float m_lastPitch = 0.0f;
    std::int64_t m_frame = 0;     ///< latent frames decoded since the start
    std::int64_t m_loopFrame = 0; ///< position in the loop
};

/// The descriptors of `audio` (mono at the model's rate) per latent frame, normalised with the
/// model's range: one curve per attribute, for RaveStreamDecoder::setFollow(). Empty curves
/// for a sound shorter than one latent frame.
std::array<std::vector<float>, RaveStreamDecoder::kMaxAttributes>
descriptorCurves(const RaveBundle& bundle, const std::vector<float>& audio);

} // namespace latentrack::models::rave
