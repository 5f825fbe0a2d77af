#include "models/rave/RaveVoice.h"

#include <chrono>

#include "core/dsp/LiveInput.h"
#include "core/dsp/StreamResampler.h"
#include "models/rave/RaveData.h"

namespace latentrack::models::rave {

struct RaveVoice::Pending {
    std::array<float, kAttributes> faders{};
    std::array<bool, kAttributes> absolute{};
    std::array<core::control::ModulatorSettings, kAttributes> modulators{};
    std::array<std::optional<std::vector<float>>, kAttributes> follow{};
    float firstLatent = 0.0f;
    double note = 60.0;
    double transpose = 0.0;
    std::optional<std::vector<float>> loop;   ///< a new sound (empty vector: the prior)
    std::optional<core::rt::AudioRing*> live; ///< the live input (null: none)
    bool changed = false;
    std::size_t changeRead = 0; ///< the ring's read position when the last change came
};

RaveVoice::RaveVoice(std::shared_ptr<RaveBundle> bundle, core::rt::AudioRing& ring,
                     double engineRate, double aheadSeconds, int blockFrames)
    : m_bundle(std::move(bundle)), m_ring(ring), m_engineRate(engineRate), m_ahead(aheadSeconds),
      m_blockFrames(std::max(1, blockFrames)), m_pending(std::make_unique<Pending>()) {
    m_thread = std::thread([this] { run(); });
}

RaveVoice::~RaveVoice() {
    m_running = false;
    m_thread.join();
}

void RaveVoice::markChange() {
    m_pending->changed = true;
    m_pending->changeRead = m_ring.totalRead();
}

void RaveVoice::play(bool on) {
    std::lock_guard lock(m_mutex);
    m_playing = on;
    markChange();
}

void RaveVoice::setFader(int a, float value, bool absolute) {
    if (a < 0 || a >= kAttributes)
        return;
    std::lock_guard lock(m_mutex);
    m_pending->faders[static_cast<std::size_t>(a)] = value;
    m_pending->absolute[static_cast<std::size_t>(a)] = absolute;
    markChange();
}

void RaveVoice::setModulator(int a, const core::control::ModulatorSettings& m) {
    if (a < 0 || a >= kAttributes)
        return;
    std::lock_guard lock(m_mutex);
    m_pending->modulators[static_cast<std::size_t>(a)] = m;
    markChange();
}

void RaveVoice::setFollow(int a, std::vector<float> curve) {
    if (a < 0 || a >= kAttributes)
        return;
    std::lock_guard lock(m_mutex);
    m_pending->follow[static_cast<std::size_t>(a)] = std::move(curve);
    markChange();
}

void RaveVoice::setFirstLatent(float value) {
    std::lock_guard lock(m_mutex);
    m_pending->firstLatent = value;
    markChange();
}

void RaveVoice::setNote(double midi) {
    std::lock_guard lock(m_mutex);
    m_pending->note = midi;
    markChange();
}

void RaveVoice::setTranspose(double semitones) {
    std::lock_guard lock(m_mutex);
    m_pending->transpose = semitones;
    markChange();
}

void RaveVoice::loop(std::vector<float> audio) {
    if (!audio.empty() && static_cast<int>(audio.size()) < m_bundle->config().compression())
        throw std::invalid_argument("rave voice: the sound is shorter than one latent frame");
    std::lock_guard lock(m_mutex);
    m_pending->loop = std::move(audio);
    markChange();
}

void RaveVoice::listen(core::rt::AudioRing* liveInput) {
    std::lock_guard lock(m_mutex);
    m_pending->live = liveInput;
    markChange();
}

std::array<float, RaveVoice::kAttributes> RaveVoice::targets() const {
    std::array<float, kAttributes> out{};
    for (int a = 0; a < kAttributes; ++a)
        out[static_cast<std::size_t>(a)] = m_targets[static_cast<std::size_t>(a)].load();
    return out;
}

std::array<float, RaveVoice::kAttributes> RaveVoice::measured() const {
    std::array<float, kAttributes> out{};
    for (int a = 0; a < kAttributes; ++a)
        out[static_cast<std::size_t>(a)] = m_measured[static_cast<std::size_t>(a)].load();
    return out;
}

void RaveVoice::run() {
    torch::set_num_threads(1);
    const auto& c = m_bundle->config();
    RaveStreamDecoder decoder(*m_bundle);
    core::dsp::StreamResampler resampler(c.sampleRate, m_engineRate);
    const auto ahead = static_cast<std::size_t>(m_ahead * m_engineRate);
    // Enough decoded audio for the descriptors' loudness window (4096 samples) around the
    // frame that is measured: the latest whose window lies wholly in what was decoded, about
    // 2048 samples behind the newest (128 ms at 16 kHz).
    const int lag = descriptorLagFrames(c);
    const auto history = descriptorHistorySamples(c, 1);
    std::vector<float> recent;
    core::dsp::DescriptorAnalyzer analyzer(latentDescriptorConfig(c)); // plans made once
    std::vector<float> resampled;
    core::dsp::LiveInput live(m_engineRate, c.sampleRate);
    std::vector<float> liveBlock;
    const auto blockSamples = static_cast<std::size_t>(m_blockFrames * c.compression());
    while (m_running.load()) {
        {
            std::lock_guard lock(m_mutex);
            if (m_pending->live) {
                live.listen(*m_pending->live);
                m_pending->live.reset();
                if (live.ring())
                    decoder.useLive();
                else
                    decoder.usePrior();
            }
        }
        live.drain(m_playing.load());
        const bool ready =
            live.ring() ? live.take(blockSamples, liveBlock) : m_ring.available() < ahead;
        if (!m_playing.load() || !ready) {
            std::this_thread::sleep_for(std::chrono::milliseconds(live.ring() ? 1 : 2));
            continue;
        }
        bool changed = false;
        std::size_t changeRead = 0;
        {
            std::lock_guard lock(m_mutex);
            auto& p = *m_pending;
            for (int a = 0; a < kAttributes; ++a) {
                decoder.setFader(a, p.faders[static_cast<std::size_t>(a)],
                                 p.absolute[static_cast<std::size_t>(a)]);
                decoder.setModulator(a, p.modulators[static_cast<std::size_t>(a)]);
                if (auto& f = p.follow[static_cast<std::size_t>(a)]) {
                    decoder.setFollow(a, std::move(*f));
                    f.reset();
                }
            }
            decoder.setFirstLatent(p.firstLatent);
            decoder.setNote(p.note);
            decoder.setTranspose(p.transpose);
            if (p.loop) {
                if (p.loop->empty())
                    decoder.usePrior();
                else
                    decoder.loop(*p.loop);
                p.loop.reset();
                live.listen(nullptr); // a sound (or the prior) replaces the live input
            }
            changed = p.changed;
            changeRead = p.changeRead;
            p.changed = false;
        }
        if (decoder.live())
            decoder.feedLive(liveBlock, m_blockFrames);
        liveBlock.clear(); // (a sound that came with it replaced the live input)
        const auto block = decoder.next(m_blockFrames);
        ++m_blocks;
        resampled.clear();
        resampler.process(block, resampled);
        const std::size_t start = m_ring.totalWritten();
        m_ring.write(resampled.data(), resampled.size());
        if (auto* take = m_take.load())
            take->append(resampled.data(), resampled.size());
        if (changed)
            m_reaction = static_cast<double>(start - std::min(start, changeRead)) / m_engineRate +
                         static_cast<double>(block.size()) / c.sampleRate;
        m_pitch = decoder.lastPitch();
        const auto targets = decoder.lastTargets();
        for (int a = 0; a < kAttributes; ++a)
            m_targets[static_cast<std::size_t>(a)] = targets[static_cast<std::size_t>(a)];
        recent.insert(recent.end(), block.begin(), block.end());
        if (recent.size() > history)
            recent.erase(recent.begin(),
                         recent.begin() + static_cast<std::ptrdiff_t>(recent.size() - history));
        if (recent.size() >= history) {
            const auto frames = latentFrameDescriptors(analyzer, recent, c);
            if (static_cast<int>(frames.size()) > lag) {
                const auto m = m_bundle->range.normalise(
                    frames[frames.size() - 1 - static_cast<std::size_t>(lag)]);
                for (int a = 0; a < kAttributes; ++a)
                    m_measured[static_cast<std::size_t>(a)] = m[static_cast<std::size_t>(a)];
            }
        }
    }
}

} // namespace latentrack::models::rave
