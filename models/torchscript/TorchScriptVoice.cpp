#include "models/torchscript/TorchScriptVoice.h"

#include <chrono>

#include <ATen/Parallel.h>

#include "core/dsp/LiveInput.h"
#include "core/dsp/StreamResampler.h"

namespace latentrack::models::torchscript {

struct TorchScriptVoice::Pending {
    std::array<LatentKnob, TorchScriptStream::kMaxKnobs> knobs{};
    std::optional<std::vector<float>> loop; ///< a new sound (empty: none)
    std::optional<core::rt::AudioRing*> live;
    std::optional<bool> forward;
};

TorchScriptVoice::TorchScriptVoice(std::shared_ptr<TorchScriptModel> model,
                                   core::rt::AudioRing& out, double engineRate, double aheadSeconds,
                                   int bufferSamples, std::uint64_t seed)
    : m_model(std::move(model)), m_out(out), m_engineRate(engineRate), m_ahead(aheadSeconds),
      m_buffer(bufferSamples > 0 ? bufferSamples : m_model->info().defaultBuffer()), m_seed(seed),
      m_pending(std::make_unique<Pending>()) {
    const auto& info = m_model->info();
    for (const char* name : {"forward", "encode", "decode"})
        if (const auto* m = info.method(name))
            TorchScriptModel::checkBuffer(*m, m_buffer);
    if (!TorchScriptStream::supports(info, StreamMode::Generate) &&
        !TorchScriptStream::supports(info, StreamMode::Forward))
        throw TorchScriptError(info.file.string() +
                               ": it has neither decode nor forward: nothing to play");
    m_mode = chooseMode(false, false);
    m_thread = std::thread([this] { run(); });
}

TorchScriptVoice::~TorchScriptVoice() {
    m_running = false;
    m_thread.join();
}

void TorchScriptVoice::play(bool on) {
    m_playing = on;
}

void TorchScriptVoice::setKnob(int dimension, LatentKnob knob) {
    if (dimension < 0 || dimension >= TorchScriptStream::kMaxKnobs)
        return;
    std::lock_guard lock(m_mutex);
    m_pending->knobs[static_cast<std::size_t>(dimension)] = knob;
}

void TorchScriptVoice::loop(std::vector<float> audio) {
    std::lock_guard lock(m_mutex);
    m_pending->loop = std::move(audio);
}

void TorchScriptVoice::listen(core::rt::AudioRing* liveInput) {
    std::lock_guard lock(m_mutex);
    m_pending->live = liveInput;
}

void TorchScriptVoice::preferForward(bool on) {
    std::lock_guard lock(m_mutex);
    m_pending->forward = on;
}

std::string TorchScriptVoice::error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

void TorchScriptVoice::setError(std::string e) {
    std::lock_guard lock(m_mutex);
    m_failed = !e.empty();
    m_error = std::move(e);
}

StreamMode TorchScriptVoice::chooseMode(bool hasInput, bool forward) const {
    const auto& info = m_model->info();
    if (hasInput && forward && TorchScriptStream::supports(info, StreamMode::Forward))
        return StreamMode::Forward;
    if (!hasInput && !TorchScriptStream::supports(info, StreamMode::Generate))
        return StreamMode::Forward; // plays silence through forward until a sound comes
    return TorchScriptStream::preferredMode(info, hasInput);
}

void TorchScriptVoice::writeAll(const std::vector<float>& samples) {
    if (auto* take = m_take.load())
        take->append(samples.data(), samples.size());
    std::size_t done = 0;
    while (done < samples.size() && m_running.load()) {
        done += m_out.write(samples.data() + done, samples.size() - done);
        if (done < samples.size())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

void TorchScriptVoice::run() {
    at::set_num_threads(1);
    const double modelRate = m_model->info().sampleRate;
    core::dsp::StreamResampler toEngine(modelRate, m_engineRate);
    core::dsp::LiveInput live(m_engineRate, modelRate);
    std::unique_ptr<TorchScriptStream> stream;
    std::array<LatentKnob, TorchScriptStream::kMaxKnobs> knobs{};
    std::vector<float> sound; // looped, model rate
    std::size_t soundPos = 0;
    bool forward = false;
    bool failed = false;
    std::vector<float> input(static_cast<std::size_t>(m_buffer)), resampled;
    const auto ahead = static_cast<std::size_t>(m_ahead * m_engineRate);
    std::uint64_t seed = m_seed;

    while (m_running.load()) {
        bool rebuild = !stream;
        {
            std::lock_guard lock(m_mutex);
            auto& p = *m_pending;
            knobs = p.knobs;
            if (p.loop) {
                sound = std::move(*p.loop);
                soundPos = 0;
                p.loop.reset();
                rebuild = true;
            }
            if (p.live) {
                live.listen(*p.live);
                p.live.reset();
                rebuild = true;
            }
            if (p.forward) {
                rebuild = rebuild || forward != *p.forward;
                forward = *p.forward;
                p.forward.reset();
            }
        }
        if (rebuild) {
            failed = false;
            try {
                const auto mode = chooseMode(live.ring() || !sound.empty(), forward);
                stream = std::make_unique<TorchScriptStream>(*m_model, mode, m_buffer, seed++);
                m_mode = mode;
                setError({});
            } catch (const std::exception& e) {
                failed = true;
                setError(e.what());
            }
        }
        const bool sounding = m_playing.load() && !failed;
        live.drain(sounding);
        const bool ready = live.ring() ? live.take(input.size(), input) : m_out.available() < ahead;
        if (!sounding || !ready) {
            std::this_thread::sleep_for(std::chrono::milliseconds(live.ring() ? 1 : 2));
            continue;
        }
        if (!live.ring()) { // else the live block is in `input`
            if (sound.empty())
                std::fill(input.begin(), input.end(), 0.0f);
            else
                for (auto& x : input) {
                    x = sound[soundPos];
                    soundPos = (soundPos + 1) % sound.size();
                }
        }
        for (int d = 0; d < TorchScriptStream::kMaxKnobs; ++d)
            stream->setKnob(d, knobs[static_cast<std::size_t>(d)]);
        try {
            const auto out = stream->process(input.data());
            ++m_buffers;
            resampled.clear();
            toEngine.process(out, resampled);
            writeAll(resampled);
        } catch (const std::exception& e) {
            failed = true;
            setError(e.what());
        }
    }
}

} // namespace latentrack::models::torchscript
