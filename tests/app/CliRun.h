#pragma once
// Running latentrack-cli from a test as a user would: the arguments after the program name,
// stdout and stderr into a log file; and reading a file back as text.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace latentrack::test {

/// Exit status of `latentrack-cli <args>` (a shell command line), output written to log.
inline int runCli(const std::string& args, const std::filesystem::path& log) {
    const std::string cmd =
        std::string(LATENTRACK_CLI) + " " + args + " > '" + log.string() + "' 2>&1";
    return std::system(cmd.c_str());
}

inline std::string fileText(const std::filesystem::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace latentrack::test
