#pragma once
// Paths as the model cards record them: relative to the directory the command runs in (the
// repository, for the shipped models), so that a recorded command works on any checkout.
// Thread: any. Reads the current directory.

#include <filesystem>
#include <string>

namespace latentrack::app {

/// `path` relative to the current directory when it lies inside it (an absolute path typed
/// into the repository's own `data/` folder becomes `data/…`); otherwise as given, normalised.
inline std::string recordedPath(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path given(path);
    if (given.is_absolute()) {
        const fs::path rel = fs::proximate(given, fs::current_path(ec), ec);
        if (!ec && !rel.empty() && *rel.begin() != "..")
            return rel.lexically_normal().string();
    }
    return given.lexically_normal().string();
}

} // namespace latentrack::app
