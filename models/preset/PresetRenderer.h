#pragma once
// Renders DX7 voices the way the preset-inference dataset hears them: LatentRack's own FM
// engine (core/fm/FmSynth, the code the app plays), one note at PresetConfig's note and velocity,
// held then released, mono at PresetConfig::sampleRate, scaled so that one full-scale carrier
// is a ±1 sine; and the log-mel spectrogram of that rendering.
//
// Thread: any non-realtime thread; one PresetRenderer per thread (it owns an FmSynth and FFTW
// plans). Allocates.

#include <memory>
#include <span>
#include <vector>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"
#include "models/preset/PresetConfig.h"

namespace latentrack::core::fm {
class FmSynth;
}

namespace latentrack::models::preset {

class PresetRenderer {
public:
    explicit PresetRenderer(const PresetConfig& config);
    ~PresetRenderer();
    PresetRenderer(const PresetRenderer&) = delete;
    PresetRenderer& operator=(const PresetRenderer&) = delete;

    /// config.renderedSamples() samples.
    std::vector<float> render(const core::fm::DxVoice& voice);
    /// [frames, mels] dB, floor config.floorDb.
    core::dsp::LogMel logMel(std::span<const float> audio);
    /// logMel(render(voice)), rendered into a buffer the renderer keeps (the refinement's inner
    /// loop calls this thousands of times per sound).
    core::dsp::LogMel renderLogMel(const core::fm::DxVoice& voice);
    const PresetConfig& config() const noexcept { return m_config; }

private:
    /// Renders into m_audio.
    void renderInto(const core::fm::DxVoice& voice);

    PresetConfig m_config;
    std::vector<float> m_audio;
    std::unique_ptr<core::fm::FmSynth> m_synth;
    core::dsp::MelSpectrogram m_mel;
};

/// Highest RMS of the audio over 50 ms windows (hop 25 ms), dB re. full scale; −200 for
/// silence. The dataset drops presets whose peak is below −40 dB (DAFx21).
double peakRmsDb(std::span<const float> audio, double sampleRate);

} // namespace latentrack::models::preset
