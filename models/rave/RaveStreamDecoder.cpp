#include "models/rave/RaveStreamDecoder.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/rave/RaveData.h"

namespace latentrack::models::rave {

RaveStreamDecoder::RaveStreamDecoder(RaveBundle& bundle, std::uint64_t seed)
    : m_bundle(bundle), m_attributes(std::min(bundle.config().attributes, kMaxAttributes)),
      m_rng(seed), m_scale(bundle.binEdges), m_seed(seed) {
    m_walk.assign(static_cast<std::size_t>(bundle.config().latentDim), 0.0f);
    for (auto& v : m_walk)
        v = m_normal(m_rng);
    m_bundle.model->eval();
    m_bundle.model->setStreaming(true);
}

RaveStreamDecoder::~RaveStreamDecoder() {
    m_bundle.model->setStreaming(false);
}

void RaveStreamDecoder::setFader(int a, float value, bool absolute) {
    if (a < 0 || a >= kMaxAttributes)
        return;
    m_faders[static_cast<std::size_t>(a)] = std::clamp(value, -1.0f, 1.0f);
    m_absolute[static_cast<std::size_t>(a)] = absolute;
}

void RaveStreamDecoder::setModulator(int a, const core::control::ModulatorSettings& m) {
    if (a >= 0 && a < kMaxAttributes)
        m_modulators[static_cast<std::size_t>(a)] = m;
}

void RaveStreamDecoder::setNote(double midi) {
    m_note = std::clamp(midi, HarmonicOscillatorImpl::kLowestMidi,
                        HarmonicOscillatorImpl::kLowestMidi + HarmonicOscillatorImpl::kMidiSpan);
}

void RaveStreamDecoder::setTranspose(double semitones) {
    m_transpose = std::clamp(semitones, -kMaxTranspose, kMaxTranspose);
}

void RaveStreamDecoder::setFollow(int a, std::vector<float> curve) {
    if (a >= 0 && a < kMaxAttributes)
        m_follow[static_cast<std::size_t>(a)] = std::move(curve);
}

std::array<std::vector<float>, RaveStreamDecoder::kMaxAttributes>
descriptorCurves(const RaveBundle& bundle, const std::vector<float>& audio) {
    std::array<std::vector<float>, RaveStreamDecoder::kMaxAttributes> curves;
    if (static_cast<int>(audio.size()) < bundle.config().compression())
        return curves;
    for (const auto& f : latentFrameDescriptors(audio, bundle.config())) {
        const auto n = bundle.range.normalise(f);
        for (std::size_t a = 0; a < curves.size(); ++a)
            curves[a].push_back(n[a]);
    }
    return curves;
}

double RaveStreamDecoder::seconds() const {
    return static_cast<double>(m_frame) * m_bundle.config().compression() /
           m_bundle.config().sampleRate;
}

void RaveStreamDecoder::usePrior() {
    m_looping = false;
    m_live = false;
}

void RaveStreamDecoder::useLive() {
    m_looping = false;
    m_live = true;
    m_liveBlock.clear();
    m_liveHistory.clear();
    m_liveHeld = 0.0f;
    if (!m_liveAnalyzer)
        m_liveAnalyzer = std::make_unique<core::dsp::DescriptorAnalyzer>(
            latentDescriptorConfig(m_bundle.config()));
}

void RaveStreamDecoder::feedLive(const std::vector<float>& block, int frames) {
    const auto& c = m_bundle.config();
    if (static_cast<int>(block.size()) != frames * c.compression())
        throw std::invalid_argument("rave voice: a live block of " + std::to_string(frames) +
                                    " frames is " + std::to_string(frames * c.compression()) +
                                    " samples, not " + std::to_string(block.size()));
    m_liveBlock = block;
    const auto keep = std::max(descriptorHistorySamples(c, frames),
                               static_cast<std::size_t>(std::max(1024, 2 * c.compression()) +
                                                        frames * c.compression())); // + YIN's
    m_liveHistory.insert(m_liveHistory.end(), block.begin(), block.end());
    if (m_liveHistory.size() > keep)
        m_liveHistory.erase(m_liveHistory.begin(),
                            m_liveHistory.begin() +
                                static_cast<std::ptrdiff_t>(m_liveHistory.size() - keep));
}

void RaveStreamDecoder::loop(const std::vector<float>& audio) {
    const auto& c = m_bundle.config();
    const auto frames = static_cast<int64_t>(audio.size()) / c.compression();
    if (frames < 1)
        throw std::invalid_argument("rave voice: the sound is shorter than one latent frame (" +
                                    std::to_string(c.compression()) + " samples)");
    torch::NoGradGuard noGrad;
    std::vector<float> trimmed(audio.begin(), audio.begin() + frames * c.compression());
    // An offline encode of its own (the streaming encoder state belongs to live input).
    auto& model = *m_bundle.model;
    model.setStreaming(false);
    const auto input =
        torch::from_blob(trimmed.data(), {1, static_cast<int64_t>(trimmed.size())}).clone();
    m_loopZ = model.encode(input).mean.squeeze(0); // [z, L]
    model.setStreaming(true);
    m_loopAttributes.clear();
    for (const auto& f : latentFrameDescriptors(trimmed, c))
        m_loopAttributes.push_back(m_bundle.range.normalise(f));
    m_loopPitch = c.pitchInput ? fillUnvoiced(latentFramePitch(trimmed, c)) : std::vector<float>();
    m_loopFrame = 0;
    m_looping = true;
    m_live = false;
}

torch::Tensor RaveStreamDecoder::pitchFrames(int frames) {
    const auto& c = m_bundle.config();
    if (!c.pitchInput)
        return {};
    const auto live = m_live ? liveFramePitch(m_liveHistory, frames, c) : std::vector<float>();
    auto pitch = torch::empty({1, frames});
    auto p = pitch.accessor<float, 2>();
    for (int j = 0; j < frames; ++j) {
        float source = 0.0f; // the source's own pitch at this frame (0: none)
        if (m_live) {
            if (live[static_cast<std::size_t>(j)] > 0.0f)
                m_liveHeld = live[static_cast<std::size_t>(j)];
            source = m_liveHeld;
        } else if (m_looping && !m_loopPitch.empty()) {
            source = m_loopPitch[static_cast<std::size_t>(
                (m_loopFrame + j) % static_cast<int64_t>(m_loopPitch.size()))];
        }
        p[0][j] = static_cast<float>((source > 0.0f ? source : m_note) + m_transpose);
    }
    m_lastPitch = p[0][frames - 1];
    return pitch;
}

torch::Tensor RaveStreamDecoder::priorFrames(int frames) {
    const auto& c = m_bundle.config();
    const double dt = static_cast<double>(c.compression()) / c.sampleRate;
    const auto keep = static_cast<float>(std::exp(-dt / std::max(0.01, m_walkSeconds)));
    const float noise = std::sqrt(1.0f - keep * keep);
    auto z = torch::empty({1, c.latentDim, frames});
    auto a = z.accessor<float, 3>();
    for (int j = 0; j < frames; ++j) {
        for (std::size_t d = 0; d < m_walk.size(); ++d)
            m_walk[d] = keep * m_walk[d] + noise * m_normal(m_rng);
        m_walk[0] = 2.0f * m_firstLatent;
        for (int d = 0; d < c.latentDim; ++d)
            a[0][d][j] = m_walk[static_cast<std::size_t>(d)];
    }
    return z;
}

torch::Tensor RaveStreamDecoder::loopFrames(int frames, torch::Tensor& attributes) {
    const auto length = m_loopZ.size(1);
    std::vector<int64_t> index;
    auto at = attributes.accessor<float, 3>();
    for (int j = 0; j < frames; ++j) {
        const auto f = (m_loopFrame + j) % length;
        index.push_back(f);
        for (int a = 0; a < m_attributes; ++a)
            if (!m_absolute[static_cast<std::size_t>(a)])
                at[0][a][j] +=
                    m_loopAttributes[static_cast<std::size_t>(f)][static_cast<std::size_t>(a)];
    }
    m_loopFrame = (m_loopFrame + frames) % length;
    return m_loopZ.index_select(1, torch::tensor(index)).unsqueeze(0);
}

torch::Tensor RaveStreamDecoder::liveFrames(int frames, torch::Tensor& attributes) {
    const auto& c = m_bundle.config();
    if (static_cast<int>(m_liveBlock.size()) != frames * c.compression())
        throw std::invalid_argument("rave voice: next(" + std::to_string(frames) +
                                    ") without its live block (feedLive)");
    const auto input =
        torch::from_blob(m_liveBlock.data(), {1, static_cast<int64_t>(m_liveBlock.size())}).clone();
    m_liveBlock.clear();
    const auto z = m_bundle.model->encode(input).mean; // streaming: continues the input
    // The input's own descriptors at the newest frames whose window is complete.
    const int lag = descriptorLagFrames(c);
    const auto measured = latentFrameDescriptors(*m_liveAnalyzer, m_liveHistory, c);
    auto at = attributes.accessor<float, 3>();
    for (int j = 0; j < frames; ++j) {
        const auto back = static_cast<std::ptrdiff_t>(lag + frames - 1 - j);
        if (static_cast<std::ptrdiff_t>(measured.size()) <= back)
            continue; // not enough input yet: the faders alone
        const auto own = m_bundle.range.normalise(
            measured[measured.size() - 1 - static_cast<std::size_t>(back)]);
        for (int a = 0; a < m_attributes; ++a)
            if (!m_absolute[static_cast<std::size_t>(a)])
                at[0][a][j] += own[static_cast<std::size_t>(a)];
    }
    return z;
}

std::vector<float> RaveStreamDecoder::next(int frames) {
    const auto& c = m_bundle.config();
    torch::NoGradGuard noGrad;
    auto attributes = torch::zeros({1, std::max(c.attributes, 0), frames});
    {
        auto at = attributes.accessor<float, 3>();
        const double frameSeconds = static_cast<double>(c.compression()) / c.sampleRate;
        for (int j = 0; j < frames; ++j) {
            const double t = static_cast<double>(m_frame + j) * frameSeconds;
            for (int a = 0; a < m_attributes; ++a) {
                const auto i = static_cast<std::size_t>(a);
                const auto& follow = m_follow[i];
                if (!follow.empty()) {
                    at[0][a][j] =
                        m_faders[i] + follow[static_cast<std::size_t>(m_frame + j) % follow.size()];
                    continue;
                }
                const float travel =
                    m_faders[i] + core::control::modulatorValue(
                                      m_modulators[i], t, m_seed + static_cast<std::uint64_t>(a));
                // A fader that plays the attribute itself is travel (0 = the data's median); one
                // added to a sound's own curve is an offset in the normalised range.
                const bool own = (m_looping || m_live) && !m_absolute[i];
                at[0][a][j] = own ? travel : m_scale.toAttribute(a, travel);
            }
        }
    }
    const auto pitch = pitchFrames(frames); // before loopFrames() moves the loop on
    const auto z = m_live      ? liveFrames(frames, attributes)
                   : m_looping ? loopFrames(frames, attributes)
                               : priorFrames(frames);
    attributes.clamp_(-1.0f, 1.0f);
    for (int a = 0; a < m_attributes; ++a)
        m_lastTargets[static_cast<std::size_t>(a)] = attributes[0][a][frames - 1].item<float>();
    const auto audio = m_bundle.model->decode(z, attributes, pitch).squeeze(0).contiguous();
    m_frame += frames;
    return {audio.data_ptr<float>(), audio.data_ptr<float>() + audio.numel()};
}

} // namespace latentrack::models::rave
