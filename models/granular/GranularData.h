#pragma once
// Training and held-out data of the granular models, read from a dataset folder written by
// `latentrack-cli dataset …` (manifest.json + mono WAV files; see models/dataset/DrumDataset.h).
//
// Each example is cut or zero-padded to the model's example length (samples at the model's
// rate; other rates are converted with libsamplerate) and peak-normalised to 0.9.
// Held-out split (no model nor baseline hears a near copy of a test sound):
//  - an entry with "split": "test" / "train" (written by the dataset builder, e.g. whole
//    pitches held out for SoundFont-rendered notes) goes where it says;
//  - otherwise whole kits (the "kit" field) are held out: for each class, rarest first, kits
//    holding that class are moved to the test split, smallest first, until the test split has
//    at least 12 % of the class; a kit is skipped when moving it would leave fewer than 60 % of
//    any of its classes for training;
//  - a training example that is a near copy of a held-out one (the same recording in two kits,
//    NearCopies.h) is left out of training.
// Thread: any; loading blocks on file I/O.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace latentrack::models::granular {

class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct GranularExample {
    std::vector<float> audio; ///< exampleLength samples, peak 0.9 (or silence)
    int classIndex = 0;       ///< index into GranularDataset::classes
    std::string kit;          ///< source group (kit, SoundFont …)
    std::string file;         ///< relative to the dataset folder
};

struct GranularDataset {
    std::vector<std::string> classes; ///< class ids, e.g. "kick" … "ride"
    std::vector<GranularExample> train;
    std::vector<GranularExample> test;
    std::vector<std::string> testKits; ///< groups held out by the kit rule (sorted)
    /// Training files left out as near copies of held-out ones (NearCopies.h).
    std::vector<std::string> nearCopiesDropped;
    int sampleRate = 16000;
    int exampleLength = 0;
};

/// Loads `dir`/manifest.json. `classKey` is the manifest field that labels an entry ("class8",
/// "class10", "class" …); entries whose label is null are skipped. `classes` fixes the class
/// order (empty = the labels found, sorted). Throws DatasetError naming the file and the
/// problem (missing manifest, bad JSON, unreadable audio, a label outside `classes`, a class
/// with no training example).
GranularDataset loadGranularDataset(const std::filesystem::path& dir, const std::string& classKey,
                                    const std::vector<std::string>& classes, int sampleRate,
                                    int exampleLength);

/// The class order of the drum machines for a manifest field: the 8 drum classes for "class8",
/// the 10 Drum-and-Bass classes for "class10", empty otherwise.
std::vector<std::string> knownClassOrder(const std::string& classKey);

} // namespace latentrack::models::granular
