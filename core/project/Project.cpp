#include "core/project/Project.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/control/MidiInput.h"
#include "core/fm/DxPacking.h"
#include "core/io/AtomicFile.h"
#include "core/project/ProjectFaders.h"
#include "core/project/ProjectPresets.h"
#include "core/seq/StepClock.h"

namespace latentrack::core::project {

using nlohmann::json;

std::string text(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key))
        return {};
    if (!j.at(key).is_string())
        throw ProjectError(where + ": \"" + key + "\" must be a string");
    return j.at(key).get<std::string>();
}

namespace {

const char* layoutId(seq::TrackLayout l) {
    return l == seq::TrackLayout::Drums8 ? "drums8" : "dnb10";
}

template <typename T>
T number(const json& j, const char* key, T fallback, T lo, T hi, const std::string& where) {
    if (!j.contains(key))
        return fallback;
    const json& v = j.at(key);
    if (!v.is_number())
        throw ProjectError(where + ": \"" + key + "\" must be a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
        throw ProjectError(where + ": \"" + key + "\" = " + v.dump() + " is outside " +
                           std::to_string(lo) + " … " + std::to_string(hi));
    return static_cast<T>(d);
}

bool boolean(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key))
        return false;
    if (!j.at(key).is_boolean())
        throw ProjectError(where + ": \"" + key + "\" must be true or false");
    return j.at(key).get<bool>();
}

/// A drawn path's grain latents: 1 … 4096 grains of equal size (1 … 1024), finite numbers.
std::vector<std::vector<float>> drawnLatents(const json& nj, const std::string& where) {
    const std::string lw = where + ": \"latents\"";
    if (!nj.contains("latents") || !nj.at("latents").is_array() || nj.at("latents").empty() ||
        nj.at("latents").size() > 4096)
        throw ProjectError(lw + " must be an array of 1 … 4096 grain latents");
    std::vector<std::vector<float>> out;
    for (const json& grain : nj.at("latents")) {
        if (!grain.is_array() || grain.empty() || grain.size() > 1024)
            throw ProjectError(lw + ": grain " + std::to_string(out.size()) +
                               " must be an array of 1 … 1024 numbers");
        if (!out.empty() && grain.size() != out.front().size())
            throw ProjectError(lw + ": grain " + std::to_string(out.size()) + " has " +
                               std::to_string(grain.size()) + " values, grain 0 has " +
                               std::to_string(out.front().size()));
        std::vector<float> z;
        z.reserve(grain.size());
        for (const json& v : grain) {
            if (!v.is_number() || !std::isfinite(v.get<double>()))
                throw ProjectError(lw + ": grain " + std::to_string(out.size()) +
                                   " holds a value that is not a finite number");
            z.push_back(v.get<float>());
        }
        out.push_back(std::move(z));
    }
    return out;
}

json fmJson(const FmState& fm) {
    return {{"voice", voiceJson(fm.voice)},
            {"bank", fm.bank},
            {"voiceNumber", fm.voiceNumber},
            {"polyphony", fm.polyphony},
            {"gainDb", fm.gainDb}};
}

json midiJson(const MidiSettings& m) {
    return {{"input", m.input},         {"output", m.output},
            {"fmChannel", m.fmChannel}, {"drumChannel", m.drumChannel},
            {"drumNotes", m.drumNotes}, {"mappings", control::toJson(m.mappings)}};
}

FmState fmFromJson(const json& j, const std::string& where) {
    if (!j.is_object())
        throw ProjectError(where + " must be an object");
    FmState fm;
    if (j.contains("voice"))
        fm.voice = voiceFromJson(j.at("voice"), where + ": \"voice\"");
    fm.bank = text(j, "bank", where);
    fm.voiceNumber = number(j, "voiceNumber", 0, 0, 100000, where);
    fm.polyphony = number(j, "polyphony", 16, 1, 64, where);
    fm.gainDb = number(j, "gainDb", 0.0f, -60.0f, 12.0f, where);
    return fm;
}

/// Missing fields keep their defaults; drum notes default to the layout's General MIDI notes.
MidiSettings midiFromJson(const json& j, seq::TrackLayout layout, const std::string& where) {
    if (!j.is_object())
        throw ProjectError(where + " must be an object");
    MidiSettings m;
    m.drumNotes = control::defaultDrumNotes(layout);
    m.input = text(j, "input", where);
    m.output = text(j, "output", where);
    m.fmChannel = number(j, "fmChannel", 0, 0, 16, where);
    m.drumChannel = number(j, "drumChannel", 10, 0, 16, where);
    if (j.contains("drumNotes")) {
        const json& n = j.at("drumNotes");
        if (!n.is_array() || n.size() > static_cast<std::size_t>(seq::kMaxTracks))
            throw ProjectError(where + ": \"drumNotes\" must be an array of ≤ 10 notes");
        for (std::size_t t = 0; t < n.size(); ++t) {
            if (!n[t].is_number_integer() || n[t].get<int>() < -1 || n[t].get<int>() > 127)
                throw ProjectError(where + ": drum note of track " + std::to_string(t + 1) +
                                   " must be −1 or 0–127");
            m.drumNotes[t] = n[t].get<int>();
        }
    }
    if (j.contains("mappings")) {
        try {
            m.mappings = control::mappingsFromJson(j.at("mappings"));
        } catch (const std::invalid_argument& e) {
            throw ProjectError(where + ": " + e.what());
        }
    }
    return m;
}

} // namespace

MidiSettings::MidiSettings() : drumNotes(control::defaultDrumNotes(seq::TrackLayout::Drums8)) {}

Project newProject(seq::TrackLayout layout, const Project& current) {
    Project p;
    p.pattern.layout = layout;
    p.midi.drumNotes = control::defaultDrumNotes(layout);
    p.kit = current.kit;
    p.audio = current.audio;
    p.oscPort = current.oscPort;
    if (layout == seq::TrackLayout::Drums8) {
        p.tracks[3].chokeGroup = 1; // closed and open hat choke each other
        p.tracks[4].chokeGroup = 1;
    }
    return p;
}

std::string toJson(const Project& p) {
    json tracks = json::array();
    for (int t = 0; t < p.pattern.numTracks(); ++t) {
        const auto& ts = p.tracks[t];
        json vel = json::array();
        for (int s = 0; s < p.pattern.numSteps; ++s)
            vel.push_back(static_cast<int>(std::lround(p.pattern.velocity[t][s] * 127.0f)));
        json tj = {{"instrument", ts.instrument},
                   {"gainDb", ts.gainDb},
                   {"pan", ts.pan},
                   {"mute", ts.mute},
                   {"solo", ts.solo},
                   {"chokeGroup", ts.chokeGroup},
                   {"polyphony", ts.polyphony},
                   {"velocities", vel}};
        if (ts.neural) {
            tj["neural"] = {{"mode", gen::modeName(ts.neural->mode)},
                            {"class", ts.neural->className},
                            {"seed", ts.neural->seed}};
            if (ts.neural->mode == gen::GenerationMode::Drawn)
                tj["neural"]["latents"] = ts.neural->latents;
        }
        tj["keepNeural"] = ts.keepNeural;
        tracks.push_back(tj);
    }
    const json j = {
        {"version", kProjectVersion},
        {"name", p.name},
        {"layout", layoutId(p.pattern.layout)},
        {"bpm", p.bpm},
        {"swing", p.swing},
        {"steps", p.pattern.numSteps},
        {"masterGainDb", p.masterGainDb},
        {"kit", p.kit},
        {"tracks", tracks},
        {"audio",
         {{"api", p.audio.api},
          {"device", p.audio.device},
          {"sampleRate", p.audio.sampleRate},
          {"bufferFrames", p.audio.bufferFrames}}},
        {"osc", {{"port", p.oscPort}}},
        {"fm", fmJson(p.fm)},
        {"midi", midiJson(p.midi)},
        {"neural", {{"model", p.neural.model}, {"autoEveryLoops", p.neural.autoEveryLoops}}},
        {"faders", fadersJson(p.faders)},
        {"presets", presetsJson(p.presets)}};
    return j.dump(2) + "\n";
}

Project projectFromJson(const std::string& textIn, const std::string& origin) {
    json j;
    try {
        j = json::parse(textIn);
    } catch (const json::parse_error& e) {
        throw ProjectError(origin + ": not valid JSON (byte " + std::to_string(e.byte) +
                           "): " + e.what());
    }
    if (!j.is_object())
        throw ProjectError(origin + ": a project must be a JSON object");
    if (!j.contains("version") || !j.at("version").is_number_integer())
        throw ProjectError(origin + ": missing integer \"version\"; not a LatentRack project");
    const int version = j.at("version").get<int>();
    if (version > kProjectVersion)
        throw ProjectError(origin + ": written by a newer LatentRack (format version " +
                           std::to_string(version) + "; this build reads up to " +
                           std::to_string(kProjectVersion) + ")");
    if (version < 1)
        throw ProjectError(origin + ": invalid format version " + std::to_string(version));

    Project p;
    p.name = text(j, "name", origin);
    const std::string layout = j.contains("layout") ? text(j, "layout", origin) : "drums8";
    if (layout == "drums8")
        p.pattern.layout = seq::TrackLayout::Drums8;
    else if (layout == "dnb10")
        p.pattern.layout = seq::TrackLayout::DrumAndBass10;
    else
        throw ProjectError(origin + ": unknown \"layout\" \"" + layout + "\" (drums8 or dnb10)");
    p.bpm = number(j, "bpm", 120.0, seq::kMinBpm, seq::kMaxBpm, origin);
    p.swing = number(j, "swing", 0.5, seq::kMinSwing, seq::kMaxSwing, origin);
    p.pattern.numSteps = number(j, "steps", seq::kDefaultSteps, 1, seq::kMaxSteps, origin);
    p.masterGainDb = number(j, "masterGainDb", 0.0f, -60.0f, 12.0f, origin);
    p.kit = text(j, "kit", origin);

    if (j.contains("tracks")) {
        const json& tracks = j.at("tracks");
        if (!tracks.is_array() || static_cast<int>(tracks.size()) > seq::kMaxTracks)
            throw ProjectError(origin + ": \"tracks\" must be an array of at most 10 tracks");
        for (int t = 0; t < static_cast<int>(tracks.size()); ++t) {
            const json& tj = tracks[t];
            const std::string where = origin + ": track " + std::to_string(t + 1);
            if (!tj.is_object())
                throw ProjectError(where + " must be an object");
            auto& ts = p.tracks[t];
            ts.instrument = text(tj, "instrument", where);
            ts.gainDb = number(tj, "gainDb", 0.0f, -60.0f, 12.0f, where);
            ts.pan = number(tj, "pan", 0.0f, -1.0f, 1.0f, where);
            ts.mute = boolean(tj, "mute", where);
            ts.solo = boolean(tj, "solo", where);
            ts.chokeGroup = number(tj, "chokeGroup", 0, 0, 8, where);
            ts.polyphony = number(tj, "polyphony", 4, 1, 16, where);
            if (tj.contains("neural")) {
                const json& nj = tj.at("neural");
                const std::string nw = where + ": neural";
                if (!nj.is_object())
                    throw ProjectError(nw + " must be an object");
                gen::GenerationRecipe r;
                if (!gen::modeFromName(text(nj, "mode", nw), r.mode))
                    throw ProjectError(nw + ": \"mode\" must be \"note\", \"path\" or \"drawn\"");
                r.className = text(nj, "class", nw);
                if (r.className.empty())
                    throw ProjectError(nw + ": \"class\" is missing");
                if (!nj.contains("seed") || !nj.at("seed").is_number_unsigned())
                    throw ProjectError(nw + ": \"seed\" must be a non-negative integer");
                r.seed = nj.at("seed").get<std::uint64_t>();
                if (r.mode == gen::GenerationMode::Drawn)
                    r.latents = drawnLatents(nj, nw);
                ts.neural = r;
            }
            ts.keepNeural = boolean(tj, "keepNeural", where);
            if (tj.contains("velocities")) {
                const json& v = tj.at("velocities");
                if (!v.is_array() || static_cast<int>(v.size()) > seq::kMaxSteps)
                    throw ProjectError(where + ": \"velocities\" must be an array of ≤ 64 numbers");
                for (int s = 0; s < static_cast<int>(v.size()); ++s) {
                    if (!v[s].is_number_integer() || v[s].get<int>() < 0 || v[s].get<int>() > 127)
                        throw ProjectError(where + ", step " + std::to_string(s + 1) +
                                           ": velocity must be an integer 0–127");
                    p.pattern.velocity[t][s] = static_cast<float>(v[s].get<int>()) / 127.0f;
                }
            }
        }
    }
    if (j.contains("audio")) {
        const json& a = j.at("audio");
        const std::string where = origin + ": audio";
        if (!a.is_object())
            throw ProjectError(where + " must be an object");
        p.audio.api = text(a, "api", where);
        p.audio.device = text(a, "device", where);
        p.audio.sampleRate = number(a, "sampleRate", 48000, 8000, 384000, where);
        p.audio.bufferFrames = number(a, "bufferFrames", 256, 32, 2048, where);
    }
    if (j.contains("osc")) {
        if (!j.at("osc").is_object())
            throw ProjectError(origin + ": osc must be an object");
        p.oscPort = number(j.at("osc"), "port", 9000, 1024, 65535, origin + ": osc");
    }
    if (j.contains("fm"))
        p.fm = fmFromJson(j.at("fm"), origin + ": fm");
    if (j.contains("faders"))
        p.faders = fadersFromJson(j.at("faders"), origin + ": faders");
    if (j.contains("presets"))
        p.presets = presetsFromJson(j.at("presets"), origin + ": presets");
    if (j.contains("neural")) {
        const json& nj = j.at("neural");
        if (!nj.is_object())
            throw ProjectError(origin + ": neural must be an object");
        if (nj.contains("model"))
            p.neural.model = text(nj, "model", origin + ": neural");
        p.neural.autoEveryLoops = number(nj, "autoEveryLoops", 0, 0, 64, origin + ": neural");
    }
    p.midi = midiFromJson(j.value("midi", json::object()), p.pattern.layout, origin + ": midi");
    return p;
}

Project loadProject(const std::filesystem::path& path) {
    std::string contents;
    try {
        contents = io::readFile(path);
    } catch (const io::FileError& e) {
        throw ProjectError(e.what());
    }
    return projectFromJson(contents, path.string());
}

void saveProject(const std::filesystem::path& path, const Project& project) {
    try {
        io::writeFileAtomically(path, toJson(project));
    } catch (const io::FileError& e) {
        throw ProjectError(e.what());
    }
}

} // namespace latentrack::core::project
