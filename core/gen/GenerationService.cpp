#include "core/gen/GenerationService.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/io/AudioFile.h"

namespace latentrack::core::gen {

namespace {
constexpr double kTailFadeSeconds = 0.005;
}

std::string_view modeName(GenerationMode mode) noexcept {
    switch (mode) {
    case GenerationMode::Path:
        return "path";
    case GenerationMode::Drawn:
        return "drawn";
    case GenerationMode::Note:
        break;
    }
    return "note";
}

bool modeFromName(std::string_view name, GenerationMode& out) noexcept {
    if (name == "note")
        out = GenerationMode::Note;
    else if (name == "path")
        out = GenerationMode::Path;
    else if (name == "drawn")
        out = GenerationMode::Drawn;
    else
        return false;
    return true;
}

GenerationService::GenerationService(std::shared_ptr<SoundGenerator> generator,
                                     engine::Engine& engine, engine::Engine::CommandPort& port,
                                     std::function<void(const GenerationResult&)> onFinished)
    : m_generator(std::move(generator)), m_engine(engine),
      m_drums(engine.require<engine::DrumMachine>("drum machine")), m_port(port),
      m_onFinished(std::move(onFinished)) {
    m_thread = std::thread([this] { run(); });
}

GenerationService::~GenerationService() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

std::uint64_t GenerationService::request(int track, const GenerationRecipe& recipe,
                                         std::function<void(const GenerationResult&)> done) {
    std::lock_guard lock(m_mutex);
    const auto id = m_nextId++;
    const auto same = std::find_if(m_requests.begin(), m_requests.end(),
                                   [track](const Request& r) { return r.track == track; });
    if (same != m_requests.end())
        *same = Request{track, recipe, id, std::move(done)};
    else
        m_requests.push_back(Request{track, recipe, id, std::move(done)});
    m_cv.notify_all();
    return id;
}

std::optional<GenerationResult> GenerationService::poll() {
    std::lock_guard lock(m_mutex);
    if (m_results.empty())
        return std::nullopt;
    auto r = std::move(m_results.front());
    m_results.pop_front();
    return r;
}

int GenerationService::pending() const {
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_requests.size()) + m_running;
}

bool GenerationService::waitIdle(double timeoutSeconds) const {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::duration<double>(timeoutSeconds),
                         [this] { return m_requests.empty() && m_running == 0; });
}

void GenerationService::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [this] { return m_stop || !m_requests.empty(); });
        if (m_stop)
            return;
        const Request r = m_requests.front();
        m_requests.pop_front();
        ++m_running;
        lock.unlock();
        auto result = execute(r);
        if (m_onFinished)
            m_onFinished(result);
        if (r.done)
            r.done(result);
        lock.lock();
        m_results.push_back(std::move(result));
        --m_running;
        m_cv.notify_all();
    }
}

GenerationResult GenerationService::execute(const Request& r) {
    GenerationResult result;
    result.track = r.track;
    result.recipe = r.recipe;
    result.requestId = r.id;
    const auto start = std::chrono::steady_clock::now();
    try {
        if (r.track < 0 || r.track >= seq::kMaxTracks)
            throw std::invalid_argument("track " + std::to_string(r.track) + " does not exist");
        auto audio = m_generator->generate(r.recipe);
        for (float v : audio)
            if (!std::isfinite(v))
                throw std::runtime_error("the model produced NaN or infinite samples");
        voice::Sample raw;
        raw.channel[0] = audio;
        raw.sampleRate = m_generator->sampleRate();
        auto sample = std::make_unique<voice::Sample>(io::resample(raw, m_engine.sampleRate()));
        auto& data = sample->channel[0];
        const auto fade = std::min<std::size_t>(
            data.size(), static_cast<std::size_t>(kTailFadeSeconds * m_engine.sampleRate()));
        for (std::size_t i = 0; i < fade; ++i)
            data[data.size() - 1 - i] *= static_cast<float>(i) / static_cast<float>(fade);
        sample->name = std::string(modeName(r.recipe.mode)) + " " + r.recipe.className + " #" +
                       std::to_string(r.recipe.seed);
        sample->source = m_generator->name();
        // The queue is drained every audio block; if it is full, wait a little.
        // (setTrackSample destroys what it could not send, so each attempt sends a copy.)
        bool sent = false;
        for (int attempt = 0; attempt < 200 && !sent; ++attempt) {
            sent =
                m_drums.setTrackSample(m_port, r.track, std::make_unique<voice::Sample>(*sample));
            if (!sent)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (!sent)
            throw std::runtime_error("the engine's command queue stayed full for 1 s");
        result.audio = std::move(audio);
        result.sampleRate = m_generator->sampleRate();
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace latentrack::core::gen
