#include "models/dataset/SoundFontLayers.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace latentrack::models::dataset {

namespace {

constexpr std::uint16_t kGenInstrument = 41;
constexpr std::uint16_t kGenKeyRange = 43;
constexpr std::uint16_t kGenVelRange = 44;
constexpr std::uint16_t kGenSampleId = 53;

struct Chunk {
    std::size_t offset = 0;
    std::size_t size = 0;
};

std::uint16_t u16(const std::vector<char>& d, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(d[at]) |
                                      static_cast<unsigned char>(d[at + 1]) << 8);
}
std::uint32_t u32(const std::vector<char>& d, std::size_t at) {
    return static_cast<std::uint32_t>(u16(d, at)) | static_cast<std::uint32_t>(u16(d, at + 2))
                                                        << 16;
}

struct Range {
    int low = 0;
    int high = 127;
    bool contains(int k) const { return k >= low && k <= high; }
};

struct Zone {
    Range keys;
    Range vels;
    int target = -1; // instrument (preset zone) or sample (instrument zone); −1 = global zone
};

// Zones of record `index` in a header/bag/generator triple.
std::vector<Zone> zones(const std::vector<char>& d, const Chunk& hdr, std::size_t hdrSize,
                        std::size_t bagField, const Chunk& bag, const Chunk& gen, std::size_t index,
                        std::uint16_t targetGen, const std::string& file) {
    const std::size_t records = hdr.size / hdrSize;
    if (index + 1 >= records)
        throw SoundFontError(file + ": header index out of range");
    const std::size_t bag0 = u16(d, hdr.offset + index * hdrSize + bagField);
    const std::size_t bag1 = u16(d, hdr.offset + (index + 1) * hdrSize + bagField);
    if (bag1 < bag0 || (bag1 + 1) * 4 > bag.size)
        throw SoundFontError(file + ": zone list out of range");
    std::vector<Zone> out;
    for (std::size_t b = bag0; b < bag1; ++b) {
        const std::size_t g0 = u16(d, bag.offset + b * 4);
        const std::size_t g1 = u16(d, bag.offset + (b + 1) * 4);
        if (g1 < g0 || g1 * 4 > gen.size)
            throw SoundFontError(file + ": generator list out of range");
        Zone z;
        for (std::size_t g = g0; g < g1; ++g) {
            const std::size_t at = gen.offset + g * 4;
            const std::uint16_t op = u16(d, at);
            const int lo = static_cast<unsigned char>(d[at + 2]);
            const int hi = static_cast<unsigned char>(d[at + 3]);
            if (op == kGenKeyRange)
                z.keys = {lo, hi};
            else if (op == kGenVelRange)
                z.vels = {lo, hi};
            else if (op == targetGen)
                z.target = u16(d, at + 2);
        }
        out.push_back(z);
    }
    return out;
}

} // namespace

std::vector<KeyLayers> readVelocityLayers(const std::filesystem::path& sf2, int bank, int program) {
    const std::string file = sf2.string();
    std::ifstream in(sf2, std::ios::binary);
    if (!in)
        throw SoundFontError(file + ": cannot open");
    std::vector<char> d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (d.size() < 12 || std::memcmp(d.data(), "RIFF", 4) != 0 ||
        std::memcmp(d.data() + 8, "sfbk", 4) != 0)
        throw SoundFontError(file + ": not a SoundFont 2 file (no RIFF sfbk header)");

    std::map<std::string, Chunk> pdta;
    for (std::size_t off = 12; off + 8 <= d.size();) {
        const std::string id(d.data() + off, 4);
        const std::size_t size = u32(d, off + 4);
        if (off + 8 + size > d.size())
            throw SoundFontError(file + ": chunk " + id + " runs past the end of the file");
        if (id == "LIST" && size >= 4 && std::memcmp(d.data() + off + 8, "pdta", 4) == 0) {
            for (std::size_t sub = off + 12; sub + 8 <= off + 8 + size;) {
                const std::string sid(d.data() + sub, 4);
                const std::size_t ssize = u32(d, sub + 4);
                pdta[sid] = {sub + 8, ssize};
                sub += 8 + ssize + (ssize & 1);
            }
        }
        off += 8 + size + (size & 1);
    }
    for (const char* need : {"phdr", "pbag", "pgen", "inst", "ibag", "igen"})
        if (!pdta.count(need))
            throw SoundFontError(file + ": missing '" + need + "' chunk");

    const Chunk& phdr = pdta["phdr"];
    const std::size_t presets = phdr.size / 38;
    std::size_t presetIndex = presets;
    for (std::size_t p = 0; p + 1 < presets; ++p) {
        const std::size_t at = phdr.offset + p * 38;
        if (u16(d, at + 20) == program && u16(d, at + 22) == bank)
            presetIndex = p;
    }
    if (presetIndex == presets)
        throw SoundFontError(file + ": no preset bank " + std::to_string(bank) + " program " +
                             std::to_string(program));

    std::map<int, std::set<std::pair<int, int>>> layers;
    for (const Zone& pz :
         zones(d, phdr, 38, 24, pdta["pbag"], pdta["pgen"], presetIndex, kGenInstrument, file)) {
        if (pz.target < 0)
            continue;
        for (const Zone& iz : zones(d, pdta["inst"], 22, 20, pdta["ibag"], pdta["igen"],
                                    static_cast<std::size_t>(pz.target), kGenSampleId, file)) {
            if (iz.target < 0)
                continue;
            for (int k = std::max(pz.keys.low, iz.keys.low);
                 k <= std::min(pz.keys.high, iz.keys.high); ++k) {
                const int lo = std::max({pz.vels.low, iz.vels.low, 1});
                const int hi = std::min(pz.vels.high, iz.vels.high);
                if (lo <= hi)
                    layers[k].insert({lo, hi});
            }
        }
    }
    std::vector<KeyLayers> out;
    for (const auto& [key, ranges] : layers) {
        KeyLayers kl;
        kl.key = key;
        for (const auto& [lo, hi] : ranges)
            kl.layers.push_back({lo, hi});
        out.push_back(std::move(kl));
    }
    return out;
}

} // namespace latentrack::models::dataset
