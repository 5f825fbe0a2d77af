#pragma once
// The "faders" part of a project file (Project.h), read and written apart from the rest.
// Thread: any.

#include <string>

#include <nlohmann/json.hpp>

#include "core/project/Project.h"

namespace latentrack::core::project {

/// The string `key` of `j`, empty when absent; ProjectError naming `where` when it is not a
/// string. Shared by every part of the project reader.
std::string text(const nlohmann::json& j, const char* key, const std::string& where);
/// The number `key` of `j` in [lo, hi], `fallback` when absent; ProjectError naming `where`
/// and the range otherwise.
float boundedNumber(const nlohmann::json& j, const char* key, float fallback, float lo, float hi,
                    const std::string& where);

nlohmann::json fadersJson(const FaderState& faders);
/// Throws ProjectError naming `where` and the field when a value is missing its type or range.
FaderState fadersFromJson(const nlohmann::json& j, const std::string& where);

} // namespace latentrack::core::project
