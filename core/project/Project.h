#pragma once
// A LatentRack project: pattern, kit, mixer and settings, stored as versioned JSON.
//
// Format (version 1):
// { "version": 1, "name": str, "layout": "drums8" | "dnb10", "bpm": 40–300, "swing": 0.5–0.75,
//   "steps": 1–64, "masterGainDb": dB, "kit": installed kit name or folder path,
//   "tracks": [ { "instrument": str, "gainDb": dB, "pan": −1…1, "mute": bool, "solo": bool,
//                 "chokeGroup": 0–8, "polyphony": 1–16, "velocities": [0–127 per step],
//                 "neural": { "mode": "note"|"path", "class": id, "seed": 0–2^53 },
//                 "keepNeural": bool } … ],
//   "neural": { "model": model folder name or path, "autoEveryLoops": 0–64 (0 = off) },
//   "audio": { "api": str, "device": str, "sampleRate": Hz, "bufferFrames": 32–2048 },
//   "osc": { "port": 1024–65535 },
//   "fm": { "voice": [155 DX7 parameters], "bank": path, "voiceNumber": 1…, "polyphony": 1–64,
//           "gainDb": dB },
//   "midi": { "input": source name, "output": destination name, "fmChannel": 0–16 (0 = all),
//             "drumChannel": 0–16 (0 = none), "drumNotes": [−1 or 0–127 per track],
//             "mappings": [ see control/MidiMapping.h ] },
//   "faders": { "model": folder or .ts file, "sound": file played through it ("" = the prior),
//               "firstLatent": −1…1, "note": MIDI 24…108, "transpose": −24…24 semitones
//               (a model with a pitch input), "positions": [5 × −1…1],
//               "modulators": [5 × { "shape", "rateHz", "amount", "bias" }],
//               "syncBeats": [5 × 0 (free) or 0.25…64 beats per cycle],
//               "follow": [5 × a sound file whose descriptor the attribute follows, or ""],
//               "knobs": [8 × { "bias": −4…4, "scale": 0…2 }] (a TorchScript model's latent
//               knobs), "forward": bool (play a sound through forward, not encode/decode) },
//   "presets": { see ProjectPresets.h } }
// "fm", "midi", "neural", "faders", "presets" and a track's "neural" are optional (older files
// load with the defaults). A track's "neural" recipe regenerates its sound identically from the
// model.

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "core/gen/SoundGenerator.h"
#include <string>
#include <vector>

#include "core/control/MidiMapping.h"
#include "core/control/Modulator.h"
#include "core/fm/DxVoice.h"
#include "core/project/ProjectPresets.h"
#include "core/seq/Pattern.h"

namespace latentrack::core::project {

inline constexpr int kProjectVersion = 1;

/// Raised for unreadable, corrupt, invalid or future-version projects; what() says which.
class ProjectError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TrackState {
    std::string instrument; ///< kit instrument name; empty = chosen by class
    float gainDb = 0.0f;
    float pan = 0.0f;
    bool mute = false;
    bool solo = false;
    int chokeGroup = 0;
    int polyphony = 4;
    /// The sound comes from the neural model with this recipe (instead of the kit).
    std::optional<gen::GenerationRecipe> neural;
    /// Excluded from "re-sample every N loops".
    bool keepNeural = false;
};

struct NeuralSettings {
    std::string model = "drums8"; ///< folder name under assets/models, or a path
    int autoEveryLoops = 0;       ///< re-sample unkept tracks every N loops; 0 = off
};

struct AudioSettings {
    std::string api;    ///< "jack", "pulse", "alsa" or empty for automatic
    std::string device; ///< device name, empty for the API's default output
    int sampleRate = 48000;
    int bufferFrames = 256;
};

struct FmState {
    fm::DxVoice voice = fm::DxVoice::initVoice();
    std::string bank;    ///< where the voice came from (for the browser), may be empty
    int voiceNumber = 0; ///< 1 … in that bank, 0 = unknown
    int polyphony = 16;
    float gainDb = 0.0f;
};

struct MidiSettings {
    std::string input;  ///< source port name, empty = none
    std::string output; ///< destination port name, empty = none
    int fmChannel = 0;
    int drumChannel = 10;
    std::array<int, seq::kMaxTracks> drumNotes{}; ///< −1 = none; see defaults below
    std::vector<control::MidiMapping> mappings;
    MidiSettings();
};

/// The attribute-fader voice (ui/faders): model, source, faders and modulators, the faders
/// normalised −1 … 1 over the model's training data (RMS, centroid, bandwidth, sharpness,
/// boominess).
/// One latent knob of a TorchScript (nn~ / RAVE) model: z ← z · scale + bias.
struct LatentKnobState {
    float bias = 0.0f;  ///< latent units, −4 … 4
    float scale = 1.0f; ///< 0 … 2
    bool operator==(const LatentKnobState&) const = default;
};

struct FaderState {
    std::string model; ///< model folder, or a TorchScript file; empty = the first shipped one
    std::string sound; ///< file played through the model; empty = the model's prior
    float firstLatent = 0.0f;
    /// A model with a pitch input: the note it plays from the prior (MIDI) and the
    /// transposition of every source (semitones); models::rave::RaveStreamDecoder.
    float note = 60.0f;
    float transpose = 0.0f;
    std::array<float, 5> positions{};
    std::array<control::ModulatorSettings, 5> modulators{};
    /// Each modulator's cycle in beats of the project's tempo (0: free, its rateHz applies).
    std::array<float, 5> syncBeats{};
    /// A sound each attribute follows (its descriptor curve, looped) in place of the
    /// modulator; "" = none.
    std::array<std::string, 5> follow{};
    std::array<LatentKnobState, 8> knobs{}; ///< a TorchScript model's first latent dimensions
    bool forward = false; ///< a TorchScript model plays a sound through forward, not encode/decode
};

struct Project {
    std::string name = "Untitled";
    seq::Pattern pattern;
    double bpm = 120.0;
    double swing = 0.5;
    float masterGainDb = 0.0f;
    std::string kit;
    std::array<TrackState, seq::kMaxTracks> tracks{};
    AudioSettings audio;
    int oscPort = 9000;
    FmState fm;
    MidiSettings midi;
    NeuralSettings neural;
    FaderState faders;
    PresetState presets;
};

/// An empty project with `layout`'s tracks, default MIDI drum notes and, in the 8-track
/// layout, the closed and open hats in one choke group; kit, audio and OSC settings are kept
/// from `current` (File → New).
Project newProject(seq::TrackLayout layout, const Project& current);

/// Serialises to pretty-printed JSON.
std::string toJson(const Project& project);
/// Parses and validates; `origin` names the source in error messages. Throws ProjectError.
Project projectFromJson(const std::string& text, const std::string& origin);
/// Reads a project file. Throws ProjectError (the file is never modified).
Project loadProject(const std::filesystem::path& path);
/// Writes atomically (temporary file + fsync + rename). Throws ProjectError.
void saveProject(const std::filesystem::path& path, const Project& project);

} // namespace latentrack::core::project
