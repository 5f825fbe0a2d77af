#pragma once
// Reads the key and velocity-layer structure of one preset of a SoundFont 2 file (SoundFont
// 2.04 spec: RIFF 'sfbk' → LIST 'pdta' → phdr/pbag/pgen/inst/ibag/igen). libfluidsynth plays
// SoundFonts but does not expose zone ranges, so this small reader finds which velocities
// select a different recorded sample (a "velocity layer") on each key.

#include <filesystem>
#include <stdexcept>
#include <vector>

namespace latentrack::models::dataset {

class SoundFontError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct VelocityRange {
    int low = 0; ///< MIDI velocity 0–127
    int high = 127;
};

struct KeyLayers {
    int key = 0;                       ///< MIDI note 0–127
    std::vector<VelocityRange> layers; ///< sorted by low velocity, at least one
};

/// Keys played by preset (bank, program) and their velocity layers. Throws SoundFontError for
/// unreadable or malformed files and for a missing preset.
std::vector<KeyLayers> readVelocityLayers(const std::filesystem::path& sf2, int bank, int program);

} // namespace latentrack::models::dataset
