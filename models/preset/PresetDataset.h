#pragma once
// The preset-inference dataset (`latentrack-cli dataset presets`): DX7 voices and their log-mel
// spectrograms rendered by LatentRack's FM engine (PresetRenderer).
//
// Built from hexter's factory banks (/usr/share/hexter/*.dx7, 432 voices): the voices are
// deduplicated on their 145 numeric parameters (the name excluded), then split 80/10/10 into
// train / validation / test **by source voice, before any augmentation**, so that nothing made
// from a held-out voice is trained on. The training voices are grown with mutations, crossover
// within an algorithm and operator permutations (PresetAugment) until `trainPresets` are kept.
// A preset is dropped when its peak RMS is below −40 dB, when its parameters repeat a kept
// preset's, or (an augmented one) when its rendering is within 1 dB log-mel of its source's.
//
// Folder layout (all little-endian, records in the same order):
//   manifest.json  config, split sources (bank, index, name), counts, build progress
//   voices.bin     N × 155 bytes: the unpacked voices (DxVoice::params)
//   records.bin    N × 4 bytes: split (0 train, 1 validation, 2 test), kind (0 original,
//                  1 mutation, 2 crossover, 3 permutation), source voice (uint16)
//   mels.bin       N × frames × mels bytes: dB quantised as round((dB − floor)/(ceiling −
//   floor)·255)
// The build is resumable: it writes in chunks and records its progress in the manifest; a
// rerun with the same options continues where it stopped.
//
// Thread: any non-realtime thread. Errors: std::runtime_error naming the file.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/fm/DxVoice.h"
#include "models/preset/PresetConfig.h"

namespace latentrack::models::preset {

enum class PresetSplit : std::uint8_t { Train = 0, Validation = 1, Test = 2 };
enum class PresetKind : std::uint8_t { Original = 0, Mutation = 1, Crossover = 2, Permutation = 3 };

struct PresetDatasetOptions {
    std::filesystem::path outDir;
    std::vector<std::filesystem::path> banks; ///< default: every /usr/share/hexter/*.dx7
    PresetConfig config;                      ///< rendering and spectrogram settings
    int trainPresets = 30000;                 ///< training presets to keep
    double quietDb = -40.0;                   ///< peak RMS below this is dropped
    double nearDuplicateDb = 1.0;             ///< log-mel distance to the source below this
    std::uint64_t seed = 1234;
};

struct PresetDatasetReport {
    int sources = 0;    ///< distinct voices after deduplication
    int duplicates = 0; ///< factory voices dropped as repeats
    int train = 0, validation = 0, test = 0;
    int candidates = 0; ///< augmented candidates generated
    int droppedQuiet = 0, droppedDuplicate = 0;
};

/// Builds (or resumes building) the dataset. progress(done, total) after each chunk.
PresetDatasetReport buildPresetDataset(const PresetDatasetOptions& options,
                                       const std::function<void(int, int)>& progress);

/// A built dataset in memory (voices, records and the quantised spectrograms).
class PresetDataset {
public:
    /// Throws std::runtime_error when a file is missing, truncated or inconsistent.
    explicit PresetDataset(const std::filesystem::path& dir);

    const PresetConfig& config() const noexcept { return m_config; }
    int size() const noexcept { return static_cast<int>(m_voices.size()); }
    const core::fm::DxVoice& voice(int i) const { return m_voices[static_cast<std::size_t>(i)]; }
    PresetSplit split(int i) const { return m_split[static_cast<std::size_t>(i)]; }
    PresetKind kind(int i) const { return m_kind[static_cast<std::size_t>(i)]; }
    int source(int i) const { return m_source[static_cast<std::size_t>(i)]; }
    /// Record indices of one split.
    std::vector<int> indices(PresetSplit s) const;
    /// frames × mels quantised bytes of record i.
    std::span<const std::uint8_t> mel(int i) const;
    /// The same, in dB.
    std::vector<float> melDb(int i) const;
    /// Name of the source voice of record i (as in its bank).
    const std::string& sourceName(int i) const;

private:
    PresetConfig m_config;
    std::vector<core::fm::DxVoice> m_voices;
    std::vector<PresetSplit> m_split;
    std::vector<PresetKind> m_kind;
    std::vector<int> m_source;
    std::vector<std::string> m_sourceNames;
    std::vector<std::uint8_t> m_mels;
    std::size_t m_melBytes = 0;
};

/// Quantisation of dB values in [floor, ceiling] (PresetConfig) to bytes and back.
std::uint8_t quantiseDb(float db, const PresetConfig& c);
float dequantiseDb(std::uint8_t q, const PresetConfig& c);

} // namespace latentrack::models::preset
