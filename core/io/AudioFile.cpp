#include "core/io/AudioFile.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <samplerate.h>
#include <sndfile.h>

namespace latentrack::core::io {

namespace {

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

int majorFormatFor(const std::filesystem::path& path) {
    auto ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (ext == ".wav")
        return SF_FORMAT_WAV;
    if (ext == ".flac")
        return SF_FORMAT_FLAC;
    if (ext == ".ogg")
        return SF_FORMAT_OGG;
    throw AudioFileError(path.string() + ": unsupported output extension '" + ext +
                         "' (use .wav, .flac or .ogg)");
}

} // namespace

voice::Sample readAudioFile(const std::filesystem::path& path) {
    SF_INFO info{};
    SndfilePtr file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file)
        throw AudioFileError(path.string() + ": cannot read audio: " + sf_strerror(nullptr));
    if (info.channels < 1 || info.samplerate <= 0)
        throw AudioFileError(path.string() + ": invalid header (" + std::to_string(info.channels) +
                             " channels, " + std::to_string(info.samplerate) + " Hz)");
    if (info.frames <= 0)
        throw AudioFileError(path.string() + ": contains no audio frames");
    std::vector<float> interleaved(static_cast<std::size_t>(info.frames) * info.channels);
    const sf_count_t got = sf_readf_float(file.get(), interleaved.data(), info.frames);
    if (got <= 0)
        throw AudioFileError(path.string() + ": cannot decode audio: " + sf_strerror(file.get()));

    voice::Sample s;
    s.sampleRate = info.samplerate;
    s.numChannels = info.channels >= 2 ? 2 : 1;
    s.source = path.string();
    s.name = path.stem().string();
    for (int c = 0; c < s.numChannels; ++c)
        s.channel[c].assign(static_cast<std::size_t>(got), 0.0f);
    for (sf_count_t i = 0; i < got; ++i) {
        for (int c = 0; c < info.channels; ++c) {
            const float v = interleaved[static_cast<std::size_t>(i * info.channels + c)];
            if (!std::isfinite(v))
                throw AudioFileError(path.string() + ": non-finite sample value at frame " +
                                     std::to_string(i));
            s.channel[c % s.numChannels][static_cast<std::size_t>(i)] += v;
        }
    }
    if (info.channels > 2) {
        const float leftCount = static_cast<float>((info.channels + 1) / 2);
        const float rightCount = static_cast<float>(info.channels / 2);
        for (auto& v : s.channel[0])
            v /= leftCount;
        for (auto& v : s.channel[1])
            v /= rightCount;
    }
    return s;
}

voice::Sample resample(const voice::Sample& sample, double sampleRate) {
    if (std::abs(sample.sampleRate - sampleRate) < 1e-9)
        return sample;
    const double ratio = sampleRate / sample.sampleRate;
    voice::Sample out;
    out.numChannels = sample.numChannels;
    out.sampleRate = sampleRate;
    out.name = sample.name;
    out.source = sample.source;
    for (int c = 0; c < sample.numChannels; ++c) {
        const auto& in = sample.channel[c];
        auto& dst = out.channel[c];
        dst.assign(static_cast<std::size_t>(std::ceil(in.size() * ratio)) + 1, 0.0f);
        SRC_DATA data{};
        data.data_in = in.data();
        data.input_frames = static_cast<long>(in.size());
        data.data_out = dst.data();
        data.output_frames = static_cast<long>(dst.size());
        data.src_ratio = ratio;
        if (int err = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1); err != 0)
            throw AudioFileError(sample.name + ": resampling failed: " + src_strerror(err));
        dst.resize(static_cast<std::size_t>(data.output_frames_gen));
    }
    if (out.numChannels == 2 && out.channel[0].size() != out.channel[1].size()) {
        const auto n = std::min(out.channel[0].size(), out.channel[1].size());
        out.channel[0].resize(n);
        out.channel[1].resize(n);
    }
    return out;
}

std::vector<float> toMono(const voice::Sample& sample) {
    std::vector<float> mono(sample.channel[0]);
    if (sample.numChannels == 2) {
        for (std::size_t i = 0; i < mono.size(); ++i)
            mono[i] = 0.5f * (mono[i] + sample.channel[1][i]);
    }
    return mono;
}

std::vector<float> readMonoAudio(const std::filesystem::path& path, double sampleRate) {
    return toMono(resample(readAudioFile(path), sampleRate));
}

void writeAudioFile(const std::filesystem::path& path,
                    const std::vector<std::vector<float>>& channels, double sampleRate,
                    SampleFormat format) {
    if (channels.empty() || channels.size() > 2)
        throw AudioFileError(path.string() + ": need 1 or 2 channels");
    const std::size_t frames = channels[0].size();
    for (const auto& c : channels)
        if (c.size() != frames)
            throw AudioFileError(path.string() + ": channels differ in length");
    const int major = majorFormatFor(path);
    int sub = SF_FORMAT_PCM_16;
    if (major == SF_FORMAT_OGG)
        sub = SF_FORMAT_VORBIS;
    else if (format == SampleFormat::Pcm24)
        sub = SF_FORMAT_PCM_24;
    else if (format == SampleFormat::Float32 && major == SF_FORMAT_WAV)
        sub = SF_FORMAT_FLOAT;
    SF_INFO info{};
    info.samplerate = static_cast<int>(std::lround(sampleRate));
    info.channels = static_cast<int>(channels.size());
    info.format = major | sub;
    if (!sf_format_check(&info))
        throw AudioFileError(path.string() + ": unsupported format combination");
    SndfilePtr file(sf_open(path.c_str(), SFM_WRITE, &info));
    if (!file)
        throw AudioFileError(path.string() + ": cannot write: " + sf_strerror(nullptr));
    sf_command(file.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
    std::vector<float> interleaved(frames * channels.size());
    for (std::size_t i = 0; i < frames; ++i)
        for (std::size_t c = 0; c < channels.size(); ++c)
            interleaved[i * channels.size() + c] = channels[c][i];
    if (sf_writef_float(file.get(), interleaved.data(), static_cast<sf_count_t>(frames)) !=
        static_cast<sf_count_t>(frames))
        throw AudioFileError(path.string() + ": short write: " + sf_strerror(file.get()));
}

} // namespace latentrack::core::io
