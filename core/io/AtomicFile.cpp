#include "core/io/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace latentrack::core::io {

namespace {
std::string errnoText() {
    return std::strerror(errno);
}
} // namespace

void writeFileAtomically(const std::filesystem::path& path, const std::string& contents) {
    std::error_code ec;
    if (path.has_parent_path())
        std::filesystem::create_directories(path.parent_path(), ec);
    std::string tmp = path.string() + ".tmp-XXXXXX";
    const int fd = mkstemp(tmp.data());
    if (fd < 0)
        throw FileError(path.string() + ": cannot create temporary file: " + errnoText());
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string why = errnoText();
            ::close(fd);
            ::unlink(tmp.c_str());
            throw FileError(path.string() + ": write failed: " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = errnoText();
        ::unlink(tmp.c_str());
        throw FileError(path.string() + ": flush failed: " + why);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = errnoText();
        ::unlink(tmp.c_str());
        throw FileError(path.string() + ": rename failed: " + why);
    }
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError(path.string() + ": cannot open: " + errnoText());
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw FileError(path.string() + ": read failed");
    return ss.str();
}

} // namespace latentrack::core::io
