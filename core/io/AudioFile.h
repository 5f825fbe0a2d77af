#pragma once
// Audio file reading and writing through libsndfile (WAV, FLAC, OGG, AIFF …), and sample-rate
// conversion through libsamplerate. Thread: any non-realtime thread (allocates, does I/O).

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "core/voice/Sample.h"

namespace latentrack::core::io {

/// Raised for unreadable, corrupt or unsupported audio files; what() names the file and cause.
class AudioFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Reads a file into a Sample at its native rate. More than two channels are folded to stereo
/// (odd channels left, even right). Throws AudioFileError.
voice::Sample readAudioFile(const std::filesystem::path& path);

/// Returns `sample` converted to `sampleRate` Hz (libsamplerate, SRC_SINC_MEDIUM_QUALITY);
/// a copy when the rate already matches. Throws AudioFileError when conversion fails.
voice::Sample resample(const voice::Sample& sample, double sampleRate);

/// Downmix to one channel (mean of the channels).
std::vector<float> toMono(const voice::Sample& sample);

/// A file read, converted to `sampleRate` Hz and mixed to mono: what a model takes as input.
/// Throws AudioFileError.
std::vector<float> readMonoAudio(const std::filesystem::path& path, double sampleRate);

enum class SampleFormat { Pcm16, Pcm24, Float32 };

/// Writes planar channels (all of equal length; 1 or 2) as a WAV or FLAC file chosen by the
/// extension (.wav, .flac, .ogg). Throws AudioFileError.
void writeAudioFile(const std::filesystem::path& path,
                    const std::vector<std::vector<float>>& channels, double sampleRate,
                    SampleFormat format = SampleFormat::Pcm16);

} // namespace latentrack::core::io
