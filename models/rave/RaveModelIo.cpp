#include "models/rave/RaveModelIo.h"

#include "core/io/AtomicFile.h"
#include "models/training/ModelFiles.h"

namespace latentrack::models::rave {

namespace fs = std::filesystem;
using json = nlohmann::json;

void saveRaveModel(const fs::path& folder, const RaveBundle& b) {
    training::saveWeights(folder, b.model);
    std::vector<std::string> names;
    for (int d = 0; d < core::dsp::kNumDescriptors; ++d)
        names.push_back(core::dsp::descriptorName(static_cast<core::dsp::Descriptor>(d)));
    const json j = {{"kind", "rave"},
                    {"version", 1},
                    {"config", b.config()},
                    {"attributes", names},
                    {"descriptorMin", b.range.min},
                    {"descriptorMax", b.range.max},
                    {"binEdges", b.binEdges},
                    {"provenance", b.provenance},
                    {"evaluation", b.evaluation}};
    core::io::writeFileAtomically(folder / "model.json", j.dump(1) + "\n");
}

RaveBundle loadRaveModel(const fs::path& folder) {
    const auto jsonPath = folder / "model.json";
    RaveBundle b;
    try {
        const auto j = training::readModelCard(folder, "rave", "an attribute-fader (rave)");
        try {
            const auto config = j.at("config").get<RaveConfig>();
            b.model = RaveModel(config);
            b.range.min =
                j.at("descriptorMin").get<std::array<float, core::dsp::kNumDescriptors>>();
            b.range.max =
                j.at("descriptorMax").get<std::array<float, core::dsp::kNumDescriptors>>();
            b.binEdges = j.value("binEdges", std::vector<std::vector<float>>{});
            b.provenance = j.value("provenance", json::object());
            b.evaluation = j.value("evaluation", json::object());
        } catch (const training::ModelFileError&) {
            throw;
        } catch (const std::exception& e) {
            throw RaveModelError(jsonPath.string() + ": " + e.what());
        }
        training::loadWeights(folder, b.model);
    } catch (const training::ModelFileError& e) {
        throw RaveModelError(e.what());
    }
    b.model->eval();
    return b;
}

} // namespace latentrack::models::rave
