// `latentrack-cli dataset drums` on real Debian data: one Hydrogen kit and one AVL SoundFont kit.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/io/AudioFile.h"

using namespace latentrack::core;
namespace fs = std::filesystem;

TEST(CliDataset, BuildsLabelledHitsWithManifest) {
    const fs::path out = fs::path(LATENTRACK_ARTIFACTS) / "dataset-drums";
    fs::remove_all(out);
    const std::string log = out.string() + ".log";
    const std::string cmd = std::string(LATENTRACK_CLI) + " dataset drums --out '" + out.string() +
                            "' --kit '/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0' > '" +
                            log + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(out / "manifest.json");
    const auto m = nlohmann::json::parse(in);
    EXPECT_EQ(m["version"], 1);
    EXPECT_EQ(m["sampleRate"], 16000.0);
    std::map<std::string, int> per8;
    std::set<int> avlVelocities;
    int soundfont = 0;
    for (const auto& e : m["entries"]) {
        ASSERT_TRUE(fs::exists(out / e["file"].get<std::string>()));
        if (!e["class8"].is_null())
            ++per8[e["class8"].get<std::string>()];
        if (e["source"] == "soundfont") {
            ++soundfont;
            avlVelocities.insert(e["velocity"].get<int>());
        }
        EXPECT_GT(e["duration"].get<double>(), 0.01);
        EXPECT_LE(e["duration"].get<double>(), 2.0 + 1e-9);
    }
    // Every one of the 8 classes is present (Black Pearl kit + two AVL kits).
    for (const char* c :
         {"kick", "snare", "clap", "closed_hat", "open_hat", "tom", "crash", "ride"})
        EXPECT_GT(per8[c], 0) << c;
    // The AVL kits have five velocity layers per drum (tops 26, 52, 77, 102, 127).
    EXPECT_EQ(avlVelocities, (std::set<int>{26, 52, 77, 102, 127}));
    EXPECT_GT(soundfont, 150);
    // A rendered hit is real audio at 16 kHz.
    const auto first = io::readAudioFile(out / m["entries"][0]["file"].get<std::string>());
    EXPECT_EQ(first.sampleRate, 16000.0);
    // Unmappable instruments are listed, e.g. the semi-open hat and the cowbell stay out of the 8
    // classes.
    std::ifstream logIn(log);
    const std::string text((std::istreambuf_iterator<char>(logIn)),
                           std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("per class (8 drum classes)"), std::string::npos);
    EXPECT_NE(text.find("unmappable instruments"), std::string::npos);
    EXPECT_NE(text.find("Hat Swish"), std::string::npos) << text;
}
