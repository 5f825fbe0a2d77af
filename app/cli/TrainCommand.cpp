#include "TrainCommand.h"

#include "Progress.h"
#include "RecordedPath.h"

#include <cstdio>
#include <sstream>

#include "models/granular/GranularTrainer.h"
#include "models/rave/RaveTrainer.h"

namespace latentrack::app {

void addTrainCommand(CLI::App& app) {
    auto* train = app.add_subcommand("train", "Train the neural models (LibTorch)");
    train->require_subcommand(1);
    addTrainPresetCommand(*train);
    auto* granular = train->add_subcommand(
        "granular", "Grain VAE + latent-series VAE (Neural Granular Sound Synthesis)");
    auto opt = std::make_shared<models::granular::TrainOptions>();
    auto data = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto configName = std::make_shared<std::string>("small");
    auto grainSteps = std::make_shared<int>(-1);
    auto seriesSteps = std::make_shared<int>(-1);
    auto seed = std::make_shared<long long>(-1);
    auto ceiling = std::make_shared<double>(-1.0);
    auto hidden = std::make_shared<int>(-1);
    auto latentDim = std::make_shared<int>(-1);
    auto cropGrains = std::make_shared<int>(-1);
    auto beta = std::make_shared<double>(-1.0);
    auto augment = std::make_shared<double>(-1.0);
    auto softsign = std::make_shared<std::string>();
    granular->add_option("--data", *data, "Dataset folder with manifest.json")->required();
    granular->add_option("--out", *out, "Model folder to write")->required();
    granular->add_option("--config", *configName, "small or paper")
        ->check(CLI::IsMember({"small", "paper"}));
    granular->add_option("--class-key", opt->classKey,
                         "Manifest field with the class label (class8, class10, class)");
    granular->add_flag("--resume", opt->resume, "Continue from <out>/checkpoint");
    granular->add_option("--threads", opt->threads, "LibTorch threads")->check(CLI::Range(1, 256));
    granular->add_option("--device", opt->device, "cpu, cuda or auto")
        ->check(CLI::IsMember({"cpu", "cuda", "auto"}));
    granular->add_option("--grain-steps", *grainSteps, "Override the grain VAE steps");
    granular->add_option("--series-steps", *seriesSteps, "Override the latent-series VAE steps");
    granular->add_option("--seed", *seed, "Override the random seed");
    granular->add_option("--hidden", *hidden, "Override the width of the linear layers")
        ->check(CLI::Range(8, 4096));
    granular
        ->add_option("--crop-grains", *cropGrains,
                     "Override the grains per training crop (0 = whole examples)")
        ->check(CLI::Range(0, 100000));
    granular->add_option("--latent-dim", *latentDim, "Override the grain latent size")
        ->check(CLI::Range(2, 1024));
    granular
        ->add_option("--beta", *beta,
                     "Override the grain VAE's KL weight β (reached after the warm-up)")
        ->check(CLI::Range(0.0, 10.0));
    granular
        ->add_option("--augment-semitones", *augment,
                     "Resample each training example by a random ±N semitones (0 = off)")
        ->check(CLI::Range(0.0, 12.0));
    granular
        ->add_option("--magnitude-ceiling", *ceiling,
                     "Override the decoder's filter-magnitude ceiling (DDSP: 2)")
        ->check(CLI::Range(0.001, 1000.0));
    granular
        ->add_option("--post-softsign", *softsign,
                     "Override the softsign after the post filter (published: on; small: off)")
        ->check(CLI::IsMember({"on", "off"}));
    granular
        ->add_option("--stop-after", opt->stopAfterSteps,
                     "Stop after N steps in this run (resume later with --resume)")
        ->check(CLI::PositiveNumber);
    granular->add_option("--checkpoint-every", opt->checkpointEvery, "Steps between checkpoints")
        ->check(CLI::PositiveNumber);
    granular->callback([=] {
        opt->dataDir = *data;
        opt->outDir = *out;
        opt->config = models::granular::GranularConfig::named(*configName);
        if (*grainSteps >= 0)
            opt->config.grainSteps = *grainSteps;
        if (*seriesSteps >= 0)
            opt->config.seriesSteps = *seriesSteps;
        if (*seed >= 0)
            opt->config.seed = static_cast<std::uint64_t>(*seed);
        if (*ceiling > 0.0)
            opt->config.magnitudeCeiling = *ceiling;
        if (*hidden > 0)
            opt->config.hidden = *hidden;
        if (*latentDim > 0)
            opt->config.latentDim = *latentDim;
        if (*cropGrains >= 0)
            opt->config.cropGrains = *cropGrains;
        if (*beta >= 0.0)
            opt->config.beta = *beta;
        if (*augment >= 0.0)
            opt->config.augmentSemitones = *augment;
        if (!softsign->empty())
            opt->config.postSoftsign = *softsign == "on";
        *data = recordedPath(*data);
        *out = recordedPath(*out);
        std::ostringstream cmd;
        cmd << "latentrack-cli train granular --data " << *data << " --config " << *configName
            << " --class-key " << opt->classKey << " --out " << *out << " --device " << opt->device
            << " --threads " << opt->threads << " --grain-steps " << opt->config.grainSteps
            << " --series-steps " << opt->config.seriesSteps << " --seed " << opt->config.seed
            << " --magnitude-ceiling " << opt->config.magnitudeCeiling << " --hidden "
            << opt->config.hidden << " --latent-dim " << opt->config.latentDim << " --crop-grains "
            << opt->config.cropGrains << " --beta " << opt->config.beta << " --augment-semitones "
            << opt->config.augmentSemitones << " --post-softsign "
            << (opt->config.postSoftsign ? "on" : "off");
        opt->command = cmd.str();
        opt->progress = printProgress;
        if (models::granular::trainGranular(*opt))
            std::printf("model written to %s\n", out->c_str());
        else
            std::printf("stopped early; continue with --resume (checkpoint in %s/checkpoint)\n",
                        out->c_str());
    });

    auto* rave = train->add_subcommand(
        "rave", "Attribute-fader model: C-RAVE / F-RAVE (NeuroRave) on continuous recordings");
    auto ropt = std::make_shared<models::rave::RaveTrainOptions>();
    auto rdata = std::make_shared<std::string>();
    auto rout = std::make_shared<std::string>();
    auto rconfig = std::make_shared<std::string>("small");
    auto variant = std::make_shared<std::string>("frave");
    auto rsteps = std::make_shared<int>(-1);
    auto rseed = std::make_shared<long long>(-1);
    rave->add_option("--data", *rdata, "Dataset folder (latentrack-cli dataset percussion|strings)")
        ->required();
    rave->add_option("--out", *rout, "Model folder to write")->required();
    rave->add_option("--config", *rconfig, "small or paper")
        ->check(CLI::IsMember({"small", "paper"}));
    rave->add_option("--variant", *variant, "frave (latent discriminator) or crave")
        ->check(CLI::IsMember({"frave", "crave"}));
    rave->add_flag("--resume", ropt->resume, "Continue from <out>/checkpoint");
    auto init = std::make_shared<std::string>();
    rave->add_option("--init", *init,
                     "Start from a finished model folder at its last step (fresh optimisers)");
    rave->add_option("--threads", ropt->threads, "LibTorch threads")->check(CLI::Range(1, 256));
    rave->add_option("--device", ropt->device, "cpu, cuda or auto")
        ->check(CLI::IsMember({"cpu", "cuda", "auto"}));
    rave->add_option("--steps", *rsteps, "Override the training steps");
    rave->add_option("--seed", *rseed, "Override the random seed");
    auto consistencyDelay = std::make_shared<int>(-1);
    auto consistencyWeight = std::make_shared<double>(-1.0);
    rave->add_option("--consistency-delay", *consistencyDelay,
                     "Step at which the descriptor-consistency term starts")
        ->check(CLI::NonNegativeNumber);
    rave->add_option("--consistency-weight", *consistencyWeight,
                     "Weight of the descriptor-consistency term (0: off)")
        ->check(CLI::NonNegativeNumber);
    auto consistencySpectral = std::make_shared<bool>(false);
    rave->add_flag("--consistency-spectral", *consistencySpectral,
                   "The consistency term reads RMS, centroid and bandwidth from the audio itself "
                   "(the regressor only sharpness and boominess)");
    auto consistencyLoudness = std::make_shared<bool>(false);
    rave->add_flag("--consistency-loudness", *consistencyLoudness,
                   "With --consistency-spectral, the term also reads sharpness and boominess from "
                   "the audio (ISO 532-1, through a differentiable counterpart) instead of the "
                   "regressor");
    auto consistencyOscillator = std::make_shared<bool>(false);
    rave->add_flag("--consistency-oscillator", *consistencyOscillator,
                   "The consistency term trains only the harmonic oscillator, not the decoder's "
                   "waveform path (needs --harmonics)");
    auto melWeight = std::make_shared<double>(-1.0);
    rave->add_option("--mel-weight", *melWeight, "Weight of the log-mel term (0: off, the default)")
        ->check(CLI::NonNegativeNumber);
    auto noiseBands = std::make_shared<int>(-1);
    rave->add_option("--noise-bands", *noiseBands,
                     "Noise generator sub-bands per PQMF band (0: none; small 0, paper 5)")
        ->check(CLI::Range(0, 32));
    auto harmonics = std::make_shared<int>(-1);
    rave->add_option("--harmonics", *harmonics,
                     "Harmonics of the decoder's harmonic oscillator, trained on YIN's pitch (0: "
                     "none, the default)")
        ->check(CLI::Range(0, 256));
    auto oscillatorNoise = std::make_shared<int>(-1);
    rave->add_option("--oscillator-noise", *oscillatorNoise,
                     "Mel-spaced bands of filtered noise beside the oscillator's harmonics, "
                     "their levels read by its head (0: none, the default; needs --harmonics)")
        ->check(CLI::Range(0, 64));
    auto pitchWeight = std::make_shared<double>(-1.0);
    rave->add_option("--pitch-weight", *pitchWeight,
                     "Weight of the oscillator's pitch term (default 1)")
        ->check(CLI::NonNegativeNumber);
    auto pitchInput = std::make_shared<bool>(false);
    rave->add_flag("--pitch-input", *pitchInput,
                   "The oscillator plays a given pitch (f0 conditioning): in training YIN's "
                   "pitch of the input; in the app the source's pitch or a note (needs "
                   "--harmonics)");
    auto adversarialStart = std::make_shared<int>(-2);
    rave->add_option("--adversarial-start", *adversarialStart,
                     "Step at which RAVE's adversarial stage starts: encoder frozen, decoder "
                     "against a waveform discriminator (-1: never; small never, paper 1000000)")
        ->check(CLI::Range(-1, 100000000));
    rave->add_option("--stop-after", ropt->stopAfterSteps,
                     "Stop after N steps in this run (resume later with --resume)")
        ->check(CLI::PositiveNumber);
    rave->add_option("--checkpoint-every", ropt->checkpointEvery, "Steps between checkpoints")
        ->check(CLI::PositiveNumber);
    rave->callback([=] {
        ropt->dataDir = *rdata;
        ropt->outDir = *rout;
        ropt->config = models::rave::RaveConfig::named(*rconfig);
        ropt->config.variant = models::rave::variantFromName(*variant);
        if (*rsteps >= 0)
            ropt->config.steps = *rsteps;
        if (*rseed >= 0)
            ropt->config.seed = static_cast<std::uint64_t>(*rseed);
        if (*consistencyDelay >= 0)
            ropt->config.consistencyDelay = *consistencyDelay;
        if (*consistencyWeight >= 0.0)
            ropt->config.consistencyWeight = *consistencyWeight;
        ropt->config.consistencySpectral = *consistencySpectral;
        ropt->config.consistencyLoudness = *consistencyLoudness;
        ropt->config.consistencyOscillatorOnly = *consistencyOscillator;
        if (*melWeight >= 0.0)
            ropt->config.melWeight = *melWeight;
        if (*noiseBands >= 0)
            ropt->config.noiseBands = *noiseBands;
        if (*harmonics >= 0)
            ropt->config.harmonics = *harmonics;
        if (*oscillatorNoise >= 0)
            ropt->config.oscillatorNoiseBands = *oscillatorNoise;
        ropt->config.pitchInput = *pitchInput;
        if (*pitchWeight >= 0.0)
            ropt->config.pitchWeight = *pitchWeight;
        if (*adversarialStart >= -1)
            ropt->config.adversarialStart = *adversarialStart;
        *rdata = recordedPath(*rdata);
        *rout = recordedPath(*rout);
        if (!init->empty()) {
            ropt->initFrom = *init;
            *init = recordedPath(*init);
        }
        std::ostringstream cmd;
        cmd << "latentrack-cli train rave --data " << *rdata << " --config " << *rconfig
            << " --variant " << *variant << " --out " << *rout << " --device " << ropt->device
            << " --threads " << ropt->threads << " --steps " << ropt->config.steps << " --seed "
            << ropt->config.seed << " --consistency-delay " << ropt->config.consistencyDelay
            << " --consistency-weight " << ropt->config.consistencyWeight;
        if (ropt->config.consistencySpectral)
            cmd << " --consistency-spectral";
        if (ropt->config.consistencyLoudness)
            cmd << " --consistency-loudness";
        if (ropt->config.consistencyOscillatorOnly)
            cmd << " --consistency-oscillator";
        if (ropt->config.melWeight > 0.0)
            cmd << " --mel-weight " << ropt->config.melWeight;
        if (*noiseBands >= 0)
            cmd << " --noise-bands " << *noiseBands;
        if (*harmonics >= 0)
            cmd << " --harmonics " << *harmonics;
        if (*oscillatorNoise >= 0)
            cmd << " --oscillator-noise " << *oscillatorNoise;
        if (*pitchInput)
            cmd << " --pitch-input";
        if (*pitchWeight >= 0.0)
            cmd << " --pitch-weight " << *pitchWeight;
        if (*adversarialStart >= -1)
            cmd << " --adversarial-start " << *adversarialStart;
        if (!init->empty())
            cmd << " --init " << *init;
        ropt->command = cmd.str();
        ropt->progress = printProgress;
        if (models::rave::trainRave(*ropt))
            std::printf("model written to %s\n", rout->c_str());
        else
            std::printf("stopped early; continue with --resume (checkpoint in %s/checkpoint)\n",
                        rout->c_str());
    });
}

} // namespace latentrack::app
