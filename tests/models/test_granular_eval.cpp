// `latentrack-cli eval granular` on a tiny model: the held-out split, the baselines, the
// own-spectrum reference, the figures, the WAVs and the card.

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "GranularTestUtil.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "models/granular/GranularEval.h"

using namespace latentrack;
using namespace latentrack::models::granular;

TEST(GranularEval, ScoresTheHeldOutKitAgainstBaselinesAndWritesFiguresAudioAndCard) {
    auto c = test::tinyConfig();
    c.grainSteps = 6;
    c.seriesSteps = 2;
    const auto modelDir = test::trainTiny("eval", c);
    // The same six hits with the second snare marked held out, as the dataset builder marks
    // rendered pitches.
    const auto data = test::writeTinyDataset(test::freshDir("eval-split"));
    auto manifest = nlohmann::json::parse(core::io::readFile(data / "manifest.json"));
    manifest["entries"].back()["split"] = "test";
    core::io::writeFileAtomically(data / "manifest.json", manifest.dump());
    EvalOptions o;
    o.modelDir = modelDir;
    o.dataDir = data;
    o.figuresDir = modelDir / "figures";
    o.writeAudio = true;
    const auto r = evaluateGranular(o);

    ASSERT_EQ(r.examples, 1);
    EXPECT_TRUE(r.testKits.empty()); // held out by the manifest, not by kit
    ASSERT_EQ(r.modelPerClass.count("snare"), 1u);
    // One held-out example: its class's rows are the overall rows.
    EXPECT_DOUBLE_EQ(r.modelPerClass.at("snare").lsd, r.model.lsd);
    EXPECT_DOUBLE_EQ(r.nearestPerClass.at("snare").lsd, r.nearest.lsd);
    EXPECT_DOUBLE_EQ(r.ownSpectrumPerClass.at("snare").spectral, r.ownSpectrum.spectral);
    for (const auto* m : {&r.model, &r.nearest, &r.classMean, &r.ownSpectrum}) {
        EXPECT_GT(m->spectral, 0.0);
        EXPECT_GT(m->lsd, 0.0);
        EXPECT_GT(m->rmse, 0.0);
    }
    // Refinement (100 steps by default) brings the resynthesis closer than the encoder's μ.
    EXPECT_EQ(r.refinement.steps, kResynthesisRefineSteps);
    EXPECT_LT(r.refined.spectral, r.model.spectral);
    EXPECT_DOUBLE_EQ(r.refinedPerClass.at("snare").lsd, r.refined.lsd);
    EXPECT_GT(r.refineSecondsPerSecond, 0.0);
    // The snare's own grain spectra shape the noise better than the class mean does.
    EXPECT_LT(r.ownSpectrum.spectral, r.classMean.spectral);
    EXPECT_LT(r.ownSpectrum.lsd, r.classMean.lsd);

    for (const char* f :
         {"reconstructions.png", "sample_note.png", "audio/snare-original.wav",
          "audio/snare-model.wav", "audio/snare-refined.wav", "audio/snare-nearest.wav"})
        EXPECT_TRUE(std::filesystem::exists(o.figuresDir / f)) << f;
    const auto original = core::io::readAudioFile(o.figuresDir / "audio/snare-original.wav");
    EXPECT_EQ(original.sampleRate, c.sampleRate);
    EXPECT_EQ(static_cast<int>(original.channel[0].size()), c.exampleLength());

    writeModelCard(modelDir, r, "latentrack-cli eval granular --model tiny");
    const auto card = nlohmann::json::parse(core::io::readFile(modelDir / "card.json"));
    const auto& e = card.at("evaluation");
    EXPECT_EQ(e.at("heldOutExamples"), 1);
    EXPECT_DOUBLE_EQ(e.at("referenceOwnSpectrumNoise").at("lsdDb").get<double>(),
                     r.ownSpectrum.lsd);
    EXPECT_EQ(e.at("beatsBothBaselines").get<bool>(), r.beatsBaselines());
    EXPECT_EQ(e.at("encoderAloneBeatsBothBaselines").get<bool>(), r.encoderBeatsBaselines());
    EXPECT_DOUBLE_EQ(e.at("modelRefined").at("lsdDb").get<double>(), r.refined.lsd);
    EXPECT_EQ(e.at("refinement").at("steps"), kResynthesisRefineSteps);
    EXPECT_DOUBLE_EQ(e.at("baselineNearestTrainingPerClass").at("snare").at("lsdDb").get<double>(),
                     r.nearest.lsd);
    EXPECT_EQ(card.at("evaluatedWith"), "latentrack-cli eval granular --model tiny");

    // Without refinement the resynthesis is the encoder's.
    o.refine.steps = 0;
    const auto plain = evaluateGranular(o);
    EXPECT_DOUBLE_EQ(plain.refined.spectral, plain.model.spectral);
    EXPECT_DOUBLE_EQ(plain.model.spectral, r.model.spectral);
    EXPECT_EQ(plain.beatsBaselines(), plain.encoderBeatsBaselines());
}
