#include "core/kit/DrumClass.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace latentrack::core::kit {

namespace {

constexpr std::array<std::string_view, kDrumClassCount> kDrumIds = {
    "kick", "snare", "clap", "closed_hat", "open_hat", "tom", "crash", "ride"};
constexpr std::array<std::string_view, kDrumClassCount> kDrumNames = {
    "Kick", "Snare", "Clap", "Closed hat", "Open hat", "Tom", "Crash", "Ride"};
constexpr std::array<std::string_view, kDnbClassCount> kDnbIds = {
    "bass", "break", "cymbal", "fx", "hat", "kick", "lead", "pad", "perc", "snare"};
constexpr std::array<std::string_view, kDnbClassCount> kDnbNames = {
    "Bass", "Break", "Cymbal", "Fx", "Hat", "Kick", "Lead", "Pad", "Perc", "Snare"};

// Splits "Sabian Hat-Open2" / "BassDrum" / "tomhi2" into lower-case words:
// sabian, hat, open, 2 / bass, drum / tomhi, 2.
std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty())
            out.push_back(cur);
        cur.clear();
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (!std::isalnum(c)) {
            flush();
            continue;
        }
        if (!cur.empty()) {
            const unsigned char p = static_cast<unsigned char>(s[i - 1]);
            const bool camel = std::isupper(c) && std::islower(p);
            const bool digitEdge = std::isdigit(c) != std::isdigit(p);
            if (camel || digitEdge)
                flush();
        }
        cur.push_back(static_cast<char>(std::tolower(c)));
    }
    flush();
    return out;
}

struct Words {
    std::vector<std::string> w;
    bool has(std::string_view x) const { return std::find(w.begin(), w.end(), x) != w.end(); }
    bool hasPrefix(std::string_view x) const {
        return std::any_of(w.begin(), w.end(),
                           [x](const std::string& s) { return s.starts_with(x); });
    }
    bool any(std::initializer_list<std::string_view> xs) const {
        return std::any_of(xs.begin(), xs.end(), [this](std::string_view x) { return has(x); });
    }
    bool anyPrefix(std::initializer_list<std::string_view> xs) const {
        return std::any_of(xs.begin(), xs.end(),
                           [this](std::string_view x) { return hasPrefix(x); });
    }
    bool followedBy(std::string_view a, std::string_view b) const {
        for (std::size_t i = 0; i + 1 < w.size(); ++i)
            if (w[i] == a && w[i + 1] == b)
                return true;
        return false;
    }
};

} // namespace

std::string_view name(DrumClass c) noexcept {
    return kDrumIds[static_cast<int>(c)];
}
std::string_view name(DnbClass c) noexcept {
    return kDnbIds[static_cast<int>(c)];
}
std::string_view displayName(DrumClass c) noexcept {
    return kDrumNames[static_cast<int>(c)];
}
std::string_view displayName(DnbClass c) noexcept {
    return kDnbNames[static_cast<int>(c)];
}

std::optional<DrumClass> drumClassFromName(std::string_view id) noexcept {
    for (int i = 0; i < kDrumClassCount; ++i)
        if (kDrumIds[i] == id)
            return static_cast<DrumClass>(i);
    return std::nullopt;
}

std::optional<DnbClass> dnbClassFromName(std::string_view id) noexcept {
    for (int i = 0; i < kDnbClassCount; ++i)
        if (kDnbIds[i] == id)
            return static_cast<DnbClass>(i);
    return std::nullopt;
}

DnbClass toDnb(DrumClass c) noexcept {
    switch (c) {
    case DrumClass::Kick:
        return DnbClass::Kick;
    case DrumClass::Snare:
        return DnbClass::Snare;
    case DrumClass::ClosedHat:
    case DrumClass::OpenHat:
        return DnbClass::Hat;
    case DrumClass::Crash:
    case DrumClass::Ride:
        return DnbClass::Cymbal;
    case DrumClass::Clap:
    case DrumClass::Tom:
        return DnbClass::Perc;
    }
    return DnbClass::Perc;
}

InstrumentClass classifyInstrument(std::string_view instrumentName) {
    const Words w{words(instrumentName)};
    InstrumentClass r;
    auto drum = [&](DrumClass c) {
        r.drums8 = c;
        r.dnb10 = toDnb(c);
        return r;
    };
    if (w.w.empty())
        return r;

    // Hand percussion first: "Djembe1 Bass" is a djembe, not a bass drum.
    if (w.anyPrefix({"djembe", "sangban", "dununba", "kenkeni", "conga", "bongo", "cajon",
                     "tambourine", "agogo", "clave", "woodblock", "maraca", "shaker", "cowbell",
                     "triangle", "guiro", "timbale", "cabasa", "waterglass"}) ||
        w.any({"stick", "rim", "snap", "snaps"})) {
        r.dnb10 = DnbClass::Perc;
        return r;
    }
    if (w.any({"fx", "zap", "whistle", "noise", "sweep", "laser"})) {
        r.dnb10 = DnbClass::Fx;
        return r;
    }
    // Rolls, swishes and the like are not single hits.
    if (w.any({"roll", "swish", "flam", "choke"}))
        return r;

    const bool hat = w.any({"hat", "hh", "hihat", "chh", "ohh"});
    if (hat) {
        const bool open = w.any({"open", "opened", "op", "ohh"}) && !w.has("semi");
        const bool closed = w.any({"closed", "close", "cl", "chh", "pedal", "pd"});
        r.dnb10 = DnbClass::Hat;
        if (open != closed)
            r.drums8 = open ? DrumClass::OpenHat : DrumClass::ClosedHat;
        return r;
    }
    const bool crash = w.any({"crash", "splash", "china"});
    const bool ride = w.has("ride");
    if (crash || ride || w.any({"cymbal", "bell"})) {
        r.dnb10 = DnbClass::Cymbal;
        if (crash != ride)
            r.drums8 = crash ? DrumClass::Crash : DrumClass::Ride;
        return r;
    }
    if (w.any({"kick", "kik", "bd", "bassdrum"}) || w.followedBy("bass", "drum"))
        return drum(DrumClass::Kick);
    if (w.any({"snare", "sd"}))
        return drum(DrumClass::Snare);
    if (w.any({"clap", "claps", "handclap"}))
        return drum(DrumClass::Clap);
    if (w.hasPrefix("tom"))
        return drum(DrumClass::Tom);
    return r;
}

} // namespace latentrack::core::kit
