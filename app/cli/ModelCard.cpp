#include "ModelCard.h"

#include <stdexcept>

#include "core/io/AtomicFile.h"

namespace latentrack::app {

std::string trainingDataFolder(const std::filesystem::path& modelDir) {
    const auto j = nlohmann::json::parse(core::io::readFile(modelDir / "model.json"));
    const auto p = j.value("provenance", nlohmann::json::object());
    if (!p.contains("data") || !p["data"].is_string())
        throw std::runtime_error((modelDir / "model.json").string() +
                                 ": no training data recorded; give --data");
    return p["data"].get<std::string>();
}

void writeEvaluation(const std::filesystem::path& modelDir, nlohmann::json evaluation,
                     const std::string& command, const std::string& kind) {
    auto j = nlohmann::json::parse(core::io::readFile(modelDir / "model.json"));
    evaluation["command"] = command;
    j["evaluation"] = evaluation;
    core::io::writeFileAtomically(modelDir / "model.json", j.dump(1) + "\n");
    const nlohmann::json card = {
        {"model", modelDir.filename().string()},
        {"kind", kind},
        {"trainedWith", j.at("provenance").value("command", std::string())},
        {"evaluatedWith", command},
        {"data", j.at("provenance")},
        {"config", j.at("config")},
        {"evaluation", j["evaluation"]}};
    auto kept = card;
    // Analyses written beside the evaluation (writeModelSection) stay on the card.
    if (std::filesystem::exists(modelDir / "card.json")) {
        const auto old = nlohmann::json::parse(core::io::readFile(modelDir / "card.json"));
        for (const auto& [key, value] : old.items())
            if (!kept.contains(key))
                kept[key] = value;
    }
    core::io::writeFileAtomically(modelDir / "card.json", kept.dump(1) + "\n");
}

void writeModelSection(const std::filesystem::path& modelDir, const std::string& key,
                       const nlohmann::json& value, const std::string& command,
                       const nlohmann::json& heldOut) {
    auto j = nlohmann::json::parse(core::io::readFile(modelDir / "model.json"));
    j[key] = value;
    core::io::writeFileAtomically(modelDir / "model.json", j.dump(1) + "\n");
    auto card = std::filesystem::exists(modelDir / "card.json")
                    ? nlohmann::json::parse(core::io::readFile(modelDir / "card.json"))
                    : nlohmann::json{{"model", modelDir.filename().string()}};
    card[key] = {{"command", command}, {"result", value}};
    if (!heldOut.is_null())
        card[key]["heldOut"] = heldOut;
    core::io::writeFileAtomically(modelDir / "card.json", card.dump(1) + "\n");
}

} // namespace latentrack::app
