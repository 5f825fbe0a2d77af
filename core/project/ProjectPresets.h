#pragma once
// The "presets" part of a project file (Project.h), the preset-inference tab's state, and the
// DX7 voice as JSON for every part that stores one. Thread: any.
//
// "presets": { "model": folder ("" = the first shipped one),
//              "macros": [8 × −1…1], "macroBase": [155 DX7 parameters] (the voice the knobs
//              move from; absent until a knob is turned),
//              "morphA", "morphB": [155] (the interpolation's ends, absent until chosen),
//              "morphSteps": 2–16, "morph": 0…1, "morphIn": "latent" | "parameters" }

#include <array>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/fm/DxVoice.h"

namespace latentrack::core::project {

inline constexpr int kPresetMacros = 8;

struct PresetState {
    std::string model;
    std::array<float, kPresetMacros> macros{};
    std::optional<fm::DxVoice> macroBase;
    std::optional<fm::DxVoice> morphA, morphB;
    int morphSteps = 7;
    float morph = 0.0f;
    bool morphLatent = true;
};

/// A voice as an array of its 155 parameters.
nlohmann::json voiceJson(const fm::DxVoice& voice);
/// Throws ProjectError naming `where` and the parameter for a wrong size, type or value.
fm::DxVoice voiceFromJson(const nlohmann::json& j, const std::string& where);

nlohmann::json presetsJson(const PresetState& presets);
/// Throws ProjectError naming `where` and the field.
PresetState presetsFromJson(const nlohmann::json& j, const std::string& where);

} // namespace latentrack::core::project
