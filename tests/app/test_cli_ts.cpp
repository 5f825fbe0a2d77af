// `latentrack-cli ts info` and `ts render` end to end on TorchScript files in both RAVE export
// conventions (written by ts_fixture) and a real recording (sonic-pi-samples): the description
// as text and JSON, buffer-wise renders equal to one call, latent knobs, and the errors.

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "CliRun.h"
#include "core/io/AudioFile.h"

namespace fs = std::filesystem;
using latentrack::test::fileText;
using latentrack::test::runCli;

namespace {

const fs::path kGuitar = "/usr/share/sonic-pi/samples/guit_harmonics.flac";

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
    double d = 0.0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        d = std::max(d, static_cast<double>(std::abs(a[i] - b[i])));
    return d;
}

double rms(const std::vector<float>& x) {
    double s = 0.0;
    for (float v : x)
        s += static_cast<double>(v) * v;
    return std::sqrt(s / static_cast<double>(std::max<std::size_t>(1, x.size())));
}

} // namespace

TEST(CliTorchScript, InfoAndRenderInBothConventions) {
    const fs::path root = fs::path(LATENTRACK_ARTIFACTS) / "ts";
    fs::remove_all(root);
    fs::create_directories(root);
    ASSERT_EQ(
        std::system((std::string(LATENTRACK_TS_FIXTURE) + " '" + root.string() + "'").c_str()), 0);
    const auto log = root / "log.txt";
    const auto v1 = root / "scripted-rave-v1.ts";
    const auto v2 = root / "scripted-rave-v2.ts";

    ASSERT_EQ(runCli("ts info '" + v1.string() + "'", log), 0) << fileText(log);
    const auto text = fileText(log);
    EXPECT_NE(text.find("RAVE v1"), std::string::npos) << text;
    EXPECT_NE(text.find("16000 Hz (sampling_rate buffer)"), std::string::npos) << text;
    ASSERT_EQ(runCli("ts info --json '" + v2.string() + "'", log), 0) << fileText(log);
    const auto info = nlohmann::json::parse(fileText(log));
    EXPECT_EQ(info["sampleRate"], 44100.0);
    EXPECT_EQ(info["latentSize"], 4);
    EXPECT_EQ(info["methods"].size(), 3u);
    EXPECT_EQ(info["methods"][2]["name"], "decode");
    EXPECT_EQ(info["methods"][2]["inRatio"], 128);
    EXPECT_EQ(info["attributes"]["temperature"], "1");

    // Transfer of a real recording, in buffers and in one call: the same audio.
    const auto streamed = root / "streamed.wav";
    const auto whole = root / "whole.wav";
    ASSERT_EQ(runCli("ts render --model '" + v2.string() + "' --input '" + kGuitar.string() +
                         "' --buffer 256 -o '" + streamed.string() + "'",
                     log),
              0)
        << fileText(log);
    EXPECT_NE(fileText(log).find("transfer"), std::string::npos);
    ASSERT_EQ(runCli("ts render --model '" + v2.string() + "' --input '" + kGuitar.string() +
                         "' --whole -o '" + whole.string() + "'",
                     log),
              0)
        << fileText(log);
    const auto a = latentrack::core::io::readAudioFile(streamed);
    const auto b = latentrack::core::io::readAudioFile(whole);
    const auto input = latentrack::core::io::readAudioFile(kGuitar);
    EXPECT_DOUBLE_EQ(a.sampleRate, 44100.0);
    const double seconds = static_cast<double>(input.channel[0].size()) / input.sampleRate;
    EXPECT_NEAR(static_cast<double>(b.channel[0].size()) / 44100.0, seconds, 0.01);
    EXPECT_GE(a.channel[0].size(), b.channel[0].size()); // padded to whole buffers
    EXPECT_GT(rms(b.channel[0]), 1e-3);
    EXPECT_LT(maxDifference(a.channel[0], b.channel[0]), 1e-4);

    // Generate with and without a knob on the first latent dimension.
    const auto plain = root / "generate.wav";
    const auto knob = root / "knob.wav";
    ASSERT_EQ(runCli("ts render --model '" + v1.string() + "' --method generate --seconds 2 -o '" +
                         plain.string() + "'",
                     log),
              0)
        << fileText(log);
    ASSERT_EQ(runCli("ts render --model '" + v1.string() +
                         "' --method generate --seconds 2 --knob 1=2.5,0.5 -o '" + knob.string() +
                         "'",
                     log),
              0)
        << fileText(log);
    const auto g = latentrack::core::io::readAudioFile(plain);
    const auto k = latentrack::core::io::readAudioFile(knob);
    EXPECT_NEAR(static_cast<double>(g.channel[0].size()) / g.sampleRate, 2.0, 0.15);
    EXPECT_GT(maxDifference(g.channel[0], k.channel[0]), 0.05);
}

TEST(CliTorchScript, ErrorsNameTheReason) {
    const fs::path root = fs::path(LATENTRACK_ARTIFACTS) / "ts-errors";
    fs::remove_all(root);
    fs::create_directories(root);
    ASSERT_EQ(
        std::system((std::string(LATENTRACK_TS_FIXTURE) + " '" + root.string() + "'").c_str()), 0);
    const auto log = root / "log.txt";
    std::ofstream(root / "kick.ts") << "RIFF....WAVE";
    EXPECT_NE(runCli("ts info '" + (root / "kick.ts").string() + "'", log), 0);
    EXPECT_NE(fileText(log).find("not a TorchScript file"), std::string::npos) << fileText(log);
    EXPECT_NE(runCli("ts render --model '" + (root / "scripted-rave-v2.ts").string() +
                         "' --input '" + kGuitar.string() + "' --buffer 1000 -o '" +
                         (root / "x.wav").string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("multiple of 128"), std::string::npos) << fileText(log);
    EXPECT_NE(runCli("ts render --model '" + (root / "scripted-rave-v1.ts").string() +
                         "' --method forward -o '" + (root / "x.wav").string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("give one"), std::string::npos) << fileText(log);
    EXPECT_NE(runCli("ts render --model '" + (root / "scripted-rave-v1.ts").string() +
                         "' --method generate --knob 9=1 -o '" + (root / "x.wav").string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("DIM is 1"), std::string::npos) << fileText(log);
}

TEST(CliTorchScript, ExportsTheShippedModelForNnTildeAndPlaysIt) {
    const fs::path root = fs::path(LATENTRACK_ARTIFACTS) / "ts-export";
    fs::remove_all(root);
    fs::create_directories(root);
    const auto log = root / "log.txt";
    const auto file = root / "rave-percussion.ts";
    ASSERT_EQ(runCli("ts export --model '" + std::string(LATENTRACK_SOURCE_DIR) +
                         "/assets/models/rave-percussion' -o '" + file.string() + "'",
                     log),
              0)
        << fileText(log);
    ASSERT_EQ(runCli("ts info --json '" + file.string() + "'", log), 0) << fileText(log);
    const auto info = nlohmann::json::parse(fileText(log));
    EXPECT_EQ(info["latentSize"], 16);
    EXPECT_EQ(info["methods"][2]["inChannels"], 21); // z ⊕ 5 attributes
    EXPECT_EQ(info["attributes"].size(), 5u);
    const fs::path tabla = "/usr/share/sonic-pi/samples/loop_tabla.flac";
    ASSERT_EQ(runCli("ts render --model '" + file.string() + "' --input '" + tabla.string() +
                         "' --figure '" + (root / "transfer.png").string() + "' -o '" +
                         (root / "transfer.wav").string() + "'",
                     log),
              0)
        << fileText(log);
    EXPECT_TRUE(fs::file_size(root / "transfer.png") > 10000);
    const auto out = latentrack::core::io::readAudioFile(root / "transfer.wav");
    EXPECT_DOUBLE_EQ(out.sampleRate, 16000.0);
    EXPECT_GT(rms(out.channel[0]), 1e-3);
    EXPECT_NE(runCli("ts export --model '" + std::string(LATENTRACK_SOURCE_DIR) +
                         "/assets/models/drums8' -o '" + (root / "x.ts").string() + "'",
                     log),
              0)
        << "a granular model is not an attribute-fader one";
}
