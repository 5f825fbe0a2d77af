#pragma once
// Real sounds the preset model never saw, for its out-of-domain evaluation (issue: "real
// sounds"): General MIDI instruments of fluid-soundfont-gm at note 60 (piano, organ, guitar,
// violin, trumpet, flute, 3 s held), Hydrogen drum hits (ColomboAcousticDrumkit: kick, snare,
// closed hi-hat, tom) and spoken vowels from espeak-ng ("ah", "oo", "ee"; 22.05 kHz). Each is
// mono at the requested rate, cut to `seconds`. Sources that are not installed are left out
// and named in `missing`.
// Thread: any non-realtime thread; runs espeak-ng as a child process, writes a temporary file.

#include <string>
#include <vector>

namespace latentrack::models::preset {

struct NamedSound {
    std::string name;   ///< e.g. "gm violin", "hydrogen snare", "espeak ah"
    std::string source; ///< file or program it came from
    std::vector<float> audio;
};

struct OutOfDomainSet {
    std::vector<NamedSound> sounds;
    std::vector<std::string> missing;
};

OutOfDomainSet outOfDomainSounds(double sampleRate, double seconds);

} // namespace latentrack::models::preset
