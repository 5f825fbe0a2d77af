#include "EvalCommand.h"

#include "ModelCard.h"
#include "RecordedPath.h"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "core/io/AtomicFile.h"
#include "models/granular/GranularEval.h"
#include "models/rave/RaveEval.h"
#include "models/rave/RaveModelIo.h"

namespace latentrack::app {

namespace {

void printRaveReport(const models::rave::RaveEvalReport& r) {
    std::printf("held-out windows: %d\n\nreconstruction   multi-scale STFT   log-mel dB   pitch "
                "kept\n",
                r.windows);
    std::printf("  model          %10.3f   %10.2f   %8.1f %%\n", r.stft, r.melDb,
                100.0 * r.pitchAgreement);
    std::printf("  nearest train  %10.3f   %10.2f   %8.1f %%   (baseline)\n", r.baselineStft,
                r.baselineMelDb, 100.0 * r.baselinePitchAgreement);
    std::printf("  (pitch kept: of %d clearly pitched hops, those within 50 cents)\n",
                r.pitchedFrames);
    if (r.hasOscillator)
        std::printf("  oscillator pitch: %.1f %% of %d pitched latent frames within 50 cents of "
                    "YIN's, median %.0f cents off\n",
                    100.0 * r.oscillatorWithin50Cents, r.oscillatorFrames, r.oscillatorMedianCents);
    std::printf("\n");
    std::printf("control  %-10s %8s %8s %10s %10s %10s %10s %8s\n", "attribute", "r", "(r+1)/2",
                "shuffled r", "own r", "generate r", "faders r", "slope");
    double mean = 0.0, meanPrior = 0.0, meanFaders = 0.0;
    const auto n = static_cast<double>(std::max<std::size_t>(1, r.control.size()));
    for (const auto& c : r.control) {
        std::printf("         %-10s %8.3f %8.3f %10.3f %10.3f %10.3f %10.3f %8.3f\n",
                    c.name.c_str(), c.r, c.score, c.lowerR, c.upperR, c.priorR, c.fadersR,
                    c.fadersSlope);
        mean += c.r / n;
        meanPrior += c.priorR / n;
        meanFaders += c.fadersR / n;
    }
    std::printf("  mean single-attribute r %.3f (generate mode %.3f, faders mode %.3f); with "
                "1/2/3/4 changed: %.3f %.3f %.3f %.3f\n",
                mean, meanPrior, meanFaders, r.multiAttributeR[0], r.multiAttributeR[1],
                r.multiAttributeR[2], r.multiAttributeR[3]);
    std::printf("  following another window's curves, 1/2/3/4 changed: %.3f %.3f %.3f %.3f\n",
                r.multiAttributeFollowR[0], r.multiAttributeFollowR[1], r.multiAttributeFollowR[2],
                r.multiAttributeFollowR[3]);
    if (!r.attributeCorrelation.empty()) {
        std::printf("  held-out attributes' correlation:");
        for (std::size_t a = 0; a < r.attributeCorrelation.size(); ++a)
            for (std::size_t b = a + 1; b < r.attributeCorrelation.size(); ++b)
                std::printf(" %s/%s %.2f", r.control[a].name.c_str(), r.control[b].name.c_str(),
                            r.attributeCorrelation[a][b]);
        std::printf("\n");
    }
    if (r.hasDiscriminator) {
        std::printf("latent discriminator accuracy (majority-bin rate):");
        for (std::size_t a = 0; a < r.discriminatorAccuracy.size(); ++a)
            std::printf(" %.2f (%.2f)", r.discriminatorAccuracy[a], r.majorityRate[a]);
        std::printf("\n");
    }
}

void printRow(const char* name, const models::granular::MetricSet& m) {
    std::printf("  %-30s %10.4f %10.3f %10.4f\n", name, m.spectral, m.lsd, m.rmse);
}
std::string shortNumber(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}
} // namespace

void addEvalCommand(CLI::App& app) {
    auto* eval = app.add_subcommand("eval", "Evaluate trained models on their held-out split");
    eval->require_subcommand(1);
    addEvalPresetCommand(*eval);
    auto* granular = eval->add_subcommand("granular", "Granular model vs. two baselines");
    auto opt = std::make_shared<models::granular::EvalOptions>();
    auto modelDir = std::make_shared<std::string>();
    auto dataDir = std::make_shared<std::string>();
    auto figures = std::make_shared<std::string>();
    auto noCard = std::make_shared<bool>(false);
    granular->add_option("--model", *modelDir, "Model folder")->required();
    granular->add_option("--data", *dataDir, "Dataset folder (default: the training dataset)");
    granular->add_option("--class-key", opt->classKey,
                         "Manifest class field (default: as trained)");
    granular->add_option("--figures", *figures,
                         "Folder for the PNGs and WAVs (default: <model>/eval)");
    granular->add_option("--threads", opt->threads, "LibTorch threads")->check(CLI::Range(1, 256));
    granular
        ->add_option("--refine-steps", opt->refine.steps,
                     "Latent refinement steps per held-out example (0: the encoder alone)")
        ->check(CLI::Range(0, 10000))
        ->capture_default_str();
    granular
        ->add_option("--refine-rate", opt->refine.learningRate,
                     "Adam step size of the latent refinement")
        ->check(CLI::Range(1e-5, 10.0))
        ->capture_default_str();
    granular->add_flag("--no-card", *noCard, "Do not write <model>/card.json");
    granular->add_flag(
        "--audio", opt->writeAudio,
        "Also write WAVs (original, model, refined, nearest) of one held-out example per "
        "class under the figures folder");
    granular->callback([=] {
        *modelDir = recordedPath(*modelDir);
        if (!dataDir->empty())
            *dataDir = recordedPath(*dataDir);
        opt->modelDir = *modelDir;
        opt->dataDir = *dataDir;
        opt->figuresDir = *figures;
        const auto r = models::granular::evaluateGranular(*opt);
        if (r.testKits.empty()) // rendered notes: whole pitches are held out, not kits
            std::printf("held-out examples: %d (held out by pitch)\n\n", r.examples);
        else
            std::printf("held-out examples: %d (%zu whole kits held out)\n\n", r.examples,
                        r.testKits.size());
        std::printf("  %-30s %10s %10s %10s\n", "", "spectral", "LSD dB", "RMSE");
        printRow("model, encoder μ", r.model);
        if (r.refinement.steps > 0) {
            const std::string name =
                "model, refined (" + std::to_string(r.refinement.steps) + " steps)";
            printRow(name.c_str(), r.refined);
        }
        printRow("baseline: nearest training", r.nearest);
        printRow("baseline: class-mean noise", r.classMean);
        printRow("reference: own-spectrum noise", r.ownSpectrum);
        std::printf("\nper class, spectral / LSD dB:   %17s %17s %17s %17s\n", "encoder μ",
                    "refined", "nearest", "reference");
        for (const auto& [cls, m] : r.modelPerClass) {
            const auto& f = r.refinedPerClass.at(cls);
            const auto& n = r.nearestPerClass.at(cls);
            const auto& o = r.ownSpectrumPerClass.at(cls);
            std::printf("  %-30s %8.4f /%7.3f %8.4f /%7.3f %8.4f /%7.3f %8.4f /%7.3f\n",
                        cls.c_str(), m.spectral, m.lsd, f.spectral, f.lsd, n.spectral, n.lsd,
                        o.spectral, o.lsd);
        }
        std::printf("\ndiversity (mean pairwise spectral distance): sample_note %.3f, held-out "
                    "examples %.3f\n",
                    r.spread.notes, r.spread.data);
        for (const auto& [cls, sp] : r.spreadPerClass)
            std::printf("  %-28s %8.3f %8.3f\n", cls.c_str(), sp.notes, sp.data);
        std::printf("\nsample_note: %.2f ms per second of audio (1 CPU thread)\n",
                    r.sampleNoteMsPerSecond);
        if (r.refinement.steps > 0)
            std::printf("latent refinement: %.2f s per second of audio (%d threads)\n",
                        r.refineSecondsPerSecond, opt->threads);
        std::printf("beats both baselines (spectral and LSD): encoder μ %s, refined %s\n",
                    r.encoderBeatsBaselines() ? "yes" : "NO",
                    r.refinement.steps > 0 ? (r.beatsBaselines() ? "yes" : "NO") : "not run");
        for (const auto& f : r.figures)
            std::printf("figure: %s\n", f.c_str());
        if (!*noCard) {
            std::string cmd = "latentrack-cli eval granular --model " + *modelDir;
            if (!dataDir->empty())
                cmd += " --data " + *dataDir;
            cmd += " --refine-steps " + std::to_string(opt->refine.steps);
            if (opt->refine.steps > 0)
                cmd += " --refine-rate " + shortNumber(opt->refine.learningRate);
            models::granular::writeModelCard(*modelDir, r, cmd);
            std::printf("card: %s/card.json\n", modelDir->c_str());
        }
    });

    auto* rave = eval->add_subcommand(
        "rave", "Attribute-fader model: reconstruction, attribute control, latent discriminator");
    auto ropt = std::make_shared<models::rave::RaveEvalOptions>();
    auto rmodel = std::make_shared<std::string>();
    auto rdata = std::make_shared<std::string>();
    auto rfigures = std::make_shared<std::string>();
    rave->add_option("--model", *rmodel, "Model folder")->required()->check(CLI::ExistingDirectory);
    rave->add_option("--data", *rdata, "Dataset folder (default: the one it was trained on)");
    rave->add_option("--figures", *rfigures, "Folder for spectrogram PNGs (default <model>/eval)");
    rave->add_option("--windows", ropt->maxWindows, "Held-out windows to evaluate")
        ->check(CLI::Range(1, 10000));
    rave->add_option("--threads", ropt->threads, "LibTorch threads")->check(CLI::Range(1, 256));
    auto rcompare = std::make_shared<std::string>();
    rave->add_option("--compare", *rcompare,
                     "Another model of the same data (C-RAVE with the same budget): evaluated on "
                     "the same windows, its table written beside the model's on the card")
        ->check(CLI::ExistingDirectory);
    rave->callback([=] {
        *rmodel = recordedPath(*rmodel);
        ropt->modelDir = *rmodel;
        if (rdata->empty())
            *rdata = trainingDataFolder(ropt->modelDir);
        *rdata = recordedPath(*rdata);
        ropt->dataDir = *rdata;
        ropt->figureDir =
            rfigures->empty() ? ropt->modelDir / "eval" : std::filesystem::path(*rfigures);
        const auto r = models::rave::evaluateRave(*ropt);
        printRaveReport(r);
        std::string cmd = "latentrack-cli eval rave --model " + *rmodel + " --data " + *rdata +
                          " --windows " + std::to_string(ropt->maxWindows);
        if (!rcompare->empty()) {
            *rcompare = recordedPath(*rcompare);
            cmd += " --compare " + *rcompare;
        }
        writeEvaluation(ropt->modelDir, models::rave::toJson(r), cmd,
                        "attribute-fader voice (NeuroRave C-RAVE/F-RAVE, RAVE-style VAE)");
        if (!rcompare->empty()) {
            auto other = *ropt;
            other.modelDir = *rcompare;
            other.figureDir.clear();
            std::printf("\ncompared with %s:\n", rcompare->c_str());
            const auto c = models::rave::evaluateRave(other);
            printRaveReport(c);
            const auto info =
                nlohmann::json::parse(core::io::readFile(other.modelDir / "model.json"));
            writeModelSection(
                ropt->modelDir, "comparison",
                {{"model", *rcompare},
                 {"variant", info.at("config").value("variant", std::string())},
                 {"trainedWith", info.at("provenance").value("command", std::string())},
                 {"evaluation", models::rave::toJson(c)}},
                cmd);
        }
        std::printf("card: %s/card.json\n", rmodel->c_str());
    });
}

} // namespace latentrack::app
