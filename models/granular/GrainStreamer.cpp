#include "models/granular/GrainStreamer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <chrono>
#include <random>

#include "core/dsp/StreamResampler.h"
#include "models/granular/GrainSynthesis.h"
#include "models/granular/GranularModelImpl.h"

namespace latentrack::models::granular {

/// Grain-by-grain synthesis with the overlap-add and post-filter state.
struct GrainStreamer::Decoder {
    Decoder(GranularModel::Impl& m, double engineRate)
        : model(m), window(hannWindow(m.config.grainSize)),
          overlap(static_cast<std::size_t>(m.config.grainSize), 0.0f),
          resampler(m.config.sampleRate, engineRate),
          generator(at::detail::createCPUGenerator(12345)) {
        const auto w = m.grain->named_parameters()["post.weight"].flatten().contiguous();
        kernel.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
        history.assign(kernel.size() - 1, 0.0f);
        windowSum = static_cast<float>(m.config.grainSize) / (2.0f * m.config.hop);
    }

    /// One grain at latent z (empty = silence) → hop samples at the model's rate.
    std::vector<float> grain(const std::vector<float>& z, int classIndex) {
        c10::InferenceMode guard;
        const int l = model.config.grainSize;
        const int hop = model.config.hop;
        if (!z.empty()) {
            const auto zt = torch::from_blob(const_cast<float*>(z.data()),
                                             {1, 1, static_cast<int64_t>(z.size())})
                                .clone();
            const auto mags = model.grain->decodeMagnitudes(zt, model.classTensor(classIndex));
            const auto noise = torch::rand({1, 1, l}, generator) * 2.0 - 1.0;
            const auto g = (filterNoise(mags, noise)[0][0] * window).contiguous();
            const float* p = g.data_ptr<float>();
            for (int i = 0; i < l; ++i)
                overlap[static_cast<std::size_t>(i)] += p[i];
        }
        // The first hop samples are complete: normalise by the window sum and shift.
        std::vector<float> x(overlap.begin(), overlap.begin() + hop);
        std::move(overlap.begin() + hop, overlap.end(), overlap.begin());
        std::fill(overlap.end() - hop, overlap.end(), 0.0f);
        for (float& v : x)
            v /= windowSum;
        // Post filter (the model's Conv1d, delayed by half its length) and, where the model has
        // it, softsign.
        const bool softsign = model.config.postSoftsign;
        std::vector<float> buf(history);
        buf.insert(buf.end(), x.begin(), x.end());
        std::vector<float> y(static_cast<std::size_t>(hop));
        for (int n = 0; n < hop; ++n) {
            float acc = 0.0f;
            for (std::size_t k = 0; k < kernel.size(); ++k)
                acc += kernel[k] * buf[static_cast<std::size_t>(n) + k];
            y[static_cast<std::size_t>(n)] = softsign ? acc / (1.0f + std::abs(acc)) : acc;
        }
        history.assign(buf.end() - static_cast<std::ptrdiff_t>(history.size()), buf.end());
        return y;
    }

    GranularModel::Impl& model;
    torch::Tensor window;
    std::vector<float> overlap;
    std::vector<float> kernel;
    std::vector<float> history;
    float windowSum;
    core::dsp::StreamResampler resampler;
    at::Generator generator;
};

GrainStreamer::GrainStreamer(std::shared_ptr<GranularModel> model, core::rt::AudioRing& ring,
                             double engineRate, double aheadSeconds)
    : m_model(std::move(model)), m_ring(ring), m_engineRate(engineRate), m_ahead(aheadSeconds),
      m_decoder(std::make_unique<Decoder>(m_model->impl(), engineRate)) {
    m_thread = std::thread([this] { run(); });
}

GrainStreamer::~GrainStreamer() {
    m_running = false;
    m_thread.join();
}

void GrainStreamer::setClass(int classIndex) {
    std::lock_guard lock(m_mutex);
    m_class = classIndex;
}

void GrainStreamer::follow(const std::vector<float>& z) {
    std::lock_guard lock(m_mutex);
    m_mode = Mode::Follow;
    m_target = z;
    markChange();
}

void GrainStreamer::markChange() {
    m_changePending = true;
    m_changeRead = m_ring.totalRead();
}

void GrainStreamer::loop(std::vector<std::vector<float>> path, float step, bool pingPong,
                         bool randomStep) {
    std::lock_guard lock(m_mutex);
    if (path.empty()) {
        m_mode = Mode::Silent;
        return;
    }
    m_path = std::move(path);
    m_step = std::clamp(step, 0.05f, 8.0f);
    m_pingPong = pingPong;
    m_randomStep = randomStep;
    m_direction = 1.0f;
    m_position = 0.0f;
    m_mode = Mode::Loop;
    markChange();
}

void GrainStreamer::silence() {
    std::lock_guard lock(m_mutex);
    if (m_mode != Mode::Silent)
        m_tailGrains = m_model->config().grainSize / m_model->config().hop;
    m_mode = Mode::Silent;
}

GrainStreamer::Mode GrainStreamer::mode() const {
    std::lock_guard lock(m_mutex);
    return m_mode;
}

std::vector<float> GrainStreamer::nextLatent() {
    std::lock_guard lock(m_mutex);
    if (m_mode == Mode::Follow)
        return m_target;
    if (m_mode == Mode::Silent)
        return {};
    const float last = static_cast<float>(m_path.size() - 1);
    float pos = m_position.load();
    const auto i = static_cast<std::size_t>(pos);
    const float frac = pos - static_cast<float>(i);
    std::vector<float> z = m_path[i];
    if (i + 1 < m_path.size())
        for (std::size_t d = 0; d < z.size(); ++d)
            z[d] += frac * (m_path[i + 1][d] - z[d]);
    static thread_local std::mt19937 rng{7};
    const float step =
        m_randomStep ? std::uniform_real_distribution<float>(0.0f, 2.0f * m_step)(rng) : m_step;
    pos += m_direction * step;
    if (pos > last) {
        if (m_pingPong) {
            pos = std::max(0.0f, 2.0f * last - pos);
            m_direction = -1.0f;
        } else {
            pos = 0.0f;
        }
    } else if (pos < 0.0f) {
        pos = std::min(last, -pos);
        m_direction = 1.0f;
    }
    m_position = pos;
    return z;
}

std::vector<float> GrainStreamer::decodeNow(int n) {
    Decoder decoder(m_model->impl(), m_engineRate); // the worker owns m_decoder
    std::vector<float> out;
    int cls;
    {
        std::lock_guard lock(m_mutex);
        cls = m_class;
    }
    for (int i = 0; i < n; ++i) {
        const auto y = decoder.grain(nextLatent(), cls);
        out.insert(out.end(), y.begin(), y.end());
    }
    return out;
}

void GrainStreamer::run() {
    torch::set_num_threads(1);
    const auto ahead = static_cast<std::size_t>(m_ahead * m_engineRate);
    std::vector<float> resampled;
    while (m_running.load()) {
        if (m_ring.available() >= ahead) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        int cls;
        bool idle;
        bool changed;
        std::size_t changeRead;
        {
            std::lock_guard lock(m_mutex);
            cls = m_class;
            changed = m_changePending;
            changeRead = m_changeRead;
            m_changePending = false;
            idle = m_mode == Mode::Silent && m_tailGrains == 0;
            if (m_mode == Mode::Silent && m_tailGrains > 0)
                --m_tailGrains; // one more grain of ring-out is decoded below
        }
        if (idle) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        const auto y = m_decoder->grain(nextLatent(), cls);
        ++m_grains;
        resampled.clear();
        m_decoder->resampler.process(y, resampled);
        const std::size_t start = m_ring.totalWritten();
        m_ring.write(resampled.data(), resampled.size());
        if (changed) // the new grain starts at `start` and is at half window one hop later
            m_reaction = static_cast<double>(start + resampled.size() - changeRead) / m_engineRate;
    }
}

} // namespace latentrack::models::granular
