#include "core/audio/AudioDevice.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>

#include <rtaudio/RtAudio.h>

#include "core/rt/CancellationHeldOff.h"

namespace latentrack::core::audio {

namespace {

struct ApiName {
    RtAudio::Api api;
    const char* name;
};
constexpr ApiName kApis[] = {
    {RtAudio::UNIX_JACK, "jack"}, {RtAudio::LINUX_PULSE, "pulse"}, {RtAudio::LINUX_ALSA, "alsa"}};

bool compiled(RtAudio::Api api) {
    std::vector<RtAudio::Api> apis;
    RtAudio::getCompiledApi(apis);
    return std::find(apis.begin(), apis.end(), api) != apis.end();
}

RtAudio::Api apiFromName(const std::string& name) {
    for (const auto& a : kApis)
        if (name == a.name)
            return a.api;
    return RtAudio::UNSPECIFIED;
}

// RtAudio 5 reports stream errors through a callback without user data.
std::atomic<bool> g_streamError{false};
void onRtAudioError(RtAudioError::Type type, const std::string&) {
    if (type != RtAudioError::WARNING && type != RtAudioError::DEBUG_WARNING)
        g_streamError = true;
}

using Clock = std::chrono::steady_clock;
/// A running stream whose callback has not run for this long is lost (a vanished JACK server
/// whose shutdown RtAudio never completes, an unplugged device that stalls its driver).
constexpr auto kStallLimit = std::chrono::seconds(2);
/// How long close() waits for RtAudio's own shutdown thread to close a lost stream.
constexpr auto kShutdownWait = std::chrono::seconds(2);

/// Streams lost with their server whose closing RtAudio's shutdown thread had not finished
/// when close() gave up on them (owner thread only). libjack can stay blocked in that
/// jack_client_close for good, holding its global client lock: any jack_client_open after it
/// (opening JACK again, listing its devices) would block the caller forever. Until the close
/// finishes, JACK is refused with the reason instead; other APIs are unaffected.
std::vector<std::unique_ptr<RtAudio>>& abandonedStreams() {
    // Never destroyed: destroying a stream libjack still closes would block the exit.
    static auto* streams = new std::vector<std::unique_ptr<RtAudio>>;
    return *streams;
}

/// True while an abandoned JACK stream is still being closed; frees those that finished.
bool jackStillClosing() {
    auto& streams = abandonedStreams();
    std::erase_if(streams, [](const std::unique_ptr<RtAudio>& rt) { return !rt->isStreamOpen(); });
    return !streams.empty();
}

constexpr const char* kJackStuck =
    "the previous JACK client is still being closed by libjack after its server vanished; "
    "restart LatentRack to use JACK again (other audio APIs still work)";

} // namespace

struct AudioDevice::Impl {
    std::unique_ptr<RtAudio> rt;
    AudioStatus status;
    engine::Engine* engine = nullptr;
    unsigned inputChannels = 0; ///< read by the callback; set before start
    std::vector<float> monoIn{std::vector<float>(kMaxBufferFrames)}; ///< callback scratch
    std::atomic<std::uint64_t> callbacks{0}; ///< callback count (lock-free heartbeat)
    std::uint64_t seenCallbacks = 0;         ///< owner thread: count at lastProgress
    Clock::time_point lastProgress{};        ///< owner thread: when the count last moved

    static int callback(void* output, void* input, unsigned int frames, double,
                        RtAudioStreamStatus st, void* user) {
        // libjack cancels its client thread asynchronously: a cancel landing inside the engine's
        // noexcept process() ended the whole app in std::terminate (seen when the server
        // vanished). Held off while the block is computed (core/rt/CancellationHeldOff.h).
        return rt::heldOffCancellation(
            [&] { return processBlock(output, input, frames, st, user); });
    }

    static int processBlock(void* output, void* input, unsigned int frames, RtAudioStreamStatus st,
                            void* user) noexcept {
        auto* self = static_cast<Impl*>(user);
        self->callbacks.fetch_add(1, std::memory_order_relaxed);
        auto* out = static_cast<float*>(output);
        if ((st & (RTAUDIO_OUTPUT_UNDERFLOW | RTAUDIO_INPUT_OVERFLOW)) != 0)
            self->engine->reportXrun();
        const int maxBlock = self->engine->maxBlockFrames();
        const auto* in = static_cast<const float*>(input);
        for (unsigned done = 0; done < frames;) {
            const int n = static_cast<int>(std::min<unsigned>(frames - done, maxBlock));
            if (in != nullptr && self->inputChannels > 0)
                self->captureBlock(in, frames, done, n);
            self->engine->process(out + done, out + frames + done, n);
            done += static_cast<unsigned>(n);
        }
        return 0;
    }

    /// Mixes input frames [offset, offset + n) of a non-interleaved buffer to mono.
    void captureBlock(const float* in, unsigned frames, unsigned offset, int n) noexcept {
        n = std::min(n, static_cast<int>(monoIn.size()));
        const float scale = 1.0f / static_cast<float>(inputChannels);
        for (int i = 0; i < n; ++i) {
            float sum = 0.0f;
            for (unsigned c = 0; c < inputChannels; ++c)
                sum += in[c * frames + offset + static_cast<unsigned>(i)];
            monoIn[static_cast<std::size_t>(i)] = sum * scale;
        }
        engine->captureInput(monoIn.data(), n);
    }
};

AudioDevice::AudioDevice(engine::Engine& engine)
    : m_impl(std::make_unique<Impl>()), m_engine(engine) {
    m_impl->engine = &engine;
    m_impl->status.error = "audio not started";
}

AudioDevice::~AudioDevice() {
    close();
}

std::vector<std::string> AudioDevice::availableApis() {
    std::vector<std::string> out;
    for (const auto& a : kApis)
        if (compiled(a.api))
            out.emplace_back(a.name);
    return out;
}

std::vector<std::string> AudioDevice::outputDevices(const std::string& api) {
    std::vector<std::string> names;
    const RtAudio::Api id = apiFromName(api);
    if (id == RtAudio::UNSPECIFIED || !compiled(id) ||
        (id == RtAudio::UNIX_JACK && jackStillClosing()))
        return names;
    try {
        RtAudio rt(id);
        rt.showWarnings(false);
        for (unsigned i = 0; i < rt.getDeviceCount(); ++i) {
            const auto info = rt.getDeviceInfo(i);
            if (info.probed && info.outputChannels >= 1)
                names.push_back(info.name);
        }
    } catch (const RtAudioError&) {
    }
    return names;
}

bool AudioDevice::open(const AudioConfig& config) {
    close();
    g_streamError = false;
    auto& st = m_impl->status;
    st = AudioStatus{};
    std::vector<std::string> apis =
        config.api.empty() ? availableApis() : std::vector<std::string>{config.api};
    std::string errors;
    for (const auto& apiName : apis) {
        const RtAudio::Api id = apiFromName(apiName);
        if (id == RtAudio::UNSPECIFIED || !compiled(id)) {
            errors += apiName + ": not available in this build; ";
            continue;
        }
        if (id == RtAudio::UNIX_JACK && jackStillClosing()) {
            errors += apiName + ": " + kJackStuck + "; ";
            continue;
        }
        try {
            auto rt = std::make_unique<RtAudio>(id);
            rt->showWarnings(false);
            const unsigned count = rt->getDeviceCount();
            if (count == 0) {
                errors += apiName + ": no devices (server not running?); ";
                continue;
            }
            unsigned deviceId = rt->getDefaultOutputDevice();
            if (!config.device.empty()) {
                bool found = false;
                for (unsigned i = 0; i < count && !found; ++i) {
                    const auto info = rt->getDeviceInfo(i);
                    if (info.probed && info.name == config.device && info.outputChannels >= 1) {
                        deviceId = i;
                        found = true;
                    }
                }
                if (!found) {
                    errors += apiName + ": no output device named \"" + config.device + "\"; ";
                    continue;
                }
            }
            const auto info = rt->getDeviceInfo(deviceId);
            if (!info.probed || info.outputChannels < 1) {
                errors += apiName + ": default device has no outputs; ";
                continue;
            }
            RtAudio::StreamParameters out;
            out.deviceId = deviceId;
            out.nChannels = 2;
            RtAudio::StreamOptions options;
            options.flags = RTAUDIO_NONINTERLEAVED | RTAUDIO_SCHEDULE_REALTIME;
            options.streamName = "LatentRack";
            unsigned frames = std::clamp(config.bufferFrames, kMinBufferFrames, kMaxBufferFrames);
            unsigned rate = config.sampleRate;
            // JACK runs at the server's rate whatever is asked.
            if (id == RtAudio::UNIX_JACK && info.preferredSampleRate > 0)
                rate = info.preferredSampleRate;
            m_engine.prepare(rate, static_cast<int>(kMaxBufferFrames));
            m_engine.warmUp();
            // Duplex with the input when there is one; otherwise (or if the driver refuses
            // duplex) output only, with the reason kept for the recorder.
            RtAudio::StreamParameters in;
            std::string inputError = config.input ? "" : "input not requested";
            if (config.input) {
                in.deviceId = id == RtAudio::UNIX_JACK ? deviceId : rt->getDefaultInputDevice();
                const auto inInfo = rt->getDeviceInfo(in.deviceId);
                in.nChannels = std::min(2u, inInfo.probed ? inInfo.inputChannels : 0u);
                if (in.nChannels == 0)
                    inputError = apiName + ": no input device";
            }
            m_impl->inputChannels = 0;
            if (inputError.empty()) {
                try {
                    rt->openStream(&out, &in, RTAUDIO_FLOAT32, rate, &frames, &Impl::callback,
                                   m_impl.get(), &options, &onRtAudioError);
                    m_impl->inputChannels = in.nChannels;
                } catch (const RtAudioError& e) {
                    inputError = apiName + ": input: " + e.getMessage();
                    frames = std::clamp(config.bufferFrames, kMinBufferFrames, kMaxBufferFrames);
                }
            }
            if (m_impl->inputChannels == 0)
                rt->openStream(&out, nullptr, RTAUDIO_FLOAT32, rate, &frames, &Impl::callback,
                               m_impl.get(), &options, &onRtAudioError);
            g_streamError = false; // a refused duplex attempt may have reported an error
            m_impl->callbacks = 0;
            m_impl->seenCallbacks = 0;
            m_impl->lastProgress = Clock::now();
            rt->startStream();
            st.inputChannels = m_impl->inputChannels;
            st.inputError = inputError;
            st.running = true;
            st.api = apiName;
            st.device = info.name;
            st.sampleRate = rt->getStreamSampleRate();
            st.bufferFrames = frames;
            m_impl->rt = std::move(rt);
            return true;
        } catch (const RtAudioError& e) {
            errors += apiName + ": " + e.getMessage() + "; ";
        }
    }
    st.error = errors.empty() ? "no audio API available" : errors.substr(0, errors.size() - 2);
    return false;
}

void AudioDevice::close() {
    if (!m_impl->rt)
        return;
    if (!status().running) { // the stream was lost under us
        // RtAudio's stopStream() waits for the callback to drain the stream, which a dead server
        // never runs, and its JACK shutdown handler is already closing the stream on a thread of
        // its own: wait for that instead. If it never finishes (libjack can block there), the
        // RtAudio object is left to it rather than destroyed under it (abandonedStreams): the
        // app keeps running and can open another device.
        const auto deadline = Clock::now() + kShutdownWait;
        while (m_impl->rt->isStreamOpen() && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (m_impl->rt->isStreamOpen())
            abandonedStreams().push_back(std::move(m_impl->rt));
        else
            m_impl->rt.reset();
        return;
    }
    try {
        if (m_impl->rt->isStreamRunning())
            m_impl->rt->stopStream();
        if (m_impl->rt->isStreamOpen())
            m_impl->rt->closeStream();
    } catch (const RtAudioError&) {
    }
    m_impl->rt.reset();
    m_impl->status.running = false;
    if (m_impl->status.error.empty())
        m_impl->status.error = "audio stopped";
}

AudioStatus AudioDevice::status() {
    auto& st = m_impl->status;
    if (!st.running)
        return st;
    const auto now = Clock::now();
    const auto count = m_impl->callbacks.load(std::memory_order_relaxed);
    if (count != m_impl->seenCallbacks) {
        m_impl->seenCallbacks = count;
        m_impl->lastProgress = now;
    }
    if (g_streamError.load() || !m_impl->rt || !m_impl->rt->isStreamRunning()) {
        st.running = false;
        st.error = "the audio device stopped (device removed or sound server gone)";
    } else if (now - m_impl->lastProgress > kStallLimit) {
        st.running = false;
        st.error = "the audio device stopped calling back (device removed or sound server gone)";
    }
    return st;
}

} // namespace latentrack::core::audio
