#include "core/io/DebianPackages.h"

#include <fstream>

namespace latentrack::core::io {

namespace fs = std::filesystem;

std::vector<fs::path> packageFiles(const std::string& package, const fs::path& dpkgDir) {
    std::vector<fs::path> files;
    for (const std::string& name : {package, package + ":amd64", package + ":arm64"}) {
        std::ifstream in(dpkgDir / "info" / (name + ".list"));
        if (!in)
            continue;
        for (std::string line; std::getline(in, line);)
            if (!line.empty())
                files.emplace_back(line);
        break;
    }
    return files;
}

std::string packageVersion(const std::string& package, const fs::path& dpkgDir) {
    std::ifstream in(dpkgDir / "status");
    // Stanzas separated by blank lines: Package, Status, …, Version.
    bool mine = false, installed = false;
    std::string version;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) {
            if (mine && installed)
                return version;
            mine = installed = false;
            version.clear();
        } else if (line.rfind("Package: ", 0) == 0) {
            mine = line.substr(9) == package;
        } else if (line.rfind("Status: ", 0) == 0) {
            installed = line.find(" installed") != std::string::npos;
        } else if (line.rfind("Version: ", 0) == 0) {
            version = line.substr(9);
        }
    }
    return mine && installed ? version : std::string();
}

std::map<std::string, std::string> packageVersions(const std::vector<std::string>& packages) {
    std::map<std::string, std::string> out;
    for (const auto& p : packages)
        out[p] = packageVersion(p);
    return out;
}

} // namespace latentrack::core::io
