#include "models/rave/RaveConfig.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace latentrack::models::rave {

int RaveConfig::compression() const {
    int c = bands;
    for (int r : ratios)
        c *= r;
    return c;
}

void RaveConfig::validate() const {
    auto require = [](bool ok, const char* what) {
        if (!ok)
            throw std::invalid_argument(std::string("rave config: ") + what);
    };
    require(sampleRate >= 8000 && sampleRate <= 96000, "sampleRate must be 8000–96000 Hz");
    require(bands >= 2 && bands <= 64 && (bands & (bands - 1)) == 0,
            "bands must be a power of two 2 … 64");
    require(capacity > 0 && latentDim > 0, "capacity and latentDim must be positive");
    require(!ratios.empty(), "ratios must not be empty");
    for (int r : ratios)
        require(r >= 1 && r <= 16, "each ratio must be 1 … 16");
    for (int d : dilations)
        require(d >= 1, "dilations must be positive");
    require(attributes >= 0 && attributes <= 16, "attributes must be 0 … 16");
    require(noiseBands >= 0 && noiseBands <= 32, "noiseBands must be 0 … 32");
    require(harmonics >= 0 && harmonics <= 256, "harmonics must be 0 … 256");
    require(!pitchInput || harmonics > 0, "a pitch input needs the oscillator (harmonics > 0)");
    require(oscillatorNoiseBands >= 0 && oscillatorNoiseBands <= 64,
            "oscillatorNoiseBands must be 0 … 64");
    require(oscillatorNoiseBands == 0 || harmonics > 0,
            "the oscillator's noise needs the oscillator (harmonics > 0)");
    require(pitchWeight >= 0.0, "loss weights must not be negative");
    require(windowSize >= compression() && windowSize % compression() == 0,
            "windowSize must be a positive multiple of the compression");
    require(!fftSizes.empty(), "fftSizes must not be empty");
    for (int n : fftSizes)
        require(n >= 16 * bands && n <= windowSize,
                "each FFT size must be at least 16·bands and at most windowSize");
    require(betaMax >= 0.0 && lambdaMax >= 0.0 && loudnessWeight >= 0.0,
            "loss weights must not be negative");
    require(consistencyWeight >= 0.0 && melWeight >= 0.0, "loss weights must not be negative");
    require(betaDelay >= 0 && lambdaDelay >= 0 && consistencyDelay >= 0,
            "delays must not be negative");
    require(!consistencyLoudness || consistencySpectral,
            "reading sharpness and boominess from the audio needs the spectral reading too");
    require(!consistencyOscillatorOnly || harmonics > 0,
            "a consistency term on the oscillator alone needs harmonics > 0");
    require(adversarialStart >= -1, "adversarialStart must be −1 (never) or a step");
    require(featureMatchingWeight >= 0.0, "loss weights must not be negative");
    require(discriminatorCapacity >= 1 && discriminatorMultiplier >= 1 &&
                discriminatorLayers >= 1 && discriminatorLayers <= 6,
            "the discriminator needs a capacity, a multiplier and 1 … 6 layers");
    require(discriminatorMaxChannels >= discriminatorCapacity,
            "discriminatorMaxChannels must be at least discriminatorCapacity");
    require(discriminatorScales >= 1 && discriminatorScales <= 4,
            "discriminatorScales must be 1 … 4");
    require(attributeBins >= 2 && attributeBins <= 64, "attributeBins must be 2 … 64");
    require(batchSize > 0 && learningRate > 0.0 && steps >= 0,
            "batchSize and learningRate must be positive, steps not negative");
}

RaveConfig RaveConfig::named(const std::string& name) {
    RaveConfig c;
    if (name == "small")
        return c;
    if (name != "paper")
        throw std::invalid_argument("unknown rave configuration '" + name +
                                    "' (expected small or paper)");
    c.name = "paper";
    c.capacity = 64;
    c.latentDim = 128;
    c.ratios = {4, 4, 4, 2};
    c.windowSize = 65536;
    c.fftSizes = {2048, 1024, 512, 256, 128};
    c.betaDelay = 5000;
    c.lambdaDelay = 15000;
    c.consistencyDelay = 15000;
    c.noiseBands = 5;
    c.adversarialStart = 1000000; // MODELS.md: warm-up (VAE phase) 1 M steps
    c.discriminatorCapacity = 16;
    c.discriminatorLayers = 4;
    c.discriminatorMaxChannels = 1024;
    c.discriminatorScales = 3;
    c.learningRate = 1e-4;
    c.steps = 3000000;
    return c;
}

const char* variantName(RaveVariant v) {
    return v == RaveVariant::CRave ? "crave" : "frave";
}

RaveVariant variantFromName(const std::string& name) {
    if (name == "crave")
        return RaveVariant::CRave;
    if (name == "frave")
        return RaveVariant::FRave;
    throw std::invalid_argument("unknown variant '" + name + "' (expected crave or frave)");
}

void to_json(nlohmann::json& j, const RaveConfig& c) {
    j = {{"name", c.name},
         {"variant", variantName(c.variant)},
         {"sampleRate", c.sampleRate},
         {"bands", c.bands},
         {"capacity", c.capacity},
         {"latentDim", c.latentDim},
         {"ratios", c.ratios},
         {"dilations", c.dilations},
         {"attributes", c.attributes},
         {"noiseBands", c.noiseBands},
         {"harmonics", c.harmonics},
         {"pitchInput", c.pitchInput},
         {"oscillatorNoiseBands", c.oscillatorNoiseBands},
         {"windowSize", c.windowSize},
         {"fftSizes", c.fftSizes},
         {"loudnessWeight", c.loudnessWeight},
         {"melWeight", c.melWeight},
         {"pitchWeight", c.pitchWeight},
         {"betaMax", c.betaMax},
         {"betaDelay", c.betaDelay},
         {"lambdaMax", c.lambdaMax},
         {"lambdaDelay", c.lambdaDelay},
         {"attributeBins", c.attributeBins},
         {"consistencyWeight", c.consistencyWeight},
         {"consistencyDelay", c.consistencyDelay},
         {"consistencySpectral", c.consistencySpectral},
         {"consistencyLoudness", c.consistencyLoudness},
         {"consistencyOscillatorOnly", c.consistencyOscillatorOnly},
         {"adversarialStart", c.adversarialStart},
         {"featureMatchingWeight", c.featureMatchingWeight},
         {"discriminatorCapacity", c.discriminatorCapacity},
         {"discriminatorMultiplier", c.discriminatorMultiplier},
         {"discriminatorLayers", c.discriminatorLayers},
         {"discriminatorMaxChannels", c.discriminatorMaxChannels},
         {"discriminatorScales", c.discriminatorScales},
         {"batchSize", c.batchSize},
         {"learningRate", c.learningRate},
         {"steps", c.steps},
         {"seed", c.seed}};
}

void from_json(const nlohmann::json& j, RaveConfig& c) {
    c = RaveConfig{};
    c.name = j.value("name", c.name);
    c.variant = variantFromName(j.value("variant", std::string("frave")));
    c.sampleRate = j.value("sampleRate", c.sampleRate);
    c.bands = j.value("bands", c.bands);
    c.capacity = j.value("capacity", c.capacity);
    c.latentDim = j.value("latentDim", c.latentDim);
    c.ratios = j.value("ratios", c.ratios);
    c.dilations = j.value("dilations", c.dilations);
    c.attributes = j.value("attributes", c.attributes);
    c.noiseBands = j.value("noiseBands", c.noiseBands);
    c.harmonics = j.value("harmonics", 0); // models from before the oscillator have none
    c.pitchInput = j.value("pitchInput", false);
    c.oscillatorNoiseBands = j.value("oscillatorNoiseBands", 0); // none before it was made
    c.windowSize = j.value("windowSize", c.windowSize);
    c.fftSizes = j.value("fftSizes", c.fftSizes);
    c.loudnessWeight = j.value("loudnessWeight", c.loudnessWeight);
    c.melWeight = j.value("melWeight", 0.0);
    c.pitchWeight = j.value("pitchWeight", c.pitchWeight);
    c.betaMax = j.value("betaMax", c.betaMax);
    c.betaDelay = j.value("betaDelay", c.betaDelay);
    c.lambdaMax = j.value("lambdaMax", c.lambdaMax);
    c.lambdaDelay = j.value("lambdaDelay", c.lambdaDelay);
    c.attributeBins = j.value("attributeBins", c.attributeBins);
    // Models from before the consistency term were trained without it.
    c.consistencyWeight = j.value("consistencyWeight", 0.0);
    c.consistencyDelay = j.value("consistencyDelay", c.consistencyDelay);
    c.consistencySpectral = j.value("consistencySpectral", false);
    c.consistencyLoudness = j.value("consistencyLoudness", false);
    c.consistencyOscillatorOnly = j.value("consistencyOscillatorOnly", false);
    // Models from before the adversarial stage never had it.
    c.adversarialStart = j.value("adversarialStart", -1);
    c.featureMatchingWeight = j.value("featureMatchingWeight", c.featureMatchingWeight);
    c.discriminatorCapacity = j.value("discriminatorCapacity", c.discriminatorCapacity);
    c.discriminatorMultiplier = j.value("discriminatorMultiplier", c.discriminatorMultiplier);
    c.discriminatorLayers = j.value("discriminatorLayers", c.discriminatorLayers);
    c.discriminatorMaxChannels = j.value("discriminatorMaxChannels", c.discriminatorMaxChannels);
    c.discriminatorScales = j.value("discriminatorScales", c.discriminatorScales);
    c.batchSize = j.value("batchSize", c.batchSize);
    c.learningRate = j.value("learningRate", c.learningRate);
    c.steps = j.value("steps", c.steps);
    c.seed = j.value("seed", c.seed);
    c.validate();
}

} // namespace latentrack::models::rave
