#pragma once
// Assigns a Hydrogen kit's instruments to the tracks of the 8- or 10-track drum machine and
// loads their sounds for the engine.

#include <array>
#include <string>

#include "core/kit/DrumClass.h"
#include "core/kit/HydrogenKit.h"
#include "core/seq/Pattern.h"
#include "core/voice/Sample.h"

namespace latentrack::core::kit {

/// Class name shown on a track: "Kick" … for Drums8 (DrumClass order), "Bass" … for
/// DrumAndBass10 (DnbClass order).
std::string trackName(seq::TrackLayout layout, int track);

/// Class id of a track, as the neural models name their classes: "kick" … (DrumClass order)
/// for Drums8, "bass" … (DnbClass order) for DrumAndBass10; empty outside the layout.
std::string trackClassId(seq::TrackLayout layout, int track);
/// True when an instrument of class `c` fits track `track` of `layout`.
bool fitsTrack(const InstrumentClass& c, seq::TrackLayout layout, int track);

/// Index into kit.instruments for each track (first fitting instrument, preferring closed hats
/// for Hat, crashes for Cymbal, hand percussion for Perc), −1 where the kit has none.
std::array<int, seq::kMaxTracks> assignInstruments(const HydrogenKit& kit, seq::TrackLayout layout);

/// Loads `instrument` at `sampleRate` Hz: its loudest velocity layer as the Sample, the other
/// layers in Sample::layers with their velocity ranges, each scaled by instrument volume × layer
/// gain, with leading silence trimmed (dsp::trimLeadingSilence). Throws io::AudioFileError for
/// unreadable audio.
voice::Sample loadInstrumentSample(const KitInstrument& instrument, double sampleRate);

} // namespace latentrack::core::kit
