#include "models/preset/PresetRenderer.h"

#include <algorithm>
#include <cmath>

#include "core/fm/FmSynth.h"

namespace latentrack::models::preset {

PresetRenderer::PresetRenderer(const PresetConfig& config)
    : m_config(config), m_mel(config.melConfig()) {
    m_config.validate();
}

PresetRenderer::~PresetRenderer() = default;

std::vector<float> PresetRenderer::render(const core::fm::DxVoice& voice) {
    renderInto(voice);
    return m_audio;
}

core::dsp::LogMel PresetRenderer::renderLogMel(const core::fm::DxVoice& voice) {
    renderInto(voice);
    return m_mel.compute(m_audio);
}

void PresetRenderer::renderInto(const core::fm::DxVoice& voice) {
    // A fresh synth each time: the LFO's phase and the voice clock carry over otherwise, and
    // the same voice must always give the same rendering.
    m_synth = std::make_unique<core::fm::FmSynth>();
    m_synth->prepare(m_config.sampleRate);
    m_synth->setVoice(voice);
    const int total = m_config.renderedSamples();
    const int held = static_cast<int>(std::lround(m_config.holdSeconds * m_config.sampleRate));
    m_audio.assign(static_cast<std::size_t>(total), 0.0f);
    m_synth->noteOn(m_config.note, m_config.velocity);
    m_synth->render(m_audio.data(), held);
    m_synth->noteOff(m_config.note);
    m_synth->render(m_audio.data() + held, total - held);
    const float gain = 1.0f / core::fm::FmSynth::kCarrierGain;
    for (auto& x : m_audio)
        x *= gain;
}

core::dsp::LogMel PresetRenderer::logMel(std::span<const float> audio) {
    return m_mel.compute(audio);
}

double peakRmsDb(std::span<const float> audio, double sampleRate) {
    const auto window = std::max<std::size_t>(1, static_cast<std::size_t>(0.05 * sampleRate));
    const auto hop = std::max<std::size_t>(1, window / 2);
    double best = 0.0;
    for (std::size_t i = 0; i + window <= audio.size() || i == 0; i += hop) {
        const std::size_t end = std::min(audio.size(), i + window);
        double p = 0.0;
        for (std::size_t k = i; k < end; ++k)
            p += static_cast<double>(audio[k]) * audio[k];
        best = std::max(best, p / static_cast<double>(std::max<std::size_t>(1, end - i)));
        if (end == audio.size())
            break;
    }
    return best > 0.0 ? 10.0 * std::log10(best) : -200.0;
}

} // namespace latentrack::models::preset
