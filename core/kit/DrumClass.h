#pragma once
// Drum classes of the two drum machines and the mapping of instrument names to them.
//
// 8-track set ("8 Drums" of the Neural Granular Sound Synthesis paper): kick, snare, clap,
// closed hat, open hat, tom, crash, ride. 10-track set ("Drum and Bass Machine"): Bass, Break,
// Cymbal, Fx, Hat, Kick, Lead, Pad, Perc, Snare, of which recorded kits supply Kick, Snare, Hat,
// Cymbal, Perc (and occasionally Fx).

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace latentrack::core::kit {

enum class DrumClass { Kick, Snare, Clap, ClosedHat, OpenHat, Tom, Crash, Ride };
inline constexpr int kDrumClassCount = 8;

enum class DnbClass { Bass, Break, Cymbal, Fx, Hat, Kick, Lead, Pad, Perc, Snare };
inline constexpr int kDnbClassCount = 10;

/// Lower-case identifiers used in files and on the command line: "kick", "closed_hat" …
std::string_view name(DrumClass c) noexcept;
std::string_view name(DnbClass c) noexcept;
/// Display names: "Kick", "Closed hat" …
std::string_view displayName(DrumClass c) noexcept;
std::string_view displayName(DnbClass c) noexcept;
std::optional<DrumClass> drumClassFromName(std::string_view id) noexcept;
std::optional<DnbClass> dnbClassFromName(std::string_view id) noexcept;

/// Result of mapping one instrument name. A class is left empty when the name does not say
/// clearly which class the sound is (e.g. "Crash/Ride", "Hi Hat Free", "Drum 1"): such
/// instruments are listed as unmappable, never guessed.
struct InstrumentClass {
    std::optional<DrumClass> drums8;
    std::optional<DnbClass> dnb10;
};

/// Maps an instrument name such as "Sabian Hat Open", "BassDrum", "c3 - bass drum 1",
/// "Tom Low (Tama Superstar 16\")" by its words (case-insensitive; camelCase and digits split).
InstrumentClass classifyInstrument(std::string_view instrumentName);

/// The 10-track class a drum class belongs to (closed/open hat → Hat, crash/ride → Cymbal,
/// clap/tom → Perc).
DnbClass toDnb(DrumClass c) noexcept;

} // namespace latentrack::core::kit
