#include "models/preset/PresetConfig.h"

#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace latentrack::models::preset {

int PresetConfig::renderedSamples() const {
    return static_cast<int>(std::lround((holdSeconds + releaseSeconds) * sampleRate));
}

core::dsp::MelConfig PresetConfig::melConfig() const {
    core::dsp::MelConfig m;
    m.sampleRate = sampleRate;
    m.fftSize = fftSize;
    m.hop = hop;
    m.numMels = mels;
    m.minHz = minHz;
    m.maxHz = maxHz;
    m.floorDb = floorDb;
    return m;
}

void PresetConfig::validate() const {
    auto require = [](bool ok, const char* what) {
        if (!ok)
            throw std::invalid_argument(std::string("preset config: ") + what);
    };
    require(sampleRate >= 8000 && sampleRate <= 96000, "sampleRate must be 8000–96000 Hz");
    require(note >= 0 && note <= 127 && velocity >= 1 && velocity <= 127,
            "note must be 0–127 and velocity 1–127");
    require(holdSeconds > 0.0 && releaseSeconds >= 0.0, "hold must be positive");
    require(fftSize >= 64 && hop >= 1 && mels >= 8, "fftSize ≥ 64, hop ≥ 1, mels ≥ 8");
    require(frames == (renderedSamples() + hop - 1) / hop, "frames must be ⌈samples / hop⌉");
    require(ceilingDb > floorDb, "ceilingDb must be above floorDb");
    require(!encoderChannels.empty() && encoderChannels.size() <= 8, "1–8 encoder stages");
    const int stride = 1 << encoderChannels.size();
    require(mels >= stride, "mels must be at least 2^stages");
    require(frames >= stride, "frames must be at least 2^stages");
    require(couplings >= 1 && flowHidden >= 8, "couplings ≥ 1, flowHidden ≥ 8");
    require(beta >= 0.0 && parameterWeight >= 0.0 && categoricalWeight >= 0.0 &&
                latentWeight >= 0.0,
            "loss weights must not be negative");
    require(labelSmoothing >= 0.0 && labelSmoothing < 0.5, "labelSmoothing must be 0 … 0.5");
    require(batchSize > 0 && learningRate > 0.0 && steps >= 0 && betaWarmup >= 0,
            "batchSize and learningRate must be positive, steps not negative");
}

PresetConfig PresetConfig::named(const std::string& name) {
    PresetConfig c;
    if (name == "small")
        return c;
    if (name != "paper")
        throw std::invalid_argument("unknown preset configuration '" + name +
                                    "' (expected small or paper)");
    c.name = "paper";
    c.hop = 256;
    c.mels = 257;
    c.frames = 345;
    c.encoderChannels = {8, 16, 32, 64, 128, 256};
    c.couplings = 6;
    c.flowHidden = 300;
    c.batchSize = 160;
    c.steps = 75000; // 400 epochs of ~30 k presets at batch 160
    c.betaWarmup = 10000;
    return c;
}

void to_json(nlohmann::json& j, const PresetConfig& c) {
    j = {{"name", c.name},
         {"sampleRate", c.sampleRate},
         {"note", c.note},
         {"velocity", c.velocity},
         {"holdSeconds", c.holdSeconds},
         {"releaseSeconds", c.releaseSeconds},
         {"fftSize", c.fftSize},
         {"hop", c.hop},
         {"mels", c.mels},
         {"frames", c.frames},
         {"minHz", c.minHz},
         {"maxHz", c.maxHz},
         {"floorDb", c.floorDb},
         {"ceilingDb", c.ceilingDb},
         {"encoderChannels", c.encoderChannels},
         {"couplings", c.couplings},
         {"flowHidden", c.flowHidden},
         {"beta", c.beta},
         {"betaWarmup", c.betaWarmup},
         {"parameterWeight", c.parameterWeight},
         {"categoricalWeight", c.categoricalWeight},
         {"labelSmoothing", c.labelSmoothing},
         {"latentWeight", c.latentWeight},
         {"batchSize", c.batchSize},
         {"learningRate", c.learningRate},
         {"steps", c.steps},
         {"seed", c.seed}};
}

void from_json(const nlohmann::json& j, PresetConfig& c) {
    PresetConfig d;
    c.name = j.value("name", d.name);
    c.sampleRate = j.value("sampleRate", d.sampleRate);
    c.note = j.value("note", d.note);
    c.velocity = j.value("velocity", d.velocity);
    c.holdSeconds = j.value("holdSeconds", d.holdSeconds);
    c.releaseSeconds = j.value("releaseSeconds", d.releaseSeconds);
    c.fftSize = j.value("fftSize", d.fftSize);
    c.hop = j.value("hop", d.hop);
    c.mels = j.value("mels", d.mels);
    c.frames = j.value("frames", d.frames);
    c.minHz = j.value("minHz", d.minHz);
    c.maxHz = j.value("maxHz", d.maxHz);
    c.floorDb = j.value("floorDb", d.floorDb);
    c.ceilingDb = j.value("ceilingDb", d.ceilingDb);
    c.encoderChannels = j.value("encoderChannels", d.encoderChannels);
    c.couplings = j.value("couplings", d.couplings);
    c.flowHidden = j.value("flowHidden", d.flowHidden);
    c.beta = j.value("beta", d.beta);
    c.betaWarmup = j.value("betaWarmup", d.betaWarmup);
    c.parameterWeight = j.value("parameterWeight", d.parameterWeight);
    c.categoricalWeight = j.value("categoricalWeight", d.categoricalWeight);
    c.labelSmoothing = j.value("labelSmoothing", d.labelSmoothing);
    c.latentWeight = j.value("latentWeight", d.latentWeight);
    c.batchSize = j.value("batchSize", d.batchSize);
    c.learningRate = j.value("learningRate", d.learningRate);
    c.steps = j.value("steps", d.steps);
    c.seed = j.value("seed", d.seed);
    c.validate();
}

} // namespace latentrack::models::preset
