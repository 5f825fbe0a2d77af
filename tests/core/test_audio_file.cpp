// Audio files: write/read round trip, resampling, corrupt files.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

#include <gtest/gtest.h>

#include "core/io/AudioFile.h"
#include "core/io/TakeRecorder.h"

using namespace latentrack::core;
namespace fs = std::filesystem;

TEST(AudioFile, WavRoundTripAndResample) {
    const fs::path path = fs::temp_directory_path() / "latentrack-sine.wav";
    std::vector<float> sine(44100);
    for (std::size_t i = 0; i < sine.size(); ++i)
        sine[i] = 0.5f * std::sin(2.0f * std::numbers::pi_v<float> * 441.0f * i / 44100.0f);
    io::writeAudioFile(path, {sine, sine}, 44100.0, io::SampleFormat::Float32);
    const auto s = io::readAudioFile(path);
    EXPECT_EQ(s.numChannels, 2);
    EXPECT_EQ(s.numFrames(), 44100);
    EXPECT_NEAR(s.channel[1][25], sine[25], 1e-6);
    const auto r = io::resample(s, 48000.0);
    EXPECT_NEAR(static_cast<double>(r.numFrames()), 48000.0, 2.0);
    // Zero crossings per second stay 2 × 441 (pitch unchanged by resampling).
    int crossings = 0;
    for (std::int64_t i = 1; i < r.numFrames(); ++i)
        crossings += (r.channel[0][i - 1] < 0.0f) != (r.channel[0][i] < 0.0f);
    EXPECT_NEAR(crossings, 882, 2);
}

TEST(AudioFile, CorruptFilesGiveClearErrors) {
    const fs::path path = fs::temp_directory_path() / "latentrack-corrupt.wav";
    { std::ofstream(path) << "RIFF\x10\x00\x00\x00WAVEjunkjunkjunk"; }
    try {
        io::readAudioFile(path);
        FAIL();
    } catch (const io::AudioFileError& e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
    }
    EXPECT_THROW(io::readAudioFile("/nonexistent/file.wav"), io::AudioFileError);
    EXPECT_THROW(io::writeAudioFile("/tmp/x.mp9", {{0.0f}}, 48000.0), io::AudioFileError);
}

TEST(TakeRecorder, RecordsOnlyWhileArmedKeepsAtMostItsLimitAndSavesAtomically) {
    io::TakeRecorder take;
    const std::vector<float> block(480, 0.25f);
    take.append(block.data(), block.size()); // not armed
    take.start(48000.0);
    for (int i = 0; i < 10; ++i)
        take.append(block.data(), block.size());
    const auto recorded = take.stop();
    EXPECT_EQ(recorded.size(), 4800u);
    take.append(block.data(), block.size()); // disarmed again
    EXPECT_TRUE(take.stop().empty());

    take.start(10.0); // kMaxSeconds · 10 Hz samples at most
    std::vector<float> big(static_cast<std::size_t>(io::TakeRecorder::kMaxSeconds * 10.0) + 7,
                           0.1f);
    take.append(big.data(), big.size());
    EXPECT_EQ(take.dropped(), 7u);
    EXPECT_EQ(take.stop().size(), big.size() - 7);

    const auto dir = std::filesystem::temp_directory_path() / "latentrack-take-test";
    std::filesystem::create_directories(dir);
    const auto file = dir / "take.wav";
    io::saveTake(file, recorded, 48000.0);
    const auto back = io::readAudioFile(file);
    EXPECT_EQ(back.channel[0].size(), 4800u);
    EXPECT_NEAR(back.channel[0][100], 0.25f, 1e-5f);
    EXPECT_FALSE(std::filesystem::exists(dir / "take.wav.part.wav"));
    EXPECT_ANY_THROW(io::saveTake(file / "take.wav", recorded, 48000.0)); // under a file
    std::filesystem::remove_all(dir);
}
