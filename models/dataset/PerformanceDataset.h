#pragma once
// Continuous recordings for the attribute-fader models (`latentrack-cli dataset percussion|
// strings`), built from Debian packages:
//  - percussion: hand-drum performances played by our own drum machine (core::engine::
//    DrumMachine, the code the app plays) from real recorded hits — sonic-pi-samples' tabla
//    strokes and hydrogen-drumkits' circAfrique djembes, dununba and sangban — with humanised
//    timing (Gaussian, σ 6 ms), velocity, swing, accents, ghost notes and fills;
//  - strings: violin, viola and cello phrases (scales, stepwise melodies with leaps, legato,
//    dynamics as expression-controller swells) rendered from fluid-soundfont-gm with
//    libfluidsynth.
// Held out by source, never by cutting one recording: percussion tests on performances of
// kits never trained on (circAfrique's Djembe5 and Kenkeni1) and on sonic-pi's recorded tabla
// loop; strings test on phrases never trained on through FluidR3 and through a different
// SoundFont's recordings of the same instruments (TimGM6mb).
// Output: audio/<split>/<name>.wav (mono, 16-bit, peak 0.9) and manifest.json
//   { "version": 1, "kind", "sampleRate", "seed", "entries": [ { "file", "split" ("train" |
//     "test"), "source", "seconds" } … ], "problems": [ … ] }.
// Thread: any non-realtime thread; blocks for the whole build (a few seconds per minute of
// audio).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace latentrack::models::dataset {

struct PerformanceDatasetOptions {
    std::filesystem::path outDir;
    double sampleRate = 16000.0;
    int trainCount = 48;  ///< training performances / phrases
    int heldOutCount = 8; ///< per held-out source
    std::uint64_t seed = 1;
    std::filesystem::path sonicPiSamples = "/usr/share/sonic-pi/samples";
    std::filesystem::path hydrogenKits = "/usr/share/hydrogen/data/drumkits";
    std::filesystem::path soundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    std::filesystem::path heldOutSoundFont = "/usr/share/sounds/sf2/TimGM6mb.sf2";
};

struct PerformanceDatasetReport {
    int entries = 0;
    double trainSeconds = 0.0;
    double testSeconds = 0.0;
    std::vector<std::string> problems;
};

/// Throws std::runtime_error when a source package is missing or the folder cannot be written.
PerformanceDatasetReport
buildPercussionDataset(const PerformanceDatasetOptions& options,
                       const std::function<void(const std::string&)>& progress);
PerformanceDatasetReport
buildStringsDataset(const PerformanceDatasetOptions& options,
                    const std::function<void(const std::string&)>& progress);

} // namespace latentrack::models::dataset
