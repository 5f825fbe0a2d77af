#include "models/preset/PresetModelIo.h"

#include "core/io/AtomicFile.h"
#include "models/preset/PresetRepresentation.h"
#include "models/training/ModelFiles.h"

namespace latentrack::models::preset {

namespace fs = std::filesystem;
using json = nlohmann::json;

void savePresetModel(const fs::path& folder, const PresetBundle& b) {
    training::saveWeights(folder, b.model);
    const json j = {{"kind", "preset"},
                    {"version", 1},
                    {"config", b.config()},
                    {"vectorSize", b.model->vectorSize()},
                    {"representation", "NumCat++ (DAFx21): 90 numeric, 54 categorical"},
                    {"provenance", b.provenance},
                    {"evaluation", b.evaluation},
                    {"macros", b.macros}};
    core::io::writeFileAtomically(folder / "model.json", j.dump(1) + "\n");
}

PresetBundle loadPresetModel(const fs::path& folder) {
    const auto jsonPath = folder / "model.json";
    PresetBundle b;
    try {
        const auto j = training::readModelCard(folder, "preset", "a preset-inference (preset)");
        const int want = PresetRepresentation::shared().vectorSize();
        try {
            const int size = j.at("vectorSize").get<int>();
            if (size != want)
                throw std::invalid_argument("regression vector of " + std::to_string(size) +
                                            " values; this build's representation has " +
                                            std::to_string(want));
            b.model = PresetModel(j.at("config").get<PresetConfig>(), size);
            b.provenance = j.value("provenance", json::object());
            b.evaluation = j.value("evaluation", json::object());
            b.macros = j.value("macros", json::array());
            if (!b.macros.is_array())
                throw std::invalid_argument("\"macros\" must be a list");
        } catch (const std::exception& e) {
            throw PresetModelError(jsonPath.string() + ": " + e.what());
        }
        training::loadWeights(folder, b.model);
    } catch (const training::ModelFileError& e) {
        throw PresetModelError(e.what());
    }
    b.model->eval();
    return b;
}

} // namespace latentrack::models::preset
