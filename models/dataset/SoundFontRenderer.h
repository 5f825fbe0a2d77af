#pragma once
// Offline rendering of single notes from a SoundFont with libfluidsynth. Thread: any
// non-realtime thread; one renderer per thread.

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

namespace latentrack::models::dataset {

class SoundFontRenderer {
public:
    /// Loads `sf2` into a synth running at `sampleRate` Hz (reverb and chorus off).
    /// Throws SoundFontError when the file cannot be loaded.
    SoundFontRenderer(const std::filesystem::path& sf2, double sampleRate);
    ~SoundFontRenderer();
    SoundFontRenderer(const SoundFontRenderer&) = delete;
    SoundFontRenderer& operator=(const SoundFontRenderer&) = delete;

    /// Plays `key` at `velocity` (1–127) with (bank, program) on channel 0, holds it `holdSeconds`,
    /// releases, and returns `totalSeconds` of mono audio (mean of the stereo output).
    std::vector<float> renderNote(int bank, int program, int key, int velocity, double holdSeconds,
                                  double totalSeconds);

    /// A MIDI event of a phrase on channel 0, at `seconds` from its start.
    struct Event {
        enum class Type { NoteOn, NoteOff, Controller };
        double seconds = 0.0;
        Type type = Type::NoteOn;
        int number = 60; ///< key (notes) or controller number (e.g. 11, expression)
        int value = 100; ///< velocity 1–127 (note on) or controller value 0–127
    };
    /// Plays `events` (any order; sorted here) with (bank, program) and returns `totalSeconds`
    /// of mono audio.
    std::vector<float> renderPhrase(int bank, int program, std::vector<Event> events,
                                    double totalSeconds);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace latentrack::models::dataset
