#include "EvalCommand.h"

#include <cstdio>
#include <sstream>

#include <spdlog/spdlog.h>

#include "ModelCard.h"
#include "Progress.h"
#include "RecordedPath.h"
#include "core/fm/SysEx.h"
#include "core/io/AudioFile.h"
#include "models/preset/PresetEval.h"
#include "models/preset/PresetInference.h"
#include "models/preset/PresetRefinement.h"
#include "models/preset/VocalSketch.h"

namespace latentrack::app {

namespace {

void printScores(const char* label, const nlohmann::json& s) {
    std::printf("  %-18s %8.2f %8.3f %8.2f", label, s.value("logMelDb", 0.0),
                s.value("spectralConvergence", 0.0), s.value("mfcc13Mae", 0.0));
    if (s.contains("numericMae99"))
        std::printf(" %8.1f %8.3f %8.3f", s.value("numericMae99", 0.0),
                    s.value("categoricalAccuracy", 0.0), s.value("algorithmAccuracy", 0.0));
    std::printf("\n");
}

} // namespace

void addEvalPresetCommand(CLI::App& eval) {
    auto* cmd = eval.add_subcommand(
        "preset", "Preset inference: held-out voices and real sounds against retrieval");
    auto opt = std::make_shared<models::preset::PresetEvalOptions>();
    auto model = std::make_shared<std::string>();
    auto data = std::make_shared<std::string>();
    auto figures = std::make_shared<std::string>();
    auto noOod = std::make_shared<bool>(false);
    auto threads = std::make_shared<int>(1);
    auto split = std::make_shared<std::string>("test");
    cmd->add_option("--model", *model, "Model folder")->required()->check(CLI::ExistingDirectory);
    cmd->add_option("--data", *data, "Dataset folder (default: the one it was trained on)");
    cmd->add_option("--split", *split,
                    "Held-out voices to score: test (written to the card) or validation (for "
                    "tuning; printed only)")
        ->check(CLI::IsMember({"test", "validation"}));
    cmd->add_option("--interpolation-pairs", opt->interpolationPairs,
                    "Pairs of held-out voices for the interpolation smoothness (0: skip)")
        ->check(CLI::Range(0, 1000));
    cmd->add_option("--candidates", opt->candidates, "Candidates per sound (mean + samples)")
        ->check(CLI::Range(1, 64));
    cmd->add_flag("--no-out-of-domain", *noOod, "Skip the real sounds");
    cmd->add_option("--refine-seconds", opt->refineSeconds,
                    "Also refine each held-out voice for this long (NLopt)")
        ->check(CLI::Range(0.0, 600.0));
    cmd->add_option("--refine-starts", opt->refineStarts,
                    "Refine from this many of the model's best candidates")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--refine-evaluations", opt->refineEvaluations,
                    "And for at most this many renderings per voice (reproducible on any machine "
                    "when it ends first)")
        ->check(CLI::Range(0, 10000000));
    cmd->add_option("--figures", *figures, "Folder for spectrogram PNGs (default <model>/eval)");
    cmd->add_option("--threads", *threads, "LibTorch threads")->check(CLI::Range(1, 256));
    cmd->callback([=] {
        torch::set_num_threads(*threads);
        const std::filesystem::path dir = *model;
        if (data->empty())
            *data = trainingDataFolder(dir);
        const models::preset::PresetDataset dataset(*data);
        models::preset::PresetInferencer inferencer(models::preset::loadPresetModel(dir));
        opt->outOfDomain = !*noOod;
        const bool validation = *split == "validation";
        opt->split = validation ? models::preset::PresetSplit::Validation
                                : models::preset::PresetSplit::Test;
        // Validation runs draw no figures unless asked: the model's own are of the test voices.
        opt->figures = !figures->empty() ? std::filesystem::path(*figures)
                       : validation      ? std::filesystem::path()
                                         : dir / "eval";
        opt->progress = [](const std::string& s) { spdlog::info("{}", s); };
        const auto r = models::preset::evaluatePresetModel(inferencer, dataset, *opt);
        const auto& h = r.at("heldOut");
        std::printf("held-out voices: %d\n  %-18s %8s %8s %8s %8s %8s %8s\n",
                    h.at("presets").get<int>(), "", "log-mel", "SC", "MFCC", "num MAE", "cat acc",
                    "alg acc");
        printScores("model (mean)", h.at("model"));
        printScores(("model (best of " + std::to_string(opt->candidates) + ")").c_str(),
                    h.at("modelBestOf"));
        if (h.contains("refined"))
            printScores("refined", h.at("refined"));
        printScores("retrieval", h.at("retrieval"));
        printScores("median preset", h.at("medianPreset"));
        if (h.contains("refined"))
            std::printf("refined: %+.1f %% log-mel against retrieval, better on %d of %d voices\n",
                        100.0 * h.at("refinedVsRetrievalLogMel").get<double>(),
                        h.at("refinedBeatsRetrievalOn").get<int>(), h.at("presets").get<int>());
        if (h.contains("refined"))
            std::printf("refinement: %.0f renderings and %.2f s per voice on average; the time "
                        "budget ended it on %d voices\n",
                        h.at("refineMeanEvaluations").get<double>(),
                        h.at("refineMeanSeconds").get<double>(),
                        h.at("refineTimeLimitedOn").get<int>());
        std::printf("beats retrieval on all audio metrics: %s (on %d of %d voices by log-mel)\n",
                    h.at("beatsRetrieval").get<bool>() ? "yes" : "no",
                    h.at("bestOfBeatsRetrievalOn").get<int>(), h.at("presets").get<int>());
        if (r.contains("interpolation")) {
            const auto& in = r.at("interpolation");
            std::printf("interpolation (%d pairs, 9 steps), smoothness (RMS second difference, "
                        "lower is smoother):\n  %-17s %10s %10s %10s %10s %10s %10s   %s\n",
                        in.at("pairs").get<int>(), "", "latent", "sound", "boxed", "unbounded",
                        "flow inv.", "naive", "latent vs naive by pair: smoother/rougher, p");
            for (const auto& [name, d] : in.at("descriptors").items())
                std::printf(
                    "  %-17s %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f   %d/%d, %.3g\n",
                    name.c_str(), d.at("latentSmoothness").get<double>(),
                    d.at("soundSmoothness").get<double>(),
                    d.at("soundBoxedSmoothness").get<double>(),
                    d.at("soundUnboundedSmoothness").get<double>(),
                    d.at("flowInverseSmoothness").get<double>(),
                    d.at("naiveSmoothness").get<double>(), d.at("latentSmootherPairs").get<int>(),
                    d.at("latentRougherPairs").get<int>(), d.at("latentSignTestP").get<double>());
            std::printf("latent (the parameter line at an even pace through the latent space) is "
                        "smoother than naive on %d of %d descriptors; the sound path (monotone in "
                        "the voices' box) on %d, boxed only on %d, unbounded on %d, the flow "
                        "inverse's path on %d\n",
                        in.at("latentSmootherOn").get<int>(), in.at("of").get<int>(),
                        in.at("soundSmootherOn").get<int>(),
                        in.at("soundBoxedSmootherOn").get<int>(),
                        in.at("soundUnboundedSmootherOn").get<int>(),
                        in.at("flowInverseSmootherOn").get<int>());
        }
        if (r.contains("outOfDomain")) {
            const auto& o = r.at("outOfDomain");
            std::printf("out of domain (%zu sounds):\n", o.at("sounds").size());
            for (const auto& s : o.at("sounds"))
                std::printf("  %-18s model %6.2f dB   retrieval %6.2f dB\n",
                            s.at("sound").get<std::string>().c_str(), s.at("modelDb").get<double>(),
                            s.at("retrievalDb").get<double>());
            if (!o.at("modelBestOf").is_null()) {
                printScores("model (best of)", o.at("modelBestOf"));
                printScores("retrieval", o.at("retrieval"));
            }
            for (const auto& m : o.at("missing"))
                std::printf("  not installed: %s\n", m.get<std::string>().c_str());
        }
        if (validation) {
            std::printf("validation split: the card is not written\n");
            return;
        }
        std::ostringstream line;
        line << "latentrack-cli eval preset --model " << recordedPath(*model) << " --data "
             << recordedPath(*data) << " --candidates " << opt->candidates;
        if (opt->refineSeconds > 0.0)
            line << " --refine-seconds " << opt->refineSeconds;
        if (opt->refineSeconds > 0.0 && opt->refineEvaluations > 0)
            line << " --refine-evaluations " << opt->refineEvaluations;
        if (opt->refineSeconds > 0.0 &&
            opt->refineStarts != models::preset::PresetEvalOptions{}.refineStarts)
            line << " --refine-starts " << opt->refineStarts;
        if (*noOod)
            line << " --no-out-of-domain";
        if (opt->interpolationPairs != models::preset::PresetEvalOptions{}.interpolationPairs)
            line << " --interpolation-pairs " << opt->interpolationPairs;
        line << " --threads " << *threads;
        writeEvaluation(dir, r, line.str(),
                        "preset inference (spectrogram VAE + RealNVP regression flow, DAFx21)");
        std::printf("card: %s/card.json\n", model->c_str());
    });
}

void addInferCommand(CLI::App& app) {
    auto* infer = app.add_subcommand("infer", "Infer synthesizer settings from a sound");
    infer->require_subcommand(1);
    auto* cmd = infer->add_subcommand("preset", "A sound (WAV, FLAC …) → a DX7 voice (.syx)");
    auto model = std::make_shared<std::string>();
    auto input = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto candidates = std::make_shared<int>(8);
    auto name = std::make_shared<std::string>("INFERRED");
    cmd->add_option("--model", *model, "Model folder")->required()->check(CLI::ExistingDirectory);
    cmd->add_option("--input", *input, "Sound file")->required()->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", *output, "Single-voice SysEx file to write")->required();
    cmd->add_option("--candidates", *candidates, "Candidates to render and rank")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--name", *name, "Voice name (10 characters)");
    auto sketch = std::make_shared<bool>(false);
    cmd->add_flag("--sketch", *sketch,
                  "Vocal sketch: trim silence, find the sung pitch and shift it to C4 first");
    auto refine = std::make_shared<double>(0.0);
    cmd->add_option("--refine-seconds", *refine, "Refine the preset for this long (NLopt)")
        ->check(CLI::Range(0.0, 600.0));
    cmd->callback([=] {
        models::preset::PresetInferencer inf(models::preset::loadPresetModel(*model));
        auto audio = core::io::readMonoAudio(*input, inf.config().sampleRate);
        models::preset::checkSound(audio, inf.config().sampleRate);
        if (*sketch) {
            auto p = models::preset::prepareSketch(audio, inf.config().sampleRate);
            if (p.sungNote)
                std::printf("sung pitch: MIDI %d (%.0f %% of the sound pitched), shifted %+.0f "
                            "semitones to C4; play the voice at key %d for the sung pitch\n",
                            *p.sungNote, 100.0 * p.pitchedShare, p.shiftSemitones, *p.sungNote);
            else
                std::printf("no sung pitch (%.0f %% pitched): the sound is used as it is\n",
                            100.0 * p.pitchedShare);
            audio = std::move(p.audio);
        }
        const auto mel = inf.soundLogMel(audio);
        auto best = inf.infer(mel, *candidates);
        auto voice = best.front().voice;
        double distance = best.front().distanceDb;
        if (*refine > 0.0) {
            std::vector<core::fm::DxVoice> starts;
            for (std::size_t k = 0; k < std::min<std::size_t>(2, best.size()); ++k)
                starts.push_back(best[k].voice);
            models::preset::RefinementOptions ro;
            ro.seconds = *refine;
            const int tenths = static_cast<int>(*refine * 10.0);
            ro.progress = [tenths](double t, double d) {
                char label[48];
                std::snprintf(label, sizeof label, "refine (%.2f dB) tenths of a second", d);
                printCount(label, std::min(tenths - 1, static_cast<int>(t * 10.0)), tenths);
            };
            const auto r = models::preset::refinePreset(inf.renderer(), mel, starts, ro);
            std::printf("refined %.2f → %.2f dB in %d renderings\n", r.startDb, r.bestDb,
                        r.evaluations);
            voice = r.voice;
            distance = r.bestDb;
        }
        voice.setName(*name);
        core::fm::saveSingleVoiceFile(*output, voice);
        std::printf("%s: %s, algorithm %d, rendering %.2f dB log-mel from the sound (best of %d)\n",
                    output->c_str(), voice.name().c_str(),
                    voice.get(core::fm::VoiceParam::Algorithm) + 1, distance, *candidates);
    });
}

} // namespace latentrack::app
