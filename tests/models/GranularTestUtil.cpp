#include "GranularTestUtil.h"

#include <fstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "models/granular/GranularTrainer.h"

namespace latentrack::test {

models::granular::GranularConfig tinyConfig() {
    models::granular::GranularConfig c;
    c.name = "tiny";
    c.grainSize = 256;
    c.hop = 64;
    c.numGrains = 16;
    c.latentDim = 4;
    c.encoderChannels = 8;
    c.residualBlocks = 1;
    c.hidden = 32;
    c.postKernel = 9;
    c.fftSizes = {256, 128, 64};
    c.melFftSizes = {256};
    c.embeddingDim = 4;
    c.seriesHidden = 16;
    c.batchSize = 4;
    c.cropGrains = 4; // the training tests exercise crops
    c.learningRate = 3e-3;
    c.grainSteps = 12;
    c.seriesSteps = 6;
    c.betaWarmupSteps = 4;
    return c;
}

std::filesystem::path writeTinyDataset(const std::filesystem::path& dir) {
    const std::filesystem::path kit = "/usr/share/hydrogen/data/drumkits/Audiophob";
    const std::pair<const char*, const char*> hits[] = {
        {"101450__menegass__tomh.wav", "tom"},
        {"104227__minorr__hhat-paiste-302-14-open-p.wav", "open_hat"},
        {"116973__cbeeching__hat-light.wav", "closed_hat"},
        {"124101__connersaw8__crash.wav", "crash"},
        {"124382__cubix__8bit-snare.wav", "snare"},
        {"25671__walter-odington__garage-city-snare-snappy.wav", "snare"}};
    auto entries = nlohmann::json::array();
    for (std::size_t i = 0; i < std::size(hits); ++i)
        entries.push_back({{"file", (kit / hits[i].first).string()},
                           {"class", hits[i].second},
                           {"kit", i + 1 == std::size(hits) ? "Other" : "Audiophob"}});
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "manifest.json") << nlohmann::json{{"version", 1}, {"entries", entries}};
    return dir;
}

std::filesystem::path freshDir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("latentrack-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path trainTiny(const std::string& name, models::granular::GranularConfig config,
                                std::vector<double>* spectralLosses, bool resume,
                                std::filesystem::path out, int stopAfter) {
    const auto data = writeTinyDataset(freshDir(name + "-data"));
    models::granular::TrainOptions o;
    o.dataDir = data;
    o.classKey = "class";
    o.outDir = out.empty() ? freshDir(name) : out;
    o.config = std::move(config);
    o.threads = 1;
    o.device = "cpu";
    o.reportEvery = 1;
    o.checkpointEvery = 5;
    o.resume = resume;
    o.stopAfterSteps = stopAfter;
    o.progress = [spectralLosses](const models::granular::TrainProgress& p) {
        if (spectralLosses && p.phase == "grain")
            spectralLosses->push_back(p.losses.at("spectral"));
    };
    models::granular::trainGranular(o);
    return o.outDir;
}

} // namespace latentrack::test
