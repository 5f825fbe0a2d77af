#include "core/project/ProjectPresets.h"

#include <cmath>

#include "core/fm/SysEx.h"
#include "core/project/Project.h"
#include "core/project/ProjectFaders.h"

namespace latentrack::core::project {

using json = nlohmann::json;

json voiceJson(const fm::DxVoice& voice) {
    return std::vector<int>(voice.params.begin(), voice.params.end());
}

fm::DxVoice voiceFromJson(const json& v, const std::string& where) {
    if (!v.is_array() || v.size() != static_cast<std::size_t>(fm::kVoiceParams))
        throw ProjectError(where + " must be an array of 155 DX7 parameters");
    fm::DxVoice voice;
    for (int i = 0; i < fm::kVoiceParams; ++i) {
        if (!v[static_cast<std::size_t>(i)].is_number_integer())
            throw ProjectError(where + ": parameter " + std::to_string(i) + " is not an integer");
        const int value = v[static_cast<std::size_t>(i)].get<int>();
        if (value < 0 || value > 127)
            throw ProjectError(where + ": parameter " + std::to_string(i) + " (" +
                               fm::paramName(i) + ") = " + std::to_string(value));
        voice.params[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value);
    }
    try {
        fm::validateVoice(voice);
    } catch (const fm::SysExError& e) {
        throw ProjectError(where + ": parameter " + std::to_string(e.byteOffset()) + ": " +
                           e.what());
    }
    return voice;
}

json presetsJson(const PresetState& p) {
    json j = {{"model", p.model},
              {"macros", p.macros},
              {"morphSteps", p.morphSteps},
              {"morph", p.morph},
              {"morphIn", p.morphLatent ? "latent" : "parameters"}};
    if (p.macroBase)
        j["macroBase"] = voiceJson(*p.macroBase);
    if (p.morphA)
        j["morphA"] = voiceJson(*p.morphA);
    if (p.morphB)
        j["morphB"] = voiceJson(*p.morphB);
    return j;
}

PresetState presetsFromJson(const json& j, const std::string& where) {
    if (!j.is_object())
        throw ProjectError(where + " must be an object");
    PresetState p;
    p.model = text(j, "model", where);
    if (j.contains("macros")) {
        const json& m = j.at("macros");
        if (!m.is_array() || m.size() != p.macros.size())
            throw ProjectError(where + ": \"macros\" must be an array of 8 numbers");
        for (std::size_t i = 0; i < p.macros.size(); ++i)
            p.macros[i] = boundedNumber(json{{"v", m[i]}}, "v", 0.0f, -1.0f, 1.0f,
                                        where + ": macro " + std::to_string(i + 1));
    }
    if (j.contains("macroBase"))
        p.macroBase = voiceFromJson(j.at("macroBase"), where + ": \"macroBase\"");
    if (j.contains("morphA"))
        p.morphA = voiceFromJson(j.at("morphA"), where + ": \"morphA\"");
    if (j.contains("morphB"))
        p.morphB = voiceFromJson(j.at("morphB"), where + ": \"morphB\"");
    p.morphSteps = static_cast<int>(boundedNumber(j, "morphSteps", 7.0f, 2.0f, 16.0f, where));
    p.morph = boundedNumber(j, "morph", 0.0f, 0.0f, 1.0f, where);
    const std::string in = text(j, "morphIn", where);
    if (!in.empty() && in != "latent" && in != "parameters")
        throw ProjectError(where + ": \"morphIn\" must be \"latent\" or \"parameters\"");
    p.morphLatent = in != "parameters";
    return p;
}

} // namespace latentrack::core::project
