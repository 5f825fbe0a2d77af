#include "models/torchscript/TorchScriptStream.h"

#include <algorithm>
#include <cmath>

namespace latentrack::models::torchscript {

const char* streamModeName(StreamMode m) {
    switch (m) {
    case StreamMode::Forward:
        return "forward";
    case StreamMode::Transfer:
        return "transfer";
    case StreamMode::Generate:
        return "generate";
    }
    return "?";
}

namespace {

const MethodSpec& need(const TorchScriptInfo& info, const char* name, StreamMode mode) {
    const auto* m = info.method(name);
    if (!m)
        throw TorchScriptError(info.file.string() + ": mode \"" + streamModeName(mode) +
                               "\" needs the method " + name + ", which the model does not export");
    return *m;
}

/// Frames of `method`'s input that give `samples` output samples.
std::int64_t inputFramesFor(const MethodSpec& method, std::int64_t samples) {
    return samples * method.outRatio / method.inRatio;
}

torch::Tensor audioInput(const float* input, std::int64_t samples, int channels) {
    auto x = torch::from_blob(const_cast<float*>(input), {1, 1, samples}, torch::kFloat32).clone();
    return channels == 1 ? x : x.expand({1, channels, samples}).contiguous();
}

std::vector<float> monoOutput(const torch::Tensor& out) {
    const auto mono = (out.size(1) == 1 ? out[0][0] : out[0].mean(0)).contiguous();
    const float* p = mono.data_ptr<float>();
    return {p, p + mono.numel()};
}

} // namespace

bool TorchScriptStream::supports(const TorchScriptInfo& info, StreamMode mode) {
    switch (mode) {
    case StreamMode::Forward:
        return info.method("forward") != nullptr;
    case StreamMode::Transfer:
        return info.method("encode") && info.method("decode");
    case StreamMode::Generate:
        return info.method("decode") != nullptr;
    }
    return false;
}

StreamMode TorchScriptStream::preferredMode(const TorchScriptInfo& info, bool hasInput) {
    if (!hasInput) {
        if (supports(info, StreamMode::Generate))
            return StreamMode::Generate;
        throw TorchScriptError(info.file.string() +
                               ": it has no decode method, so it needs an input sound to play");
    }
    if (supports(info, StreamMode::Transfer))
        return StreamMode::Transfer;
    if (supports(info, StreamMode::Forward))
        return StreamMode::Forward;
    throw TorchScriptError(info.file.string() +
                           ": it has neither forward nor encode and decode, so it cannot play "
                           "a sound through it");
}

TorchScriptStream::TorchScriptStream(TorchScriptModel& model, StreamMode mode, int bufferSamples,
                                     std::uint64_t seed)
    : m_model(model), m_mode(mode),
      m_buffer(bufferSamples > 0 ? bufferSamples : model.info().defaultBuffer()), m_rng(seed) {
    const auto& info = model.info();
    if (mode == StreamMode::Forward) {
        m_forward = &need(info, "forward", mode);
        TorchScriptModel::checkBuffer(*m_forward, m_buffer);
        return;
    }
    m_decode = &need(info, "decode", mode);
    TorchScriptModel::checkBuffer(*m_decode, m_buffer);
    if (mode == StreamMode::Transfer) {
        m_encode = &need(info, "encode", mode);
        TorchScriptModel::checkBuffer(*m_encode, m_buffer);
        if (m_encode->outChannels > m_decode->inChannels)
            throw TorchScriptError(
                info.file.string() + ": encode gives " + std::to_string(m_encode->outChannels) +
                " latent channels but decode takes only " + std::to_string(m_decode->inChannels));
    }
    m_walkState.assign(static_cast<std::size_t>(std::max(1, info.latentSize)), 0.0f);
}

int TorchScriptStream::knobCount() const noexcept {
    return m_decode ? m_model.info().knobCount() : 0;
}

void TorchScriptStream::setKnob(int dimension, LatentKnob knob) {
    if (dimension >= 0 && dimension < kMaxKnobs)
        m_knobs[static_cast<std::size_t>(dimension)] = knob;
}

LatentKnob TorchScriptStream::knob(int dimension) const {
    return dimension >= 0 && dimension < kMaxKnobs ? m_knobs[static_cast<std::size_t>(dimension)]
                                                   : LatentKnob{};
}

void TorchScriptStream::setWalkSeconds(double seconds) {
    m_walkSeconds = std::max(0.01, seconds);
}

torch::Tensor TorchScriptStream::walk(std::int64_t frames) {
    const int latent = static_cast<int>(m_walkState.size());
    const double frameSeconds =
        static_cast<double>(m_decode->inRatio) / m_decode->outRatio / m_model.info().sampleRate;
    const auto a = static_cast<float>(std::exp(-frameSeconds / m_walkSeconds));
    const float b = std::sqrt(1.0f - a * a);
    std::normal_distribution<float> n(0.0f, 1.0f);
    auto z = torch::zeros({1, m_decode->inChannels, frames});
    auto acc = z.accessor<float, 3>();
    for (std::int64_t t = 0; t < frames; ++t)
        for (int d = 0; d < latent; ++d) {
            auto& s = m_walkState[static_cast<std::size_t>(d)];
            s = a * s + b * n(m_rng);
            acc[0][d][t] = s;
        }
    return z;
}

void TorchScriptStream::applyKnobs(torch::Tensor& z) const {
    const int n = std::min<int>(kMaxKnobs, static_cast<int>(z.size(1)));
    for (int d = 0; d < n; ++d) {
        const auto& k = m_knobs[static_cast<std::size_t>(d)];
        if (k.scale != 1.0f || k.bias != 0.0f)
            z[0][d].mul_(k.scale).add_(k.bias);
    }
}

std::vector<float> TorchScriptStream::process(const float* input) {
    if (m_mode == StreamMode::Forward)
        return monoOutput(
            m_model.run(*m_forward, audioInput(input, m_buffer, m_forward->inChannels)));
    torch::Tensor z;
    if (m_mode == StreamMode::Transfer) {
        z = m_model.run(*m_encode, audioInput(input, m_buffer, m_encode->inChannels));
        if (z.size(1) < m_decode->inChannels) // attributes after the latent, at 0
            z = torch::cat({z, torch::zeros({1, m_decode->inChannels - z.size(1), z.size(2)})}, 1);
        else
            z = z.clone();
    } else
        z = walk(inputFramesFor(*m_decode, m_buffer));
    applyKnobs(z);
    m_lastLatent = z[0];
    return monoOutput(m_model.run(*m_decode, z));
}

std::vector<float> renderWhole(TorchScriptModel& model, StreamMode mode,
                               const std::vector<float>& audio,
                               const std::array<LatentKnob, TorchScriptStream::kMaxKnobs>& knobs,
                               std::uint64_t seed) {
    const int ratio = model.info().largestRatio();
    const auto length = static_cast<std::int64_t>(audio.size());
    const std::int64_t padded = std::max<std::int64_t>(ratio, (length + ratio - 1) / ratio * ratio);
    std::vector<float> in(audio);
    in.resize(static_cast<std::size_t>(padded), 0.0f);
    TorchScriptStream whole(model, mode, static_cast<int>(padded), seed);
    for (int d = 0; d < TorchScriptStream::kMaxKnobs; ++d)
        whole.setKnob(d, knobs[static_cast<std::size_t>(d)]);
    auto out = whole.process(in.data());
    out.resize(audio.size());
    return out;
}

} // namespace latentrack::models::torchscript
