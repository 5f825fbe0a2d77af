#pragma once
// Fundamental-frequency tracking of mono audio with aubio's YIN (de Cheveigné & Kawahara,
// JASA 2002), and how well a rendering keeps the pitch of a reference: the vocal sketch finds
// the sung note with it, the attribute-fader evaluation checks that a decoder plays the notes
// of a held-out recording. Thread: any (each call owns its aubio state); allocates.

#include <span>
#include <vector>

namespace latentrack::models::analysis {

/// One hop of a YIN track.
struct PitchEstimate {
    double midi = 0.0;       ///< YIN's estimate as a MIDI note number (fractional; 0: none)
    double confidence = 0.0; ///< aubio's confidence, 0 … 1 (1 − the YIN dip)
    double levelDb = -200.0; ///< RMS of the hop, dB re full scale
};

/// One estimate per whole hop of `audio` (samples at sampleRate Hz): YIN over `window`
/// samples (≥ hop), tolerance 0.15, aubio's silence gate at −90 dB.
std::vector<PitchEstimate> yinPitch(std::span<const float> audio, double sampleRate, int window,
                                    int hop);

/// The loudest hop's level in `track` (dB; −200 for an empty track).
double loudestLevelDb(const std::vector<PitchEstimate>& track);
/// A hop whose note YIN is sure of: confidence ≥ 0.8 and MIDI 20 … 110 (the callers add their
/// own level gate).
bool isConfidentNote(const PitchEstimate& e);

/// Pitch kept from a reference to a rendering of it, hop by hop (window 1024, hop 256).
struct PitchAgreement {
    int pitchedFrames = 0; ///< hops where the reference is pitched: confidence ≥ 0.8, MIDI
                           ///< 20 … 110, level within 40 dB of its loudest hop
    int keptFrames = 0;    ///< of those, hops whose rendering's estimate is within 50 cents
};

/// Compares reference and rendering (same length and rate; the shorter length is used).
PitchAgreement pitchAgreement(std::span<const float> reference, std::span<const float> rendering,
                              double sampleRate);

} // namespace latentrack::models::analysis
