#pragma once
// Preparing a recorded or dropped sound for preset inference (vocal sketching, after the Flow
// Synthesizer's reference: "estimate the sung pitch (most frequent MIDI note), shift the
// recording to C4, pad/trim to 4 s"):
// 1. leading and trailing silence trimmed: frames (10 ms) more than 50 dB below the loudest;
// 2. the sung pitch: aubio's YIN (aubio_pitch "yin", 2048/256, tolerance 0.15) per hop, the
//    most frequent MIDI note of the hops whose confidence is at least 0.8 and level above
//    −50 dB re. the peak; none when fewer than 10 % of the hops are pitched (a drum, a noise);
// 3. shifted to C4 (MIDI 60) with Rubber Band (offline, R3 engine, formants preserved so that
//    a voice keeps its vowel), length kept.
// The preset found for the shifted sound then plays at the sung pitch from the keyboard
// (playedNote says which key that is: the same one).
//
// Thread: any non-realtime thread. Allocates. Errors: std::invalid_argument naming the problem
// (too short, silent — checkSound()).

#include <optional>
#include <span>
#include <vector>

namespace latentrack::models::preset {

struct PreparedSketch {
    std::vector<float> audio;    ///< trimmed (and shifted) sound, same sample rate
    std::optional<int> sungNote; ///< MIDI note of the sung pitch, when pitched
    double shiftSemitones = 0.0; ///< applied shift (60 − sungNote, or 0)
    double trimmedStartSeconds = 0.0;
    double pitchedShare = 0.0; ///< of the loud hops, the share with a confident pitch
};

/// audio: mono at sampleRate Hz. shiftToC4 false: trim and estimate only.
PreparedSketch prepareSketch(std::span<const float> audio, double sampleRate,
                             bool shiftToC4 = true);

/// The sung pitch alone (step 2 above): (MIDI note, pitched share).
std::pair<std::optional<int>, double> sungPitch(std::span<const float> audio, double sampleRate);

} // namespace latentrack::models::preset
