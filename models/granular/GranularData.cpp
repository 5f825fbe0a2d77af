#include "models/granular/GranularData.h"

#include "models/granular/NearCopies.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/dsp/Gain.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "core/kit/DrumClass.h"

namespace latentrack::models::granular {

namespace {

constexpr double kTestShare = 0.12; // aim: at least this share of each class held out
constexpr double kTrainShare = 0.6; // never leave less than this share for training

struct Entry {
    GranularExample example;
    std::string split; // "", "train" or "test"
};

void fitAndNormalise(std::vector<float>& audio, int length) {
    audio.resize(static_cast<std::size_t>(length), 0.0f);
    core::dsp::normalisePeak(audio, 0.9f);
}

std::vector<std::string> chooseTestKits(const std::vector<Entry>& entries, int numClasses) {
    std::map<std::string, std::vector<int>> kitClassCount; // kit → hits per class
    std::vector<int> classTotal(static_cast<std::size_t>(numClasses), 0);
    std::map<std::string, int> kitSize;
    for (const auto& e : entries) {
        if (!e.split.empty())
            continue;
        auto& counts = kitClassCount[e.example.kit];
        counts.resize(static_cast<std::size_t>(numClasses), 0);
        ++counts[static_cast<std::size_t>(e.example.classIndex)];
        ++classTotal[static_cast<std::size_t>(e.example.classIndex)];
        ++kitSize[e.example.kit];
    }
    std::vector<int> order(static_cast<std::size_t>(numClasses));
    for (int c = 0; c < numClasses; ++c)
        order[static_cast<std::size_t>(c)] = c;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return classTotal[static_cast<std::size_t>(a)] < classTotal[static_cast<std::size_t>(b)];
    });
    std::set<std::string> test;
    std::vector<int> testCount(static_cast<std::size_t>(numClasses), 0);
    for (int c : order) {
        const auto ci = static_cast<std::size_t>(c);
        std::vector<std::string> candidates;
        for (const auto& [kit, counts] : kitClassCount)
            if (counts[ci] > 0)
                candidates.push_back(kit);
        std::stable_sort(candidates.begin(), candidates.end(),
                         [&](const auto& a, const auto& b) { return kitSize[a] < kitSize[b]; });
        for (const auto& kit : candidates) {
            if (testCount[ci] >= std::ceil(kTestShare * classTotal[ci]))
                break;
            if (test.count(kit))
                continue;
            const auto& counts = kitClassCount[kit];
            bool keepsEnough = true;
            for (std::size_t k = 0; k < counts.size(); ++k)
                if (counts[k] > 0 && (classTotal[k] - testCount[k] - counts[k]) <
                                         static_cast<int>(std::ceil(kTrainShare * classTotal[k])))
                    keepsEnough = false;
            if (!keepsEnough)
                continue;
            test.insert(kit);
            for (std::size_t k = 0; k < counts.size(); ++k)
                testCount[k] += counts[k];
        }
    }
    return {test.begin(), test.end()};
}

} // namespace

std::vector<std::string> knownClassOrder(const std::string& classKey) {
    std::vector<std::string> out;
    if (classKey == "class8")
        for (int c = 0; c < core::kit::kDrumClassCount; ++c)
            out.emplace_back(core::kit::name(static_cast<core::kit::DrumClass>(c)));
    else if (classKey == "class10")
        for (int c = 0; c < core::kit::kDnbClassCount; ++c)
            out.emplace_back(core::kit::name(static_cast<core::kit::DnbClass>(c)));
    return out;
}

GranularDataset loadGranularDataset(const std::filesystem::path& dir, const std::string& classKey,
                                    const std::vector<std::string>& classes, int sampleRate,
                                    int exampleLength) {
    const auto manifestPath = dir / "manifest.json";
    nlohmann::json manifest;
    try {
        manifest = nlohmann::json::parse(core::io::readFile(manifestPath));
    } catch (const std::exception& e) {
        throw DatasetError(manifestPath.string() + ": " + e.what());
    }
    if (!manifest.contains("entries") || !manifest["entries"].is_array())
        throw DatasetError(manifestPath.string() + ": no \"entries\" array");

    GranularDataset data;
    data.sampleRate = sampleRate;
    data.exampleLength = exampleLength;
    data.classes = classes;
    if (data.classes.empty()) {
        std::set<std::string> found;
        for (const auto& e : manifest["entries"])
            if (e.contains(classKey) && e[classKey].is_string())
                found.insert(e[classKey].get<std::string>());
        data.classes.assign(found.begin(), found.end());
    }

    std::vector<Entry> entries;
    for (const auto& e : manifest["entries"]) {
        if (!e.contains(classKey) || !e[classKey].is_string())
            continue;
        const auto label = e[classKey].get<std::string>();
        const auto it = std::find(data.classes.begin(), data.classes.end(), label);
        const auto file = e.value("file", std::string());
        if (it == data.classes.end())
            throw DatasetError(manifestPath.string() + ": " + file + ": class '" + label +
                               "' is not one of the model's classes");
        Entry entry;
        entry.example.classIndex = static_cast<int>(it - data.classes.begin());
        entry.example.kit = e.value("kit", std::string());
        entry.example.file = file;
        entry.split = e.value("split", std::string());
        try {
            auto sample = core::io::readAudioFile(dir / file);
            if (static_cast<int>(sample.sampleRate) != sampleRate)
                sample = core::io::resample(sample, sampleRate);
            entry.example.audio = core::io::toMono(sample);
        } catch (const std::exception& ex) {
            throw DatasetError((dir / file).string() + ": " + ex.what());
        }
        fitAndNormalise(entry.example.audio, exampleLength);
        entries.push_back(std::move(entry));
    }

    data.testKits = chooseTestKits(entries, static_cast<int>(data.classes.size()));
    const std::set<std::string> testKits(data.testKits.begin(), data.testKits.end());
    for (auto& e : entries) {
        const bool test = e.split == "test" || (e.split.empty() && testKits.count(e.example.kit));
        (test ? data.test : data.train).push_back(std::move(e.example));
    }
    // The same recording in a training kit and a held-out one stays on the held-out side.
    data.nearCopiesDropped = dropNearCopiesOfTest(data.train, data.test);
    for (std::size_t c = 0; c < data.classes.size(); ++c)
        if (std::none_of(data.train.begin(), data.train.end(),
                         [c](const auto& x) { return x.classIndex == static_cast<int>(c); }))
            throw DatasetError(manifestPath.string() + ": class '" + data.classes[c] +
                               "' has no training example");
    return data;
}

} // namespace latentrack::models::granular
