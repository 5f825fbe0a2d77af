#pragma once
// What Debian's package database says about the packages our data comes from, so that datasets
// are built from one package's files whatever else is installed, and record the versions they
// came from. Reads dpkg's own files (/var/lib/dpkg/info/<package>.list and
// /var/lib/dpkg/status; another root for tests). Thread: any. Throws nothing.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace latentrack::core::io {

/// The paths a package installed (its .list file, in dpkg's order); empty when the package is
/// not installed or the database cannot be read. `arch` qualified names ("pkg:amd64") are tried
/// too.
std::vector<std::filesystem::path>
packageFiles(const std::string& package, const std::filesystem::path& dpkgDir = "/var/lib/dpkg");

/// The installed version of a package ("2017.09.19-1"), empty when it is not installed.
std::string packageVersion(const std::string& package,
                           const std::filesystem::path& dpkgDir = "/var/lib/dpkg");

/// package → installed version ("" when not installed), for a dataset's manifest.
std::map<std::string, std::string> packageVersions(const std::vector<std::string>& packages);

} // namespace latentrack::core::io
