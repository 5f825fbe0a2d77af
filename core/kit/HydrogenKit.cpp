#include "core/kit/HydrogenKit.h"

#include <algorithm>
#include <cstdlib>

#include <pugixml.hpp>

#include "core/io/DebianPackages.h"

namespace latentrack::core::kit {

namespace fs = std::filesystem;

namespace {

KitLayer layerFrom(const pugi::xml_node& node, const fs::path& folder) {
    KitLayer l;
    l.file = folder / node.child_value("filename");
    l.minVelocity = node.child("min").text().as_float(0.0f);
    l.maxVelocity = node.child("max").text().as_float(1.0f);
    l.gain = node.child("gain").text().as_float(1.0f);
    return l;
}

} // namespace

HydrogenKit loadHydrogenKit(const fs::path& folderOrXml) {
    const fs::path xml = fs::is_directory(folderOrXml) ? folderOrXml / "drumkit.xml" : folderOrXml;
    if (!fs::exists(xml))
        throw KitError(xml.string() + ": no drumkit.xml here");
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_file(xml.c_str());
    if (!parsed)
        throw KitError(xml.string() + ": invalid XML at byte " + std::to_string(parsed.offset) +
                       ": " + parsed.description());
    const pugi::xml_node root = doc.child("drumkit_info");
    if (!root)
        throw KitError(xml.string() + ": not a Hydrogen kit (no <drumkit_info> element)");

    HydrogenKit kit;
    kit.folder = xml.parent_path();
    kit.name = root.child_value("name");
    if (kit.name.empty())
        kit.name = kit.folder.filename().string();
    kit.author = root.child_value("author");
    kit.license = root.child_value("license");
    for (const pugi::xml_node inst : root.child("instrumentList").children("instrument")) {
        KitInstrument ki;
        ki.id = inst.child("id").text().as_int(0);
        ki.name = inst.child_value("name");
        ki.volume = inst.child("volume").text().as_float(1.0f);
        ki.muteGroup = inst.child("muteGroup").text().as_int(-1);
        for (const pugi::xml_node layer : inst.children("layer"))
            ki.layers.push_back(layerFrom(layer, kit.folder));
        for (const pugi::xml_node comp : inst.children("instrumentComponent"))
            for (const pugi::xml_node layer : comp.children("layer"))
                ki.layers.push_back(layerFrom(layer, kit.folder));
        if (ki.layers.empty() && *inst.child_value("filename") != '\0') {
            KitLayer l;
            l.file = kit.folder / inst.child_value("filename");
            ki.layers.push_back(l);
        }
        if (!ki.layers.empty())
            kit.instruments.push_back(std::move(ki));
    }
    return kit;
}

std::vector<fs::path> kitSearchPaths() {
    std::vector<fs::path> paths;
    if (const char* env = std::getenv("LATENTRACK_KITS")) {
        std::string s(env);
        std::size_t start = 0;
        while (start <= s.size()) {
            const std::size_t end = std::min(s.find(':', start), s.size());
            if (end > start)
                paths.emplace_back(s.substr(start, end - start));
            start = end + 1;
        }
    }
    if (const char* home = std::getenv("HOME"))
        paths.emplace_back(fs::path(home) / ".hydrogen/data/drumkits");
    paths.emplace_back("/usr/share/hydrogen/data/drumkits");
    return paths;
}

std::vector<fs::path> findHydrogenKits() {
    std::vector<fs::path> kits;
    for (const auto& base : kitSearchPaths()) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(base, ec))
            if (entry.is_directory() && fs::exists(entry.path() / "drumkit.xml"))
                kits.push_back(entry.path());
    }
    std::sort(kits.begin(), kits.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return kits;
}

std::vector<fs::path> packageHydrogenKits() {
    std::vector<fs::path> kits;
    for (const auto& f : io::packageFiles("hydrogen-drumkits"))
        if (f.filename() == "drumkit.xml" && fs::exists(f))
            kits.push_back(f.parent_path());
    if (kits.empty()) {
        const fs::path root = "/usr/share/hydrogen/data/drumkits";
        for (const char* name :
             {"Audiophob", "BJA_Pacific", "ColomboAcousticDrumkit", "ElectricEmpireKit",
              "ForzeeStereo", "Gimme A Hand 1.0", "HardElectro1", "Millo-Drums_v.1",
              "Millo_MultiLayered2", "Millo_MultiLayered3", "The Black Pearl 1.0", "VariBreaks",
              "circAfrique v4", "rumpf_kit_z01_h2"})
            if (fs::exists(root / name / "drumkit.xml"))
                kits.push_back(root / name);
    }
    std::sort(kits.begin(), kits.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return kits;
}

fs::path findKitByName(const std::string& name) {
    for (const auto& folder : findHydrogenKits()) {
        if (folder.filename() == name)
            return folder;
        try {
            if (loadHydrogenKit(folder).name == name)
                return folder;
        } catch (const KitError&) {
            // A broken kit elsewhere on disk must not hide the one asked for.
        }
    }
    return {};
}

} // namespace latentrack::core::kit
