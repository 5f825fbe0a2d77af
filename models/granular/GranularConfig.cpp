#include "models/granular/GranularConfig.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace latentrack::models::granular {

void GranularConfig::validate() const {
    auto require = [](bool ok, const char* what) {
        if (!ok)
            throw std::invalid_argument(std::string("granular config: ") + what);
    };
    require(sampleRate >= 8000 && sampleRate <= 96000, "sampleRate must be 8000–96000 Hz");
    require(grainSize >= 64 && grainSize % 64 == 0,
            "grainSize must be a positive multiple of 64 (three stride-4 convolutions)");
    require(hop > 0 && grainSize % hop == 0, "hop must divide grainSize");
    require(numGrains >= 2, "numGrains must be at least 2");
    require(latentDim > 0 && embeddingDim > 0, "latentDim and embeddingDim must be positive");
    require(encoderChannels > 0 && hidden > 0 && seriesHidden > 0, "layer sizes must be positive");
    require(residualBlocks >= 0, "residualBlocks must be 0 or more");
    require(postKernel > 0 && postKernel % 2 == 1, "postKernel must be odd");
    require(magnitudeCeiling > 0.0 && magnitudeCeiling <= 1000.0,
            "magnitudeCeiling must be in (0, 1000]");
    require(!fftSizes.empty(), "fftSizes must not be empty");
    for (int n : fftSizes)
        require(n >= 16 && n <= exampleLength(), "each FFT size must be 16 … example length");
    for (int n : melFftSizes)
        require(n >= 64 && n <= exampleLength(), "each mel FFT size must be 64 … example length");
    require(beta >= 0.0 && seriesBeta >= 0.0, "KL weights must not be negative");
    require(batchSize > 0 && learningRate > 0.0, "batchSize and learningRate must be positive");
    int largestFft = 0;
    for (int n : fftSizes)
        largestFft = std::max(largestFft, n);
    for (int n : melFftSizes)
        largestFft = std::max(largestFft, n);
    require(cropGrains == 0 || (cropGrains >= 2 && cropGrains <= numGrains &&
                                (cropGrains - 1) * hop + grainSize >= largestFft),
            "cropGrains must be 0 or 2 … numGrains, and a crop at least the largest FFT");
    require(grainSteps >= 0 && seriesSteps >= 0, "step counts must not be negative");
    require(augmentSemitones >= 0.0 && augmentSemitones <= 12.0, "augmentSemitones must be 0 … 12");
}

GranularConfig GranularConfig::named(const std::string& name) {
    GranularConfig c;
    if (name == "small")
        return c;
    if (name != "paper")
        throw std::invalid_argument("unknown granular configuration '" + name +
                                    "' (expected small or paper)");
    // Paper: 16 kHz, grains of 1024, latent 96, temporal embedding 256; encoder 128 channels
    // with 3 residual blocks per stage; 512-unit linear layers; LSTM 512; FFTs 2048 … 256.
    c.name = "paper";
    c.numGrains = 65;
    c.latentDim = 96;
    c.encoderChannels = 128;
    c.residualBlocks = 3;
    c.hidden = 512;
    c.fftSizes = {2048, 1024, 512, 256};
    c.melFftSizes = {2048, 1024};
    c.embeddingDim = 256;
    c.seriesHidden = 512;
    c.batchSize = 32;
    c.cropGrains = 0; // whole examples, as published
    c.postSoftsign = true;
    c.learningRate = 2e-4;
    c.grainSteps = 300000;
    c.seriesSteps = 500000;
    c.betaWarmupSteps = 10000;
    return c;
}

void to_json(nlohmann::json& j, const GranularConfig& c) {
    j = {{"name", c.name},
         {"sampleRate", c.sampleRate},
         {"grainSize", c.grainSize},
         {"hop", c.hop},
         {"numGrains", c.numGrains},
         {"latentDim", c.latentDim},
         {"encoderChannels", c.encoderChannels},
         {"residualBlocks", c.residualBlocks},
         {"hidden", c.hidden},
         {"postKernel", c.postKernel},
         {"magnitudeCeiling", c.magnitudeCeiling},
         {"postSoftsign", c.postSoftsign},
         {"fftSizes", c.fftSizes},
         {"melFftSizes", c.melFftSizes},
         {"melMinHz", c.melMinHz},
         {"beta", c.beta},
         {"betaWarmupSteps", c.betaWarmupSteps},
         {"embeddingDim", c.embeddingDim},
         {"seriesHidden", c.seriesHidden},
         {"seriesLayers", c.seriesLayers},
         {"seriesBeta", c.seriesBeta},
         {"batchSize", c.batchSize},
         {"cropGrains", c.cropGrains},
         {"augmentSemitones", c.augmentSemitones},
         {"learningRate", c.learningRate},
         {"grainSteps", c.grainSteps},
         {"seriesSteps", c.seriesSteps},
         {"seed", c.seed}};
}

void from_json(const nlohmann::json& j, GranularConfig& c) {
    auto get = [&j](const char* key, auto& field) {
        if (j.contains(key))
            j.at(key).get_to(field);
    };
    get("name", c.name);
    get("sampleRate", c.sampleRate);
    get("grainSize", c.grainSize);
    get("hop", c.hop);
    get("numGrains", c.numGrains);
    get("latentDim", c.latentDim);
    get("encoderChannels", c.encoderChannels);
    get("residualBlocks", c.residualBlocks);
    get("hidden", c.hidden);
    get("postKernel", c.postKernel);
    c.magnitudeCeiling = j.value("magnitudeCeiling", 2.0); // absent: written before the field
    c.postSoftsign = j.value("postSoftsign", true);        // absent: written before the field
    get("fftSizes", c.fftSizes);
    get("melFftSizes", c.melFftSizes);
    get("melMinHz", c.melMinHz);
    get("beta", c.beta);
    get("betaWarmupSteps", c.betaWarmupSteps);
    get("embeddingDim", c.embeddingDim);
    get("seriesHidden", c.seriesHidden);
    get("seriesLayers", c.seriesLayers);
    get("seriesBeta", c.seriesBeta);
    get("batchSize", c.batchSize);
    c.cropGrains = j.value("cropGrains", 0); // absent: trained on whole examples
    get("augmentSemitones", c.augmentSemitones);
    get("learningRate", c.learningRate);
    get("grainSteps", c.grainSteps);
    get("seriesSteps", c.seriesSteps);
    get("seed", c.seed);
}

} // namespace latentrack::models::granular
