// Paths written into model cards are relative to the directory the command runs in, so that a
// recorded command works on another checkout (app/cli/RecordedPath.h).

#include <filesystem>

#include <gtest/gtest.h>

#include "app/cli/RecordedPath.h"

namespace fs = std::filesystem;
using latentrack::app::recordedPath;

TEST(RecordedPath, AbsolutePathsInsideTheWorkingDirectoryBecomeRelative) {
    const fs::path before = fs::current_path();
    const fs::path root = fs::temp_directory_path() / "latentrack-recorded-path";
    fs::create_directories(root / "data" / "drums");
    fs::current_path(root);
    EXPECT_EQ(recordedPath((root / "data" / "drums").string()), "data/drums");
    EXPECT_EQ(recordedPath((root / "data" / ".." / "models" / "x").string()), "models/x");
    EXPECT_EQ(recordedPath("data/drums"), "data/drums") << "relative paths stay as given";
    EXPECT_EQ(recordedPath("/usr/share/hexter"), "/usr/share/hexter") << "outside: unchanged";
    fs::current_path(before);
    fs::remove_all(root);
}
