#include "models/training/ModelFiles.h"

#include "core/io/AtomicFile.h"

namespace latentrack::models::training {

nlohmann::json readModelCard(const std::filesystem::path& folder, const std::string& kind,
                             const std::string& what) {
    const auto path = folder / "model.json";
    if (!std::filesystem::exists(path))
        throw ModelFileError(path.string() + ": not found (not a model folder)");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(core::io::readFile(path));
    } catch (const std::exception& e) {
        throw ModelFileError(path.string() + ": unreadable: " + e.what());
    }
    if (j.value("kind", std::string()) != kind)
        throw ModelFileError(path.string() + ": a \"" + j.value("kind", std::string("?")) +
                             "\" model, not " + what + " model");
    return j;
}

std::string modelName(const std::filesystem::path& folder) {
    const auto normal = folder.lexically_normal();
    return (normal.has_filename() ? normal : normal.parent_path()).filename().string();
}

} // namespace latentrack::models::training
