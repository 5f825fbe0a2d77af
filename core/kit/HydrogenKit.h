#pragma once
// Hydrogen drum kits (drumkit.xml), as shipped by Debian's `hydrogen-drumkits` package in
// /usr/share/hydrogen/data/drumkits/<kit>/ and by users in ~/.hydrogen/data/drumkits/.
// Reads both the layered format (<instrument><layer>…</layer>, optionally inside
// <instrumentComponent>) and the older one with a single <filename> per instrument.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace latentrack::core::kit {

class KitError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct KitLayer {
    std::filesystem::path file; ///< absolute path of the audio file
    float minVelocity = 0.0f;   ///< velocity range of the layer, 0 … 1
    float maxVelocity = 1.0f;
    float gain = 1.0f; ///< linear
};

struct KitInstrument {
    int id = 0;
    std::string name;
    float volume = 1.0f; ///< linear
    int muteGroup = -1;  ///< Hydrogen's choke group, −1 for none
    std::vector<KitLayer> layers;
};

struct HydrogenKit {
    std::string name;
    std::string author;
    std::string license;
    std::filesystem::path folder;
    std::vector<KitInstrument> instruments; ///< only instruments with at least one layer
};

/// Parses `<folder>/drumkit.xml` (or the given drumkit.xml). Throws KitError naming the file and
/// the problem for a missing file, invalid XML or a file without <drumkit_info>.
HydrogenKit loadHydrogenKit(const std::filesystem::path& folderOrXml);

/// Folders searched for kits: $LATENTRACK_KITS (colon-separated), ~/.hydrogen/data/drumkits,
/// /usr/share/hydrogen/data/drumkits.
std::vector<std::filesystem::path> kitSearchPaths();

/// Kit folders (those containing a drumkit.xml) under the search paths, sorted by name.
std::vector<std::filesystem::path> findHydrogenKits();

/// The kits of Debian's `hydrogen-drumkits` package alone (from dpkg's file list; the 14 kits
/// of its 2017.09.19 release by name when the list cannot be read), sorted by name: the default
/// set of the datasets, whatever else (Hydrogen's own `hydrogen-data` kits, a user's) is
/// installed beside them.
std::vector<std::filesystem::path> packageHydrogenKits();

/// Finds an installed kit by its folder name or its <name>; empty path when not found.
std::filesystem::path findKitByName(const std::string& name);

} // namespace latentrack::core::kit
