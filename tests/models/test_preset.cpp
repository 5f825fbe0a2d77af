// Preset inference's parts: the NumCat++ representation round trip on every factory voice, the
// augmentations (legal voices; operator symmetries that leave the sound unchanged), the
// dataset's split by source voice and its exact resume, the RealNVP flow's inverse, and a short
// training run that writes a model folder which loads back (and refuses one that does not fit).

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/fm/SysEx.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "models/preset/PresetAugment.h"
#include "models/preset/PresetDataset.h"
#include "models/preset/PresetEval.h"
#include "models/preset/PresetInference.h"
#include "models/preset/PresetInterpolation.h"
#include "models/preset/PresetLoss.h"
#include "models/preset/PresetModel.h"
#include "models/preset/PresetModelIo.h"
#include "models/preset/PresetRefinement.h"
#include "models/preset/PresetRenderer.h"
#include "models/preset/PresetRepresentation.h"
#include "models/preset/PresetTrainer.h"
#include "models/preset/VocalSketch.h"

using namespace latentrack::models::preset;
namespace fm = latentrack::core::fm;
namespace fs = std::filesystem;

namespace {

const char* kRom = "/usr/share/hexter/dx7_roms.dx7";

std::vector<fm::DxVoice> romVoices() {
    return fm::loadBankFile(kRom).voices;
}

fs::path tempDir(const std::string& name) {
    const auto d = fs::temp_directory_path() /
                   ("latentrack-preset-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    return d;
}

std::string fileBytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

/// A tiny dataset of ROM1A–4B with `count` training presets (built once per process).
const fs::path& tinyDataset() {
    static const fs::path dir = [] {
        const auto d = tempDir("tiny");
        PresetDatasetOptions o;
        o.outDir = d;
        o.banks = {kRom};
        o.trainPresets = 240;
        buildPresetDataset(o, {});
        return d;
    }();
    return dir;
}

} // namespace

TEST(PresetRepresentation, NumCatPlusPlusSplitAndRoundTripOfEveryFactoryVoice) {
    const auto& r = PresetRepresentation::shared();
    EXPECT_EQ(r.numericCount(), 90);
    EXPECT_EQ(r.categoricalCount(), 54);
    EXPECT_EQ(r.vectorSize(), 610);
    for (const auto& p : r.categorical())
        EXPECT_LE(p.classes, 32) << fm::paramName(p.index);
    for (auto v : romVoices()) {
        v.set(fm::VoiceParam::Transpose, PresetRepresentation::kTranspose);
        const auto back = r.decode(r.oneHot(v), v.name());
        EXPECT_EQ(back, v) << v.name();
        // The invertible target decodes to the same voice too.
        const auto t = invertibleTarget(v, 0.1);
        EXPECT_EQ(r.decode(t, v.name()), v) << v.name();
    }
    EXPECT_THROW(r.decode(std::vector<float>(609, 0.0f)), std::invalid_argument);
    std::vector<float> nan(610, std::nanf(""));
    const auto safe = r.decode(nan);
    for (int i = 0; i < 144; ++i)
        EXPECT_LE(safe.params[static_cast<std::size_t>(i)], fm::paramMax(i));
}

TEST(PresetRepresentation, SilentOperatorsAreMaskedOutOfTheLoss) {
    const auto& r = PresetRepresentation::shared();
    auto v = fm::DxVoice::initVoice(); // only operator 1 at level 99; 2 … 6 at 0
    std::vector<float> num(90), cat(54);
    r.mask(v, num, cat);
    int audibleNumeric = 0;
    for (std::size_t n = 0; n < num.size(); ++n)
        audibleNumeric += num[n] > 0.5f;
    // Operator 1's 13 numeric values, operators 2 … 6's output levels, 12 voice-wide values.
    EXPECT_EQ(audibleNumeric, 13 + 5 + 12);
}

TEST(PresetAugment, MutationsAndCrossoversAreLegalVoices) {
    std::mt19937_64 rng(7);
    const auto voices = romVoices();
    int changed = 0;
    for (std::size_t i = 0; i < voices.size(); ++i) {
        const auto m = mutate(voices[i], 0.05 + 0.95 * static_cast<double>(i) / 128.0, rng);
        for (int p = 0; p < fm::kVoiceParams - fm::kNameLength; ++p)
            ASSERT_LE(m.params[static_cast<std::size_t>(p)], fm::paramMax(p));
        EXPECT_EQ(m.get(fm::VoiceParam::Transpose), voices[i].get(fm::VoiceParam::Transpose));
        EXPECT_EQ(m.name(), voices[i].name());
        changed += m != voices[i];
    }
    EXPECT_GT(changed, 120);
    auto a = voices[0], b = voices[1];
    b.set(fm::VoiceParam::Algorithm, a.get(fm::VoiceParam::Algorithm));
    const auto c = crossover(a, b, rng);
    for (int op = 1; op <= 6; ++op) // each operator comes whole from one parent
        EXPECT_TRUE(c.op(op, fm::OpParam::Rate1) == a.op(op, fm::OpParam::Rate1) ||
                    c.op(op, fm::OpParam::Rate1) == b.op(op, fm::OpParam::Rate1));
    b.set(fm::VoiceParam::Algorithm, (a.get(fm::VoiceParam::Algorithm) + 1) % 32);
    EXPECT_THROW(crossover(a, b, rng), std::invalid_argument);
}

TEST(PresetAugment, OperatorSymmetriesKeepTheSoundSampleForSample) {
    // Algorithm 32: six carriers, feedback on 6 → every permutation of 1 … 5 (5! − 1).
    EXPECT_EQ(algorithmSymmetries(32).size(), 119u);
    // Algorithm 5: three 2-operator stacks, feedback on 6 → swapping the other two stacks.
    EXPECT_EQ(algorithmSymmetries(5).size(), 1u);
    PresetConfig c;
    PresetRenderer renderer(c);
    int checked = 0;
    for (const auto& v : romVoices()) {
        const auto& sym = algorithmSymmetries(v.get(fm::VoiceParam::Algorithm) + 1);
        if (sym.empty() || checked >= 6)
            continue;
        const auto p = permute(v, sym.back());
        ASSERT_NE(p, v) << v.name();
        const auto a = renderer.render(v);
        const auto b = renderer.render(p);
        double diff = 0.0, level = 0.0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            diff = std::max(diff, static_cast<double>(std::abs(a[i] - b[i])));
            level = std::max(level, static_cast<double>(std::abs(a[i])));
        }
        EXPECT_LT(diff, 1e-4 * std::max(level, 1e-3)) << v.name();
        ++checked;
    }
    EXPECT_EQ(checked, 6);
}

TEST(PresetDataset, SplitBySourceVoiceAndQuietPresetsDropped) {
    const PresetDataset data(tinyDataset());
    std::set<int> train, held;
    for (int i = 0; i < data.size(); ++i) {
        (data.split(i) == PresetSplit::Train ? train : held).insert(data.source(i));
        if (data.split(i) != PresetSplit::Train) {
            EXPECT_EQ(data.kind(i), PresetKind::Original);
        }
    }
    for (int s : held)
        EXPECT_EQ(train.count(s), 0u) << "source " << s << " is in two splits";
    EXPECT_EQ(data.indices(PresetSplit::Train).size(), 240u);
    EXPECT_GE(data.indices(PresetSplit::Validation).size(), 10u);
    EXPECT_GE(data.indices(PresetSplit::Test).size(), 10u);
    // The stored spectrogram is the rendering's, within the byte quantisation.
    PresetRenderer renderer(data.config());
    const auto mel = renderer.renderLogMel(data.voice(5));
    const auto stored = data.melDb(5);
    ASSERT_EQ(stored.size(), mel.db.size());
    for (std::size_t k = 0; k < stored.size(); ++k)
        ASSERT_NEAR(stored[k], std::min(mel.db[k], 20.0f), 0.28);
    for (int i = 0; i < data.size(); ++i)
        EXPECT_GE(peakRmsDb(renderer.render(data.voice(i)), 22050.0), -40.0);
}

TEST(PresetDataset, AResumedBuildEqualsAnUninterruptedOne) {
    const auto resumed = tempDir("resumed");
    PresetDatasetOptions o;
    o.outDir = resumed;
    o.banks = {kRom};
    o.trainPresets = 150;
    buildPresetDataset(o, {});
    o.trainPresets = 240; // continue the same build further
    buildPresetDataset(o, {});
    for (const char* f : {"voices.bin", "records.bin", "mels.bin"})
        EXPECT_EQ(fileBytes(resumed / f), fileBytes(tinyDataset() / f)) << f;
    // A truncated file is refused with its name.
    fs::resize_file(resumed / "mels.bin", 1000);
    try {
        PresetDataset bad(resumed);
        FAIL() << "a truncated mels.bin loaded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("mels.bin"), std::string::npos) << e.what();
    }
    fs::remove_all(resumed);
}

TEST(PresetModel, TheRegressionFlowIsInvertible) {
    torch::manual_seed(3);
    RealNvp flow(610, 4, 64);
    {
        torch::NoGradGuard g;
        for (auto& p : flow->parameters())
            p.normal_(0.0, 0.05);
    }
    const auto z = torch::randn({8, 610});
    const auto v = flow->forward(z);
    EXPECT_GT((v - z).abs().max().item<double>(), 0.01); // it does transform
    EXPECT_LT((flow->inverse(v) - z).abs().max().item<double>(), 1e-4);
    PresetModel model(PresetConfig{}, 610);
    const auto [mean, logVar] = model->encode(torch::zeros({2, 1, 64, 128}));
    EXPECT_EQ(mean.sizes(), (std::vector<int64_t>{2, 610}));
    EXPECT_EQ(model->decode(mean).sizes(), (std::vector<int64_t>{2, 1, 64, 128}));
}

TEST(PresetTrainer, AShortRunLowersTheLossAndItsModelLoadsBack) {
    const auto out = tempDir("train");
    PresetTrainOptions o;
    o.dataDir = tinyDataset();
    o.outDir = out;
    o.config.steps = 60;
    o.config.batchSize = 16;
    o.config.learningRate = 1e-3;
    o.threads = 1;
    o.device = "cpu";
    std::vector<double> totals;
    o.progress = [&](const latentrack::models::granular::TrainProgress& p) {
        totals.push_back(p.losses.at("spec") + p.losses.at("num") + p.losses.at("cat"));
    };
    ASSERT_TRUE(trainPreset(o));
    ASSERT_GE(totals.size(), 2u);
    EXPECT_LT(totals.back(), totals.front());
    auto bundle = loadPresetModel(out);
    EXPECT_EQ(bundle.model->vectorSize(), 610);
    {
        // Inference: candidates ranked by their rendering's distance, legal voices; a voice's
        // latent point gives the voice back (the flow's inverse).
        PresetInferencer inf(loadPresetModel(out));
        const PresetDataset data(tinyDataset());
        const auto target = inf.renderer().renderLogMel(data.voice(0));
        const auto c = inf.infer(target, 4);
        ASSERT_EQ(c.size(), 4u);
        for (std::size_t k = 1; k < c.size(); ++k)
            EXPECT_LE(c[k - 1].distanceDb, c[k].distanceDb);
        for (int p = 0; p < 145; ++p)
            EXPECT_LE(c[0].voice.params[static_cast<std::size_t>(p)], fm::paramMax(p));
        auto v = data.voice(3);
        v.set(fm::VoiceParam::Transpose, PresetRepresentation::kTranspose);
        EXPECT_EQ(inf.voiceAt(inf.latentOf(v), v.name()), v);
        // Latent interpolation, every kind, starts and ends at the two voices.
        auto w = data.voice(7);
        w.set(fm::VoiceParam::Transpose, PresetRepresentation::kTranspose);
        for (auto kind :
             {LatentPathKind::EvenPace, LatentPathKind::Sound, LatentPathKind::SoundBoxed,
              LatentPathKind::SoundUnbounded, LatentPathKind::FlowInverse}) {
            SCOPED_TRACE(latentPathKindName(kind));
            const auto path = latentInterpolation(inf, v, w, 5, kind);
            ASSERT_EQ(path.size(), 5u);
            EXPECT_EQ(path.front().params, [&] {
                auto x = v;
                x.setName("MORPH 1");
                return x.params;
            }());
            EXPECT_EQ(path.back().params, [&] {
                auto x = w;
                x.setName("MORPH 5");
                return x.params;
            }());
        }
        // The app's path and the sound path stay in the box of the two voices: each numeric
        // parameter between its two values, each choice one of theirs; and each goes from A's
        // to B's once, never back (numeric: monotone; a choice: switched at most once).
        const auto& rep = PresetRepresentation::shared();
        for (auto kind : {LatentPathKind::EvenPace, LatentPathKind::Sound}) {
            SCOPED_TRACE(latentPathKindName(kind));
            const auto app = latentInterpolation(inf, v, w, 17, kind);
            for (std::size_t i = 0; i < app.size(); ++i) {
                const auto& x = app[i];
                for (int p : rep.numeric()) {
                    const auto k = static_cast<std::size_t>(p);
                    EXPECT_GE(x.params[k], std::min(v.params[k], w.params[k])) << p;
                    EXPECT_LE(x.params[k], std::max(v.params[k], w.params[k])) << p;
                    if (i > 0) {
                        const int step = x.params[k] - app[i - 1].params[k];
                        EXPECT_GE(step * (w.params[k] - v.params[k]), 0) << "parameter " << p;
                    }
                }
                for (const auto& c : rep.categorical()) {
                    const auto k = static_cast<std::size_t>(c.index);
                    EXPECT_TRUE(x.params[k] == v.params[k] || x.params[k] == w.params[k])
                        << c.index;
                    if (i > 0 && app[i - 1].params[k] == w.params[k]) {
                        EXPECT_EQ(x.params[k], w.params[k]) << "switched back: " << c.index;
                    }
                }
            }
        }
        // The latent pace: no length between a voice and itself, all of it between v and w.
        EXPECT_EQ(latentPace(inf, {v, w, w}), (std::vector<double>{0.0, 1.0, 1.0}));
        const auto pace = latentPace(inf, naiveInterpolation(v, w, 9));
        EXPECT_TRUE(std::is_sorted(pace.begin(), pace.end()));
        EXPECT_DOUBLE_EQ(pace.front(), 0.0);
        EXPECT_DOUBLE_EQ(pace.back(), 1.0);
        // The app's path is the parameter line at that pace: naive's voices, met at other t,
        // and its latent points are the encoder's means of them.
        const LatentPath paced(inf, v, w);
        bool retimed = false;
        for (double t : {0.25, 0.5, 0.75})
            retimed = retimed || paced.voiceAt(inf, t, "X").params != naiveVoiceAt(v, w, t).params;
        EXPECT_TRUE(retimed);
        EXPECT_TRUE(torch::allclose(paced.latentAt(1.0), inf.encode(inf.renderer().renderLogMel(w)),
                                    1e-4, 1e-5));
        // The sound path runs between the encoder's means of the two renderings.
        const LatentPath sound(inf, v, w, LatentPathKind::Sound);
        const auto mu = inf.encode(inf.renderer().renderLogMel(v));
        EXPECT_TRUE(torch::allclose(sound.latentAt(0.0), mu));
        EXPECT_TRUE(torch::allclose(sound.latentAt(-1.0), mu)); // t clamped
        EXPECT_TRUE(torch::allclose(sound.latentAt(0.5),
                                    0.5 * (mu + inf.encode(inf.renderer().renderLogMel(w)))));
        EXPECT_FALSE(
            torch::allclose(LatentPath(inf, v, w, LatentPathKind::FlowInverse).latentAt(0.0), mu));
        const auto j = compareInterpolations(inf, {{v, w}}, 5);
        EXPECT_EQ(j.at("descriptors").size(), 7u);
        for (const char* key :
             {"latentSmoothness", "soundSmoothness", "soundBoxedSmoothness",
              "soundUnboundedSmoothness", "flowInverseSmoothness", "naiveSmoothness"})
            EXPECT_TRUE(j.at("descriptors").at("level").contains(key)) << key;
        // With one pair, the pair-by-pair count is the comparison of the means, and a 1 : 0
        // split is no evidence at all (sign test p = 1).
        for (const auto& [name, d] : j.at("descriptors").items()) {
            SCOPED_TRACE(name);
            const double latent = d.at("latentSmoothness").get<double>();
            const double naive = d.at("naiveSmoothness").get<double>();
            EXPECT_EQ(d.at("latentSmootherPairs").get<int>(), latent < naive - 1e-12 ? 1 : 0);
            EXPECT_EQ(d.at("latentRougherPairs").get<int>(), latent > naive + 1e-12 ? 1 : 0);
            EXPECT_DOUBLE_EQ(d.at("latentSignTestP").get<double>(), 1.0);
        }
        EXPECT_THROW(inf.infer(latentrack::core::dsp::LogMel{10, 64, std::vector<float>(640)}),
                     std::invalid_argument);
    }
    // A card whose representation does not fit this build is refused, naming the file.
    auto card = nlohmann::json::parse(latentrack::core::io::readFile(out / "model.json"));
    card["vectorSize"] = 600;
    latentrack::core::io::writeFileAtomically(out / "model.json", card.dump());
    EXPECT_THROW(loadPresetModel(out), PresetModelError);
    card["vectorSize"] = 610;
    card["kind"] = "rave";
    latentrack::core::io::writeFileAtomically(out / "model.json", card.dump());
    try {
        loadPresetModel(out);
        FAIL() << "a rave card loaded as a preset model";
    } catch (const PresetModelError& e) {
        EXPECT_NE(std::string(e.what()).find("model.json"), std::string::npos);
    }
    fs::remove_all(out);
}

TEST(PresetEval, AudioScoresAreZeroForTheSameRenderingAndGrowWithTheDifference) {
    PresetRenderer renderer(PresetConfig{});
    const auto voices = romVoices();
    const auto a = renderer.renderLogMel(voices[0]);
    const auto same = audioScores(a, a);
    EXPECT_EQ(same.logMelDb, 0.0);
    EXPECT_EQ(same.spectralConvergence, 0.0);
    EXPECT_EQ(same.mfccMae, 0.0);
    std::mt19937_64 rng(1);
    const auto near = audioScores(a, renderer.renderLogMel(mutate(voices[0], 0.1, rng)));
    const auto far = audioScores(a, renderer.renderLogMel(voices[60]));
    EXPECT_LT(near.logMelDb, far.logMelDb);
    EXPECT_LT(near.mfccMae, far.mfccMae);
    const auto p = parameterScores(voices[0], voices[0]);
    EXPECT_EQ(p.numericMae, 0.0);
    EXPECT_EQ(p.categoricalAccuracy, 1.0);
    EXPECT_EQ(p.algorithmAccuracy, 1.0);
}

TEST(PresetEval, RetrievalFindsATrainingPresetFromItsOwnRendering) {
    const PresetDataset data(tinyDataset());
    const PresetRetrieval retrieval(data);
    PresetRenderer renderer(data.config());
    const auto train = data.indices(PresetSplit::Train);
    for (int i : {train[0], train[100], train.back()}) {
        const int found = retrieval.nearest(renderer.renderLogMel(data.voice(i)));
        EXPECT_LT(latentrack::core::dsp::logMelDistance(renderer.renderLogMel(data.voice(found)),
                                                        renderer.renderLogMel(data.voice(i))),
                  0.3)
            << i << " → " << found;
    }
}

TEST(PresetRefinement, LowersTheDistanceOfAPerturbedVoiceAndStopsWhenCancelled) {
    PresetRenderer renderer(PresetConfig{});
    const auto voices = romVoices();
    const auto target = renderer.renderLogMel(voices[2]); // BRASS 3
    std::mt19937_64 rng(5);
    const auto start = mutate(voices[2], 0.6, rng);
    RefinementOptions o;
    o.seconds = 2.0;
    const auto r = refinePreset(renderer, target, {start}, o);
    EXPECT_GT(r.evaluations, 50);
    EXPECT_LT(r.bestDb, 0.8 * r.startDb) << r.startDb << " → " << r.bestDb;
    EXPECT_NEAR(latentrack::core::dsp::logMelDistance(renderer.renderLogMel(r.voice), target),
                r.bestDb, 1e-9);
    std::atomic<bool> cancel{true};
    o.cancel = &cancel;
    const auto c = refinePreset(renderer, target, {start}, o);
    EXPECT_TRUE(c.cancelled);
    EXPECT_LE(c.evaluations, 3);
    EXPECT_THROW(refinePreset(renderer, target, {}, o), std::invalid_argument);
}

// A voice already heard is not rendered again: three copies of one start cost one rendering.
TEST(PresetRefinement, RendersAVoiceHeardBeforeOnlyOnce) {
    PresetRenderer renderer(PresetConfig{});
    const auto voices = romVoices();
    const auto target = renderer.renderLogMel(voices[1]);
    RefinementOptions o;
    o.seconds = 600.0;
    o.maxEvaluations = 1;
    const auto r = refinePreset(renderer, target, {voices[4], voices[4], voices[4]}, o);
    EXPECT_EQ(r.evaluations, 1);
    EXPECT_EQ(r.voice.params, voices[4].params);
    EXPECT_DOUBLE_EQ(r.bestDb, r.startDb);
}

// An evaluation budget that ends before the time does: the same start and target give the same
// voice on any machine, after no more renderings than the budget.
TEST(PresetRefinement, AnEvaluationBudgetGivesTheSameVoiceEachTime) {
    PresetRenderer renderer(PresetConfig{});
    const auto voices = romVoices();
    const auto target = renderer.renderLogMel(voices[5]);
    std::mt19937_64 rng(9);
    const auto a = mutate(voices[5], 0.5, rng);
    const auto b = mutate(voices[5], 0.5, rng);
    RefinementOptions o;
    o.seconds = 600.0;
    o.maxEvaluations = 40;
    const auto first = refinePreset(renderer, target, {a, b}, o);
    const auto second = refinePreset(renderer, target, {a, b}, o);
    EXPECT_LE(first.evaluations, 40);
    EXPECT_GT(first.evaluations, 30) << "both starts searched";
    EXPECT_FALSE(first.timeLimited);
    EXPECT_LT(first.bestDb, first.startDb);
    EXPECT_EQ(first.evaluations, second.evaluations);
    EXPECT_EQ(first.voice.params, second.voice.params);
    EXPECT_DOUBLE_EQ(first.bestDb, second.bestDb);
}

TEST(PresetInference, SilentAndTooShortSoundsAreRefusedWithTheReason) {
    EXPECT_THROW(checkSound(std::vector<float>(22050, 0.0f), 22050.0), std::invalid_argument);
    try {
        checkSound(std::vector<float>(441, 0.5f), 22050.0);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("20 ms"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(checkSound(std::vector<float>(22050, 0.5f), 22050.0));
}

TEST(PresetInterpolation, DescriptorsFollowTheSoundAndNaiveStepsEndAtBothVoices) {
    PresetConfig c;
    PresetRenderer renderer(c);
    auto dull = fm::DxVoice::initVoice(); // one sine carrier
    auto bright = dull;
    bright.setOp(2, fm::OpParam::OutputLevel, 90); // operator 2 modulates 1 in algorithm 1
    auto slow = dull;
    slow.setOp(1, fm::OpParam::Rate1, 30);
    const auto d = soundDescriptors(renderer.renderLogMel(dull), c);
    const auto b = soundDescriptors(renderer.renderLogMel(bright), c);
    const auto s = soundDescriptors(renderer.renderLogMel(slow), c);
    EXPECT_GT(b[0], 1.5 * d[0]) << "centroid";
    EXPECT_GT(b[1], d[1]) << "bandwidth";
    EXPECT_GT(s[5], d[5] + 0.2) << "attack time";
    EXPECT_NEAR(d[0], 261.6, 60.0) << "a sine at middle C";
    const auto path = naiveInterpolation(dull, bright, 9);
    EXPECT_EQ(path.front().op(2, fm::OpParam::OutputLevel), 0);
    EXPECT_EQ(path[4].op(2, fm::OpParam::OutputLevel), 45);
    EXPECT_EQ(path.back().op(2, fm::OpParam::OutputLevel), 90);
}

TEST(PresetInterpolation, PositionAtPaceFindsWhereAShareOfTheLengthIsReached) {
    // Four grid points; the path's whole length lies in the first and last segments.
    const std::vector<double> pace{0.0, 0.5, 0.5, 1.0};
    EXPECT_DOUBLE_EQ(positionAtPace(pace, 0.0), 0.0);
    EXPECT_DOUBLE_EQ(positionAtPace(pace, 0.25), 0.5 / 3.0);
    EXPECT_DOUBLE_EQ(positionAtPace(pace, 0.5), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(positionAtPace(pace, 0.75), 2.5 / 3.0);
    EXPECT_DOUBLE_EQ(positionAtPace(pace, 1.0), 1.0);
    EXPECT_DOUBLE_EQ(positionAtPace(pace, -2.0), 0.0); // clamped
    EXPECT_DOUBLE_EQ(positionAtPace(pace, 3.0), 1.0);
    // An even pace changes nothing.
    for (double t : {0.1, 0.4, 0.9})
        EXPECT_NEAR(positionAtPace({0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0}, t), t, 1e-12);
}

TEST(VocalSketch, SilenceIsTrimmedThePitchFoundAndTheSoundShiftedToC4) {
    PresetConfig c;
    c.note = 67; // G4
    PresetRenderer renderer(c);
    auto voice = fm::DxVoice::initVoice();
    voice.setOp(2, fm::OpParam::OutputLevel, 80); // modulation: a voice-like row of harmonics
    auto audio = renderer.render(voice);
    audio.insert(audio.begin(), 11025, 0.0f); // 0.5 s of silence first
    EXPECT_EQ(sungPitch(audio, 22050.0).first, std::optional<int>(67));
    const auto p = prepareSketch(audio, 22050.0);
    EXPECT_NEAR(p.trimmedStartSeconds, 0.5, 0.011);
    ASSERT_TRUE(p.sungNote.has_value());
    EXPECT_EQ(*p.sungNote, 67);
    EXPECT_EQ(p.shiftSemitones, -7.0);
    EXPECT_EQ(sungPitch(p.audio, 22050.0).first, std::optional<int>(60));
    // A real recording: a snare hit has no pitch and is left where it is.
    const auto snare = latentrack::core::io::toMono(latentrack::core::io::resample(
        latentrack::core::io::readAudioFile("/usr/share/hydrogen/data/drumkits/"
                                            "ColomboAcousticDrumkit/"
                                            "snare-opaque-normal-mic-normal_shot2.flac"),
        22050.0));
    const auto s = prepareSketch(snare, 22050.0);
    EXPECT_FALSE(s.sungNote.has_value()) << *s.sungNote;
    EXPECT_EQ(s.shiftSemitones, 0.0);
    EXPECT_THROW(prepareSketch(std::vector<float>(22050, 0.0f), 22050.0), std::invalid_argument);
}
