#include "models/preset/PresetInference.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/preset/PresetLoss.h"
#include "models/preset/PresetRepresentation.h"

namespace latentrack::models::preset {

torch::Tensor spectrogramInput(const core::dsp::LogMel& mel, const PresetConfig& c) {
    if (mel.frames != c.frames || mel.mels != c.mels)
        throw std::invalid_argument("spectrogram of " + std::to_string(mel.frames) + " × " +
                                    std::to_string(mel.mels) + ", the model takes " +
                                    std::to_string(c.frames) + " × " + std::to_string(c.mels));
    const auto db =
        torch::from_blob(const_cast<float*>(mel.db.data()), {c.frames, c.mels}, torch::kFloat32);
    return scaleSpectrogram(db, c).transpose(0, 1).unsqueeze(0).unsqueeze(0).contiguous();
}

void checkSound(std::span<const float> audio, double sampleRate) {
    const double seconds = static_cast<double>(audio.size()) / sampleRate;
    if (seconds < 0.1)
        throw std::invalid_argument("the sound is too short to match (" +
                                    std::to_string(static_cast<int>(seconds * 1000.0 + 0.5)) +
                                    " ms; at least 100 ms)");
    float peak = 0.0f;
    for (float x : audio)
        peak = std::max(peak, std::isfinite(x) ? std::abs(x) : 0.0f);
    if (peak < 0.001f)
        throw std::invalid_argument("the sound is silent (peak below −60 dBFS)");
}

PresetInferencer::PresetInferencer(PresetBundle bundle)
    : m_bundle(std::move(bundle)), m_renderer(m_bundle.config()) {
    m_bundle.model->eval();
}

core::dsp::LogMel PresetInferencer::soundLogMel(std::span<const float> audio) {
    std::vector<float> x(static_cast<std::size_t>(config().renderedSamples()), 0.0f);
    std::copy_n(audio.begin(), std::min(audio.size(), x.size()), x.begin());
    return m_renderer.logMel(x);
}

torch::Tensor PresetInferencer::encode(const core::dsp::LogMel& sound) {
    torch::NoGradGuard g;
    return m_bundle.model->encode(spectrogramInput(sound, config())).first[0];
}

std::vector<PresetCandidate> PresetInferencer::infer(const core::dsp::LogMel& sound, int count,
                                                     std::uint64_t seed) {
    torch::NoGradGuard g;
    const auto [mean, logVar] = m_bundle.model->encode(spectrogramInput(sound, config()));
    auto z = mean;
    if (count > 1) {
        auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
        const auto eps = torch::randn({count - 1, mean.size(1)}, gen);
        z = torch::cat({mean, mean + torch::exp(0.5 * logVar) * eps});
    }
    const auto v = m_bundle.model->regress(z).contiguous();
    const auto& rep = PresetRepresentation::shared();
    std::vector<PresetCandidate> out;
    for (int64_t i = 0; i < v.size(0); ++i) {
        const auto row = v[i];
        PresetCandidate c;
        c.voice = rep.decode({row.data_ptr<float>(), static_cast<std::size_t>(row.numel())});
        c.rendering = m_renderer.renderLogMel(c.voice);
        c.distanceDb = core::dsp::logMelDistance(c.rendering, sound);
        c.posteriorMean = i == 0;
        out.push_back(std::move(c));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.distanceDb < b.distanceDb; });
    return out;
}

std::vector<float> latentValues(const torch::Tensor& z) {
    const auto c = z.contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

torch::Tensor PresetInferencer::latentOf(const core::fm::DxVoice& voice) {
    torch::NoGradGuard g;
    auto t = invertibleTarget(voice, config().labelSmoothing);
    const auto v = torch::from_blob(t.data(), {1, static_cast<int64_t>(t.size())}).clone();
    return m_bundle.model->presetToLatent(v)[0];
}

torch::Tensor PresetInferencer::regress(const torch::Tensor& z) {
    torch::NoGradGuard g;
    return m_bundle.model->regress(z.reshape({1, -1}))[0];
}

core::fm::DxVoice PresetInferencer::voiceAt(const torch::Tensor& z, const std::string& name) {
    const auto v = regress(z).contiguous();
    return PresetRepresentation::shared().decode(
        {v.data_ptr<float>(), static_cast<std::size_t>(v.numel())}, name);
}

LatentPlace PresetInferencer::placeOf(const core::fm::DxVoice& voice) {
    LatentPlace p;
    p.z = encode(m_renderer.renderLogMel(voice));
    p.residual = torch::tensor(invertibleTarget(voice, config().labelSmoothing)) - regress(p.z);
    return p;
}

} // namespace latentrack::models::preset
