// The attribute-fader command line end to end on real Debian data: dataset percussion and
// strings, train rave (a few steps), eval rave into the card, and fader renders — from the
// prior with --set and --mod, and through a file — plus the errors a user can make.

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "CliRun.h"
#include "core/io/AudioFile.h"

namespace fs = std::filesystem;
using namespace latentrack::core;

using latentrack::test::fileText;
using latentrack::test::runCli;

TEST(CliFader, DatasetTrainEvalAndRender) {
    const fs::path root = fs::path(LATENTRACK_ARTIFACTS) / "fader";
    fs::remove_all(root);
    fs::create_directories(root);
    const auto log = root / "log.txt";
    ASSERT_EQ(
        runCli("dataset percussion --out '" + (root / "perc").string() + "' --count 2 --held-out 1",
               log),
        0)
        << fileText(log);
    const auto manifest = nlohmann::json::parse(fileText(root / "perc" / "manifest.json"));
    EXPECT_EQ(manifest["kind"], "percussion");
    EXPECT_EQ(manifest["entries"].size(), 4u) << "2 training, 1 unseen kit, the tabla loop";
    ASSERT_EQ(
        runCli("dataset strings --out '" + (root / "strings").string() + "' --count 3 --held-out 1",
               log),
        0)
        << fileText(log);
    EXPECT_EQ(nlohmann::json::parse(fileText(root / "strings" / "manifest.json"))["entries"].size(),
              5u);

    const auto model = root / "model";
    ASSERT_EQ(runCli("train rave --data '" + (root / "perc").string() + "' --out '" +
                         model.string() +
                         "' --steps 3 --threads 1 --adversarial-start 2 --harmonics 2",
                     log),
              0)
        << fileText(log);
    ASSERT_TRUE(fs::exists(model / "weights.pt"));
    const auto trained = nlohmann::json::parse(fileText(model / "model.json"));
    EXPECT_EQ(trained["config"]["adversarialStart"], 2)
        << "its last step against the wave discriminator";
    EXPECT_EQ(trained["config"]["harmonics"], 2) << "--harmonics reaches the model";
    const auto crave = root / "crave";
    ASSERT_EQ(runCli("train rave --data '" + (root / "perc").string() + "' --out '" +
                         crave.string() +
                         "' --variant crave --steps 2 --threads 1 --noise-bands 2 --harmonics 2 "
                         "--oscillator-noise 3 --pitch-input",
                     log),
              0)
        << fileText(log);
    const auto craveModel = nlohmann::json::parse(fileText(crave / "model.json"));
    EXPECT_EQ(craveModel["config"]["noiseBands"], 2) << "--noise-bands reaches the model";
    EXPECT_EQ(craveModel["config"]["pitchInput"], true) << "--pitch-input reaches the model";
    EXPECT_EQ(craveModel["config"]["oscillatorNoiseBands"], 3)
        << "--oscillator-noise reaches the model";
    ASSERT_EQ(runCli("eval rave --model '" + model.string() + "' --windows 2 --compare '" +
                         crave.string() + "'",
                     log),
              0)
        << fileText(log);
    const auto card = nlohmann::json::parse(fileText(model / "card.json"));
    EXPECT_EQ(card["evaluation"]["control"].size(), 5u);
    EXPECT_TRUE(card["evaluation"]["control"][0].contains("generateModeR"));
    EXPECT_TRUE(card["evaluation"].contains("meanSingleAttributeRGenerateMode"));
    EXPECT_TRUE(card["evaluation"]["control"][0].contains("fadersModeR"));
    EXPECT_TRUE(card["evaluation"]["control"][0].contains("fadersModeSlope"));
    EXPECT_TRUE(card["evaluation"].contains("meanSingleAttributeRFadersMode"));
    EXPECT_EQ(card["evaluation"]["multiAttributeFollowR"].size(), 4u);
    const auto& correlation = card["evaluation"]["heldOutAttributeCorrelation"];
    ASSERT_EQ(correlation.size(), 5u);
    for (std::size_t a = 0; a < 5; ++a) {
        ASSERT_EQ(correlation[a].size(), 5u);
        EXPECT_NEAR(correlation[a][a].get<double>(), 1.0, 1e-9) << "attribute " << a;
        EXPECT_NEAR(correlation[a][(a + 1) % 5].get<double>(),
                    correlation[(a + 1) % 5][a].get<double>(), 1e-12);
    }
    EXPECT_EQ(card["comparison"]["result"]["variant"], "crave");
    EXPECT_EQ(card["comparison"]["result"]["evaluation"]["control"].size(), 5u);
    EXPECT_NE(card["comparison"]["command"].get<std::string>().find("--compare"),
              std::string::npos);
    EXPECT_NE(
        card["comparison"]["result"]["trainedWith"].get<std::string>().find("--noise-bands 2"),
        std::string::npos);
    EXPECT_NE(
        card["comparison"]["result"]["trainedWith"].get<std::string>().find("--oscillator-noise 3"),
        std::string::npos);
    EXPECT_TRUE(card["evaluation"].contains("latentDiscriminator"));
    EXPECT_TRUE(card["evaluation"]["oscillator"].contains("within50Cents"));
    EXPECT_FALSE(card["comparison"]["result"]["evaluation"].contains("oscillator"))
        << "the C-RAVE's oscillator plays the given pitch, not its head's";
    EXPECT_NE(card["trainedWith"].get<std::string>().find("train rave"), std::string::npos);
    EXPECT_TRUE(fs::exists(model / "eval" / "heldout_0.png"));

    const auto prior = root / "prior.wav";
    ASSERT_EQ(runCli("fader --model '" + model.string() +
                         "' --seconds 2 --set rms=-20 --mod centroid=sine,0.5,0.8,0 -o '" +
                         prior.string() + "'",
                     log),
              0)
        << fileText(log);
    const auto audio = io::readAudioFile(prior);
    EXPECT_NEAR(static_cast<double>(audio.channel[0].size()) / audio.sampleRate, 2.0, 0.05);
    const auto transfer = root / "transfer.wav";
    ASSERT_EQ(runCli("fader --model '" + model.string() + "' --input '" +
                         (root / "perc" / "audio" / "test" / "loop_tabla.wav").string() +
                         "' --seconds 1 -o '" + transfer.string() + "'",
                     log),
              0)
        << fileText(log);
    EXPECT_TRUE(fs::exists(transfer));
    ASSERT_EQ(runCli("fader --model '" + crave.string() +
                         "' --seconds 1 --note 57 --transpose 12 -o '" +
                         (root / "note.wav").string() + "'",
                     log),
              0)
        << fileText(log);
    EXPECT_NE(runCli("fader --model '" + crave.string() + "' --note 130 -o '" +
                         (root / "x.wav").string() + "'",
                     log),
              0)
        << "a note outside the oscillator's range";

    EXPECT_NE(runCli("fader --model '" + model.string() + "' --set warmth=1 -o '" +
                         (root / "x.wav").string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("no descriptor \"warmth\""), std::string::npos) << fileText(log);
    EXPECT_NE(runCli("fader --model '" + (root / "perc").string() + "' -o '" +
                         (root / "x.wav").string() + "'",
                     log),
              0)
        << "a dataset folder is not a model";
    EXPECT_NE(fileText(log).find("model.json"), std::string::npos) << fileText(log);
}
