#pragma once
// Datasets of single notes rendered from a General MIDI SoundFont with libfluidsynth
// (Debian `fluid-soundfont-gm`), and the two datasets built from them:
//  - `orchestra`: violin, cello, double bass, flute, clarinet, oboe, French horn, trumpet,
//    piano and harp at several pitches and velocities (class field "class");
//  - `dnb10`: the 10 classes of the Drum and Bass machine (class field "class10"): Bass, Lead,
//    Pad, Fx from GM programs; Kick, Snare, Hat, Cymbal, Perc (and Fx) hits from the drum
//    dataset (DrumDataset.h); Break as one-bar loops played by our own sequencer on the
//    Hydrogen kits (two patterns, two tempos per kit).
// Held-out split: of each program's rendered keys, every `heldOutEvery`-th (the 2nd, 5th, 8th …)
// is marked "split": "test" at every velocity (whole pitches never trained on); drum hits and
// breaks are split by kit.
// Output: audio/… WAV files (mono, 16-bit) and manifest.json as in DrumDataset.h plus "pitch".
// Thread: any non-realtime thread; blocks for the whole build.

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace latentrack::models::dataset {

struct NoteProgram {
    std::string className; ///< "violin", "bass" …
    int program = 0;       ///< GM program 0–127 (bank 0)
    int lowKey = 48;       ///< MIDI keys lowKey … highKey in steps of keyStep
    int highKey = 72;
    int keyStep = 1;
};

struct NoteDatasetOptions {
    std::filesystem::path outDir;
    std::filesystem::path soundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    double sampleRate = 16000.0;
    double holdSeconds = 0.7;  ///< note held, then released
    double totalSeconds = 1.2; ///< rendered length per note
    std::vector<int> velocities{70, 110};
    int heldOutEvery = 3; ///< every heldOutEvery-th rendered key goes to the test split
};

struct NoteDatasetReport {
    int entries = 0;
    std::map<std::string, int> perClass;
    std::map<std::string, int> heldOutPerClass;
    std::vector<std::string> problems;
};

/// The ten orchestral instruments of the `orchestra` model, in class order.
std::vector<NoteProgram> orchestraPrograms();
/// Bass, Lead, Pad and Fx GM programs of the `dnb10` model.
std::vector<NoteProgram> dnbMelodicPrograms();

/// Builds the orchestra dataset (class field "class"). Throws std::runtime_error when the
/// SoundFont cannot be loaded or the folder written.
NoteDatasetReport buildOrchestraDataset(const NoteDatasetOptions& options,
                                        const std::function<void(const std::string&)>& progress);

/// Builds the dnb10 dataset (class field "class10"): drum hits, GM notes and break loops.
NoteDatasetReport buildDnbDataset(const NoteDatasetOptions& options,
                                  const std::function<void(const std::string&)>& progress);

} // namespace latentrack::models::dataset
