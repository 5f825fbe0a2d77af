#pragma once
// Crash-safe file writing: the text goes to a temporary file beside the target, is flushed to
// disk (fsync), then renamed over the target, so a reader sees the old or the new file, never
// half of one. Thread: any non-realtime thread.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace latentrack::core::io {

class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Atomically replaces `path` with `contents`; creates parent folders. Throws FileError.
void writeFileAtomically(const std::filesystem::path& path, const std::string& contents);

/// Reads a whole file. Throws FileError when it cannot be opened or read.
std::string readFile(const std::filesystem::path& path);

} // namespace latentrack::core::io
