#include "models/preset/PresetDataset.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/fm/SysEx.h"
#include "models/preset/PresetAugment.h"
#include "models/preset/PresetRenderer.h"

namespace latentrack::models::preset {

namespace fm = core::fm;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kRecordBytes = 4;
constexpr int kChunk = 500;

struct Source {
    fm::DxVoice voice;
    std::string bank;
    int index = 0;
};

std::string soundKey(const fm::DxVoice& v) {
    return std::string(reinterpret_cast<const char*>(v.params.data()),
                       static_cast<std::size_t>(fm::VoiceParam::Name));
}

std::vector<fs::path> defaultBanks() {
    std::vector<fs::path> banks;
    const fs::path dir = "/usr/share/hexter";
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".dx7")
                banks.push_back(e.path());
    std::sort(banks.begin(), banks.end());
    return banks;
}

/// Draws augmented training candidates from the training sources, deterministically.
class CandidateStream {
public:
    CandidateStream(const std::vector<Source>& sources, const std::vector<int>& train,
                    std::uint64_t seed)
        : m_sources(sources), m_train(train), m_rng(seed) {
        for (int s : train)
            m_byAlgorithm[sources[static_cast<std::size_t>(s)].voice.get(fm::VoiceParam::Algorithm)]
                .push_back(s);
    }

    struct Candidate {
        fm::DxVoice voice;
        PresetKind kind;
        int source;
    };

    Candidate next() {
        std::uniform_int_distribution<std::size_t> pick(0, m_train.size() - 1);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        const int s = m_train[pick(m_rng)];
        const auto& base = m_sources[static_cast<std::size_t>(s)].voice;
        const double r = u(m_rng);
        if (r < 0.25) {
            const auto& same = m_byAlgorithm[base.get(fm::VoiceParam::Algorithm)];
            if (same.size() > 1) {
                const int other =
                    same[std::uniform_int_distribution<std::size_t>(0, same.size() - 1)(m_rng)];
                auto v = crossover(base, m_sources[static_cast<std::size_t>(other)].voice, m_rng);
                return {mutate(v, 0.1, m_rng), PresetKind::Crossover, s};
            }
        } else if (r < 0.45) {
            const auto& sym = algorithmSymmetries(base.get(fm::VoiceParam::Algorithm) + 1);
            if (!sym.empty()) {
                const auto& p =
                    sym[std::uniform_int_distribution<std::size_t>(0, sym.size() - 1)(m_rng)];
                return {mutate(permute(base, p), 0.05 + 0.45 * u(m_rng), m_rng),
                        PresetKind::Permutation, s};
            }
        }
        // Strength from 0.05 to 1, more of the gentle ones.
        const double strength = 0.05 + 0.95 * u(m_rng) * u(m_rng);
        return {mutate(base, strength, m_rng), PresetKind::Mutation, s};
    }

private:
    const std::vector<Source>& m_sources;
    const std::vector<int>& m_train;
    std::mt19937_64 m_rng;
    std::map<int, std::vector<int>> m_byAlgorithm;
};

void writeManifest(const fs::path& dir, const json& j) {
    const auto tmp = dir / "manifest.json.tmp";
    {
        std::ofstream f(tmp);
        f << j.dump(1) << "\n";
        if (!f)
            throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, dir / "manifest.json");
}

void truncateTo(const fs::path& p, std::uintmax_t bytes) {
    if (fs::exists(p) && fs::file_size(p) > bytes)
        fs::resize_file(p, bytes);
    else if (!fs::exists(p) || fs::file_size(p) < bytes)
        throw std::runtime_error(p.string() + " is shorter than the manifest says");
}

} // namespace

std::uint8_t quantiseDb(float db, const PresetConfig& c) {
    const double t =
        std::clamp((static_cast<double>(db) - c.floorDb) / (c.ceilingDb - c.floorDb), 0.0, 1.0);
    return static_cast<std::uint8_t>(std::lround(t * 255.0));
}

float dequantiseDb(std::uint8_t q, const PresetConfig& c) {
    return static_cast<float>(c.floorDb +
                              (c.ceilingDb - c.floorDb) * static_cast<double>(q) / 255.0);
}

PresetDatasetReport buildPresetDataset(const PresetDatasetOptions& options,
                                       const std::function<void(int, int)>& progress) {
    options.config.validate();
    if (options.trainPresets < 1)
        throw std::invalid_argument("trainPresets must be at least 1");
    const auto banks = options.banks.empty() ? defaultBanks() : options.banks;
    if (banks.empty())
        throw std::runtime_error("no DX7 banks found (install hexter, or name banks)");

    PresetDatasetReport report;
    std::vector<Source> sources;
    std::set<std::string> seen;
    for (const auto& b : banks) {
        const auto bank = fm::loadBankFile(b);
        for (std::size_t i = 0; i < bank.voices.size(); ++i) {
            auto v = bank.voices[i];
            if (!seen.insert(soundKey(v)).second) {
                ++report.duplicates;
                continue;
            }
            sources.push_back({v, b.filename().string(), static_cast<int>(i)});
        }
    }
    report.sources = static_cast<int>(sources.size());

    // Split by source voice before any augmentation.
    std::vector<int> order(sources.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    std::mt19937_64 splitRng(options.seed);
    std::shuffle(order.begin(), order.end(), splitRng);
    const auto nTrain =
        static_cast<std::size_t>(std::lround(0.8 * static_cast<double>(order.size())));
    const auto nValid =
        static_cast<std::size_t>(std::lround(0.1 * static_cast<double>(order.size())));
    std::vector<int> train(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(nTrain));
    std::vector<int> valid(order.begin() + static_cast<std::ptrdiff_t>(nTrain),
                           order.begin() + static_cast<std::ptrdiff_t>(nTrain + nValid));
    std::vector<int> test(order.begin() + static_cast<std::ptrdiff_t>(nTrain + nValid),
                          order.end());

    const auto& dir = options.outDir;
    fs::create_directories(dir);
    json manifest;
    auto sourceList = [&](const std::vector<int>& ids) {
        json a = json::array();
        for (int s : ids) {
            const auto& src = sources[static_cast<std::size_t>(s)];
            a.push_back({{"source", s},
                         {"bank", src.bank},
                         {"index", src.index},
                         {"name", src.voice.name()}});
        }
        return a;
    };
    json config;
    to_json(config, options.config);
    manifest["format"] = "latentrack preset dataset 1";
    manifest["config"] = config;
    manifest["seed"] = options.seed;
    manifest["trainPresets"] = options.trainPresets;
    manifest["quietDb"] = options.quietDb;
    manifest["nearDuplicateDb"] = options.nearDuplicateDb;
    manifest["banks"] = json::array();
    for (const auto& b : banks)
        manifest["banks"].push_back(b.string());
    manifest["split"] = {{"train", sourceList(train)},
                         {"validation", sourceList(valid)},
                         {"test", sourceList(test)}};
    manifest["sources"] = report.sources;
    manifest["duplicatesDropped"] = report.duplicates;

    // Resume: the same options and a progress record.
    int doneCandidates = 0, records = 0;
    const auto manifestPath = dir / "manifest.json";
    if (fs::exists(manifestPath)) {
        std::ifstream f(manifestPath);
        const auto old = json::parse(f, nullptr, false);
        if (!old.is_discarded() && old.value("seed", 0ull) == options.seed &&
            old.value("config", json()) == config &&
            old.value("split", json()) == manifest["split"] && old.contains("progress")) {
            doneCandidates = old["progress"].value("candidates", 0);
            records = old["progress"].value("records", 0);
            report.droppedQuiet = old["progress"].value("droppedQuiet", 0);
            report.droppedDuplicate = old["progress"].value("droppedDuplicate", 0);
            report.train = old["progress"].value("train", 0);
            report.validation = old["progress"].value("validation", 0);
            report.test = old["progress"].value("test", 0);
        }
    }
    const std::size_t melBytes = static_cast<std::size_t>(options.config.frames) *
                                 static_cast<std::size_t>(options.config.mels);
    const auto mode =
        records > 0 ? std::ios::binary | std::ios::app : std::ios::binary | std::ios::trunc;
    if (records > 0) {
        truncateTo(dir / "voices.bin", static_cast<std::uintmax_t>(records) * fm::kVoiceParams);
        truncateTo(dir / "records.bin", static_cast<std::uintmax_t>(records) * kRecordBytes);
        truncateTo(dir / "mels.bin", static_cast<std::uintmax_t>(records) * melBytes);
    }
    std::ofstream voicesOut(dir / "voices.bin", mode);
    std::ofstream recordsOut(dir / "records.bin", mode);
    std::ofstream melsOut(dir / "mels.bin", mode);
    if (!voicesOut || !recordsOut || !melsOut)
        throw std::runtime_error("cannot write the dataset files in " + dir.string());

    PresetRenderer renderer(options.config);
    std::set<std::string> kept;
    std::vector<core::dsp::LogMel> sourceMels(sources.size());
    std::vector<std::uint8_t> melQ(melBytes);

    // Returns true when kept.
    auto offer = [&](const fm::DxVoice& v, PresetKind kind, int source) {
        if (!kept.insert(soundKey(v)).second) {
            ++report.droppedDuplicate;
            return false;
        }
        const auto audio = renderer.render(v);
        if (peakRmsDb(audio, options.config.sampleRate) < options.quietDb) {
            ++report.droppedQuiet;
            return false;
        }
        auto mel = renderer.logMel(audio);
        if (kind == PresetKind::Original) {
            sourceMels[static_cast<std::size_t>(source)] = mel;
        } else if (core::dsp::logMelDistance(mel, sourceMels[static_cast<std::size_t>(source)]) <
                   options.nearDuplicateDb) {
            ++report.droppedDuplicate;
            return false;
        }
        for (std::size_t k = 0; k < melBytes; ++k)
            melQ[k] = quantiseDb(mel.db[k], options.config);
        return true;
    };
    auto write = [&](const fm::DxVoice& v, PresetSplit split, PresetKind kind, int source) {
        voicesOut.write(reinterpret_cast<const char*>(v.params.data()), fm::kVoiceParams);
        const std::uint8_t rec[kRecordBytes] = {
            static_cast<std::uint8_t>(split), static_cast<std::uint8_t>(kind),
            static_cast<std::uint8_t>(source & 0xFF), static_cast<std::uint8_t>(source >> 8)};
        recordsOut.write(reinterpret_cast<const char*>(rec), kRecordBytes);
        melsOut.write(reinterpret_cast<const char*>(melQ.data()),
                      static_cast<std::streamsize>(melBytes));
    };
    auto checkpoint = [&] {
        voicesOut.flush();
        recordsOut.flush();
        melsOut.flush();
        if (!voicesOut || !recordsOut || !melsOut)
            throw std::runtime_error("writing the dataset in " + dir.string() + " failed");
        manifest["progress"] = {{"candidates", doneCandidates},
                                {"records", records},
                                {"train", report.train},
                                {"validation", report.validation},
                                {"test", report.test},
                                {"droppedQuiet", report.droppedQuiet},
                                {"droppedDuplicate", report.droppedDuplicate},
                                {"complete", report.train >= options.trainPresets}};
        writeManifest(dir, manifest);
    };

    // The originals: held-out ones first, then the training sources (always re-rendered, as
    // the near-duplicate test needs their spectrograms; written only on a fresh build).
    const bool fresh = records == 0;
    auto originals = [&](const std::vector<int>& ids, PresetSplit split, int& count) {
        for (int s : ids) {
            const auto& v = sources[static_cast<std::size_t>(s)].voice;
            if (offer(v, PresetKind::Original, s) && fresh) {
                write(v, split, PresetKind::Original, s);
                ++records;
                ++count;
            }
        }
    };
    int ignore = 0;
    const auto quietBefore = report.droppedQuiet;
    const auto dupBefore = report.droppedDuplicate;
    originals(valid, PresetSplit::Validation, fresh ? report.validation : ignore);
    originals(test, PresetSplit::Test, fresh ? report.test : ignore);
    originals(train, PresetSplit::Train, fresh ? report.train : ignore);
    if (!fresh) {
        report.droppedQuiet = quietBefore;
        report.droppedDuplicate = dupBefore;
    }
    checkpoint();

    CandidateStream stream(sources, train, options.seed ^ 0x9E3779B97F4A7C15ull);
    for (int i = 0; i < doneCandidates; ++i) { // replay, so that a resumed build is the same
        const auto c = stream.next();
        kept.insert(soundKey(c.voice));
    }
    while (report.train < options.trainPresets) {
        for (int k = 0; k < kChunk && report.train < options.trainPresets; ++k) {
            const auto c = stream.next();
            ++doneCandidates;
            if (offer(c.voice, c.kind, c.source)) {
                write(c.voice, PresetSplit::Train, c.kind, c.source);
                ++records;
                ++report.train;
            }
        }
        checkpoint();
        if (progress)
            progress(report.train, options.trainPresets);
    }
    report.candidates = doneCandidates;
    return report;
}

PresetDataset::PresetDataset(const fs::path& dir) {
    std::ifstream mf(dir / "manifest.json");
    if (!mf)
        throw std::runtime_error("no manifest.json in " + dir.string());
    const auto manifest = json::parse(mf, nullptr, false);
    if (manifest.is_discarded() || manifest.value("format", "") != "latentrack preset dataset 1")
        throw std::runtime_error((dir / "manifest.json").string() +
                                 " is not a preset dataset manifest");
    m_config = manifest.at("config").get<PresetConfig>();
    const int n = manifest.at("progress").value("records", 0);
    m_melBytes =
        static_cast<std::size_t>(m_config.frames) * static_cast<std::size_t>(m_config.mels);
    auto readAll = [&](const char* name, std::size_t bytes) {
        const auto p = dir / name;
        std::ifstream f(p, std::ios::binary);
        std::vector<std::uint8_t> data(bytes);
        if (!f ||
            !f.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(bytes)))
            throw std::runtime_error(p.string() + " is missing or shorter than the manifest says");
        return data;
    };
    const auto nn = static_cast<std::size_t>(n);
    const auto voices = readAll("voices.bin", nn * fm::kVoiceParams);
    const auto records = readAll("records.bin", nn * kRecordBytes);
    m_mels = readAll("mels.bin", nn * m_melBytes);
    std::map<int, std::string> names;
    for (const char* s : {"train", "validation", "test"})
        for (const auto& e : manifest.at("split").at(s))
            names[e.at("source").get<int>()] = e.value("name", "");
    int maxSource = names.empty() ? 0 : names.rbegin()->first;
    m_sourceNames.assign(static_cast<std::size_t>(maxSource + 1), "");
    for (const auto& [k, v] : names)
        m_sourceNames[static_cast<std::size_t>(k)] = v;
    for (std::size_t i = 0; i < nn; ++i) {
        fm::DxVoice v;
        std::copy_n(voices.begin() + static_cast<std::ptrdiff_t>(i * fm::kVoiceParams),
                    fm::kVoiceParams, v.params.begin());
        m_voices.push_back(v);
        const auto* r = records.data() + i * kRecordBytes;
        if (r[0] > 2 || r[1] > 3)
            throw std::runtime_error((dir / "records.bin").string() + ": bad record " +
                                     std::to_string(i));
        m_split.push_back(static_cast<PresetSplit>(r[0]));
        m_kind.push_back(static_cast<PresetKind>(r[1]));
        const int src = r[2] | (r[3] << 8);
        if (src > maxSource)
            throw std::runtime_error((dir / "records.bin").string() + ": record " +
                                     std::to_string(i) + " names an unknown source voice");
        m_source.push_back(src);
    }
}

std::vector<int> PresetDataset::indices(PresetSplit s) const {
    std::vector<int> out;
    for (std::size_t i = 0; i < m_split.size(); ++i)
        if (m_split[i] == s)
            out.push_back(static_cast<int>(i));
    return out;
}

std::span<const std::uint8_t> PresetDataset::mel(int i) const {
    return {m_mels.data() + static_cast<std::size_t>(i) * m_melBytes, m_melBytes};
}

std::vector<float> PresetDataset::melDb(int i) const {
    const auto q = mel(i);
    std::vector<float> out(q.size());
    for (std::size_t k = 0; k < q.size(); ++k)
        out[k] = dequantiseDb(q[k], m_config);
    return out;
}

const std::string& PresetDataset::sourceName(int i) const {
    return m_sourceNames[static_cast<std::size_t>(source(i))];
}

} // namespace latentrack::models::preset
