#include "core/project/ProjectFaders.h"

#include <cmath>

namespace latentrack::core::project {

using json = nlohmann::json;

float boundedNumber(const json& j, const char* key, float fallback, float lo, float hi,
                    const std::string& where) {
    if (!j.contains(key))
        return fallback;
    const json& v = j.at(key);
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo ||
        v.get<double>() > hi)
        throw ProjectError(where + ": \"" + key + "\" must be a number from " + std::to_string(lo) +
                           " to " + std::to_string(hi));
    return v.get<float>();
}

json fadersJson(const FaderState& f) {
    json mods = json::array();
    for (const auto& m : f.modulators)
        mods.push_back({{"shape", control::modShapeName(m.shape)},
                        {"rateHz", m.rateHz},
                        {"amount", m.amount},
                        {"bias", m.bias}});
    json knobs = json::array();
    for (const auto& k : f.knobs)
        knobs.push_back({{"bias", k.bias}, {"scale", k.scale}});
    return {{"model", f.model},         {"sound", f.sound},         {"firstLatent", f.firstLatent},
            {"note", f.note},           {"transpose", f.transpose}, {"positions", f.positions},
            {"modulators", mods},       {"knobs", knobs},           {"forward", f.forward},
            {"syncBeats", f.syncBeats}, {"follow", f.follow}};
}

FaderState fadersFromJson(const json& j, const std::string& where) {
    if (!j.is_object())
        throw ProjectError(where + " must be an object");
    FaderState f;
    f.model = text(j, "model", where);
    f.sound = text(j, "sound", where);
    f.firstLatent = boundedNumber(j, "firstLatent", 0.0f, -1.0f, 1.0f, where);
    f.note = boundedNumber(j, "note", 60.0f, 24.0f, 108.0f, where);
    f.transpose = boundedNumber(j, "transpose", 0.0f, -24.0f, 24.0f, where);
    if (j.contains("positions")) {
        const json& p = j.at("positions");
        if (!p.is_array() || p.size() != f.positions.size())
            throw ProjectError(where + ": \"positions\" must be an array of 5 numbers");
        for (std::size_t i = 0; i < f.positions.size(); ++i) {
            const json one = {{"v", p[i]}};
            f.positions[i] = boundedNumber(one, "v", 0.0f, -1.0f, 1.0f,
                                           where + ": position " + std::to_string(i + 1));
        }
    }
    if (j.contains("modulators")) {
        const json& m = j.at("modulators");
        if (!m.is_array() || m.size() != f.modulators.size())
            throw ProjectError(where + ": \"modulators\" must be an array of 5 objects");
        for (std::size_t i = 0; i < f.modulators.size(); ++i) {
            const std::string w = where + ": modulator " + std::to_string(i + 1);
            if (!m[i].is_object())
                throw ProjectError(w + " must be an object");
            auto& out = f.modulators[i];
            try {
                out.shape = control::modShapeFromName(
                    text(m[i], "shape", w).empty() ? std::string("off") : text(m[i], "shape", w));
            } catch (const std::invalid_argument& e) {
                throw ProjectError(w + ": " + e.what());
            }
            out.rateHz = boundedNumber(m[i], "rateHz", 0.5f, 0.001f, 50.0f, w);
            out.amount = boundedNumber(m[i], "amount", 0.0f, -1.0f, 1.0f, w);
            out.bias = boundedNumber(m[i], "bias", 0.0f, -1.0f, 1.0f, w);
        }
    }
    if (j.contains("syncBeats")) {
        const json& b = j.at("syncBeats");
        if (!b.is_array() || b.size() != f.syncBeats.size())
            throw ProjectError(where + ": \"syncBeats\" must be an array of 5 numbers");
        for (std::size_t i = 0; i < f.syncBeats.size(); ++i) {
            const json one = {{"v", b[i]}};
            f.syncBeats[i] = boundedNumber(one, "v", 0.0f, 0.0f, 64.0f,
                                           where + ": syncBeats " + std::to_string(i + 1));
        }
    }
    if (j.contains("follow")) {
        const json& fo = j.at("follow");
        if (!fo.is_array() || fo.size() != f.follow.size())
            throw ProjectError(where + ": \"follow\" must be an array of 5 file names");
        for (std::size_t i = 0; i < f.follow.size(); ++i) {
            if (!fo[i].is_string())
                throw ProjectError(where + ": follow " + std::to_string(i + 1) +
                                   " must be a file name or \"\"");
            f.follow[i] = fo[i].get<std::string>();
        }
    }
    if (j.contains("knobs")) {
        const json& k = j.at("knobs");
        if (!k.is_array() || k.size() != f.knobs.size())
            throw ProjectError(where + ": \"knobs\" must be an array of 8 objects");
        for (std::size_t i = 0; i < f.knobs.size(); ++i) {
            const std::string w = where + ": knob " + std::to_string(i + 1);
            if (!k[i].is_object())
                throw ProjectError(w + " must be an object");
            f.knobs[i].bias = boundedNumber(k[i], "bias", 0.0f, -4.0f, 4.0f, w);
            f.knobs[i].scale = boundedNumber(k[i], "scale", 1.0f, 0.0f, 2.0f, w);
        }
    }
    if (j.contains("forward")) {
        if (!j.at("forward").is_boolean())
            throw ProjectError(where + ": \"forward\" must be true or false");
        f.forward = j.at("forward").get<bool>();
    }
    return f;
}

} // namespace latentrack::core::project
