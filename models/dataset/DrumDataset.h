#pragma once
// Builds the labelled drum-hit dataset the neural models train on (`latentrack-cli dataset
// drums`), from real recordings only:
//  - every velocity layer of every instrument of the Hydrogen kits (Debian `hydrogen-drumkits`),
//  - every velocity layer of every key of the AVL drum kits (Debian `avldrums.lv2-soundfont`),
//    rendered with libfluidsynth at the top velocity of the layer.
// Instruments are labelled by name with core::kit::classifyInstrument(); those it cannot label
// are listed in the report, never guessed.
//
// Leading silence is trimmed (core::dsp::trimLeadingSilence) so that every hit starts at its onset.
// Output folder: audio/<kit>/<instrument>_v<velocity>.wav (mono, 16-bit, options.sampleRate),
// and manifest.json:
//   { "version": 1, "sampleRate": Hz, "entries": [ { "file", "class8", "class10", "kit",
//     "instrument", "velocity", "duration" (s), "sampleRate", "source" } … ],
//     "unmapped": [ "kit: instrument" … ], "problems": [ … ] }
// "class8" is one of the 8 drum classes or null; "class10" one of the 10-track classes or null.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/kit/DrumClass.h"

namespace latentrack::models::dataset {

struct DrumDatasetOptions {
    std::filesystem::path outDir;
    double sampleRate = 16000.0;
    /// Hits are cut to this length (with a 10 ms fade) after trailing silence is trimmed.
    double maxSeconds = 2.0;
    /// Hydrogen kit folders; empty = the kits of the hydrogen-drumkits package
    /// (core::kit::packageHydrogenKits()), whatever else is installed.
    std::vector<std::filesystem::path> kits;
    /// SoundFont drum kits; empty = the AVL kits under /usr/share/sounds/sf2 when installed.
    std::vector<std::filesystem::path> soundFonts;
    bool useSoundFonts = true;
};

struct DrumDatasetEntry {
    std::string file; ///< relative to outDir
    std::optional<core::kit::DrumClass> class8;
    std::optional<core::kit::DnbClass> class10;
    std::string kit;
    std::string instrument;
    int velocity = 127; ///< MIDI 1–127
    double duration = 0.0;
    std::string source; ///< "hydrogen" or "soundfont"
};

struct DrumDatasetReport {
    std::vector<DrumDatasetEntry> entries;
    std::vector<std::string> unmapped;
    std::vector<std::string> problems;
    std::map<std::string, int> perClass8; ///< class id → hits
    std::map<std::string, int> perClass10;
};

/// AVL drum kit key names (both kits share the layout), expanded from the SoundFont's
/// 20-character sample headers, e.g. 42 → "Hat Closed", 46 → "Hat Semi-Open". Empty when the
/// key is not part of the kit.
std::string avlKeyName(int key);

/// Builds the dataset. `progress` (optional) receives one line per kit. Throws
/// std::runtime_error when the output folder cannot be written.
DrumDatasetReport buildDrumDataset(const DrumDatasetOptions& options,
                                   const std::function<void(const std::string&)>& progress = {});

} // namespace latentrack::models::dataset
