#include "ModelCard.h"

#include "core/io/AtomicFile.h"

namespace latentrack::app {

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
    core::io::writeFileAtomically(modelDir / "card.json", card.dump(1) + "\n");
}

} // namespace latentrack::app
