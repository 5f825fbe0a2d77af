// Preset inference on the command line end to end: dataset presets (one bank, a few hundred
// presets), train preset (a few steps), eval preset into the card, sweep preset beside it,
// infer preset from a real sound into a .syx that loads back identically, and the errors a
// user can make (a corrupt WAV, silence, a 20 ms file, a model folder of another kind).

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "CliRun.h"
#include "core/fm/SysEx.h"
#include "core/io/AudioFile.h"

namespace fs = std::filesystem;
using namespace latentrack::core;

using latentrack::test::fileText;
using latentrack::test::runCli;

TEST(CliPreset, DatasetTrainEvalInferAndBadInput) {
    const fs::path root = fs::path(LATENTRACK_ARTIFACTS) / "preset-cli";
    fs::remove_all(root);
    fs::create_directories(root);
    const auto log = root / "log.txt";
    const auto data = root / "data";
    ASSERT_EQ(runCli("dataset presets --out '" + data.string() +
                         "' --bank /usr/share/hexter/dx7_roms.dx7 --count 150",
                     log),
              0)
        << fileText(log);
    EXPECT_NE(fileText(log).find("150 train"), std::string::npos) << fileText(log);
    const auto manifest = nlohmann::json::parse(fileText(data / "manifest.json"));
    EXPECT_EQ(manifest["progress"]["train"], 150);

    const auto model = root / "model";
    ASSERT_EQ(runCli("train preset --data '" + data.string() + "' --out '" + model.string() +
                         "' --steps 4 --threads 1",
                     log),
              0)
        << fileText(log);
    ASSERT_EQ(runCli("eval preset --model '" + model.string() +
                         "' --candidates 2 --no-out-of-domain --interpolation-pairs 3 --threads 1",
                     log),
              0)
        << fileText(log);
    const auto card = nlohmann::json::parse(fileText(model / "card.json"));
    EXPECT_TRUE(card["evaluation"]["heldOut"].contains("retrieval"));
    EXPECT_EQ(card["evaluation"]["interpolation"]["pairs"].get<int>(), 3);
    EXPECT_NE(card["evaluatedWith"].get<std::string>().find("eval preset"), std::string::npos);

    // The validation split is for tuning: scored and printed, the card left as it is.
    const auto before = fileText(model / "card.json");
    ASSERT_EQ(runCli("eval preset --model '" + model.string() +
                         "' --candidates 2 --no-out-of-domain --interpolation-pairs 0 --split "
                         "validation --refine-seconds 0.2 --refine-starts 1 --threads 1",
                     log),
              0)
        << fileText(log);
    EXPECT_NE(fileText(log).find("validation split: the card is not written"), std::string::npos)
        << fileText(log);
    EXPECT_EQ(fileText(model / "card.json"), before);

    // The macro sweep lands beside the evaluation, in model.json and on the card.
    ASSERT_EQ(runCli("sweep preset --model '" + model.string() +
                         "' --voices 1 --scale-voices 20 --check-voices 2 --threads 1",
                     log),
              0)
        << fileText(log);
    const auto swept = nlohmann::json::parse(fileText(model / "model.json"));
    ASSERT_EQ(swept["macros"].size(), 8u);
    EXPECT_TRUE(swept["macros"][0].contains("descriptor"));
    const auto sweptCard = nlohmann::json::parse(fileText(model / "card.json"));
    EXPECT_NE(sweptCard["macros"]["command"].get<std::string>().find("sweep preset"),
              std::string::npos);
    EXPECT_EQ(sweptCard["macros"]["heldOut"]["voices"].get<int>(), 2) << "checked on test voices";
    EXPECT_EQ(sweptCard["macros"]["heldOut"]["knobs"].size(), 8u);
    EXPECT_NE(fileText(log).find("label holds"), std::string::npos) << fileText(log);
    EXPECT_TRUE(sweptCard["evaluation"]["heldOut"].contains("retrieval")) << "the evaluation stays";

    // A real sound: a cello note of TimGM6mb is not at hand here, so a hexter-free one: a
    // Hydrogen snare hit.
    const fs::path snare = "/usr/share/hydrogen/data/drumkits/ColomboAcousticDrumkit/"
                           "snare-opaque-normal-mic-normal_shot2.flac";
    const auto syx = root / "snare.syx";
    ASSERT_EQ(runCli("infer preset --model '" + model.string() + "' --input '" + snare.string() +
                         "' --sketch --candidates 2 --refine-seconds 0.5 --name SNARE -o '" +
                         syx.string() + "'",
                     log),
              0)
        << fileText(log);
    EXPECT_NE(fileText(log).find("no sung pitch"), std::string::npos) << fileText(log);
    const auto bank = fm::loadBankFile(syx);
    ASSERT_EQ(bank.voices.size(), 1u);
    EXPECT_EQ(bank.voices[0].name(), "SNARE");
    // Saving what was loaded gives the same bytes back.
    const auto again = root / "again.syx";
    fm::saveSingleVoiceFile(again, bank.voices[0]);
    EXPECT_EQ(fileText(again), fileText(syx));

    // Bad input: a clear message, a non-zero exit, no file written.
    const auto corrupt = root / "corrupt.wav";
    std::ofstream(corrupt) << "RIFF\x10\0\0\0WAVEfmt not really";
    const auto none = root / "none.syx";
    EXPECT_NE(runCli("infer preset --model '" + model.string() + "' --input '" + corrupt.string() +
                         "' -o '" + none.string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("corrupt.wav"), std::string::npos) << fileText(log);
    const auto silence = root / "silence.wav";
    io::writeAudioFile(silence, {std::vector<float>(22050, 0.0f)}, 22050.0);
    EXPECT_NE(runCli("infer preset --model '" + model.string() + "' --input '" + silence.string() +
                         "' -o '" + none.string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("silent"), std::string::npos) << fileText(log);
    const auto blip = root / "blip.wav";
    io::writeAudioFile(blip, {std::vector<float>(441, 0.5f)}, 22050.0);
    EXPECT_NE(runCli("infer preset --model '" + model.string() + "' --input '" + blip.string() +
                         "' -o '" + none.string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("20 ms"), std::string::npos) << fileText(log);
    EXPECT_FALSE(fs::exists(none));
    const auto rave = fs::path(LATENTRACK_SOURCE_DIR) / "assets/models/rave-percussion";
    EXPECT_NE(runCli("infer preset --model '" + rave.string() + "' --input '" + snare.string() +
                         "' -o '" + none.string() + "'",
                     log),
              0);
    EXPECT_NE(fileText(log).find("not a preset-inference"), std::string::npos) << fileText(log);
}
