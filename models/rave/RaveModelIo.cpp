#include "models/rave/RaveModelIo.h"

#include <map>

#include "core/io/AtomicFile.h"

namespace latentrack::models::rave {

namespace fs = std::filesystem;
using json = nlohmann::json;

void saveRaveModel(const fs::path& folder, const RaveBundle& b) {
    fs::create_directories(folder);
    const auto tmp = folder / "weights.pt.tmp";
    torch::save(b.model, tmp.string());
    fs::rename(tmp, folder / "weights.pt");
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
    const auto weights = folder / "weights.pt";
    if (!fs::exists(jsonPath))
        throw RaveModelError(jsonPath.string() + ": not found (not a model folder)");
    json j;
    try {
        j = json::parse(core::io::readFile(jsonPath));
    } catch (const std::exception& e) {
        throw RaveModelError(jsonPath.string() + ": unreadable: " + e.what());
    }
    if (j.value("kind", std::string()) != "rave")
        throw RaveModelError(jsonPath.string() + ": a \"" + j.value("kind", std::string("?")) +
                             "\" model, not an attribute-fader (rave) model");
    RaveBundle b;
    try {
        const auto config = j.at("config").get<RaveConfig>();
        b.model = RaveModel(config);
        b.range.min = j.at("descriptorMin").get<std::array<float, core::dsp::kNumDescriptors>>();
        b.range.max = j.at("descriptorMax").get<std::array<float, core::dsp::kNumDescriptors>>();
        b.binEdges = j.value("binEdges", std::vector<std::vector<float>>{});
        b.provenance = j.value("provenance", json::object());
        b.evaluation = j.value("evaluation", json::object());
    } catch (const std::exception& e) {
        throw RaveModelError(jsonPath.string() + ": " + e.what());
    }
    if (!fs::exists(weights))
        throw RaveModelError(weights.string() + ": not found");
    std::map<std::string, std::vector<int64_t>> expected;
    for (const auto& p : b.model->named_parameters())
        expected[p.key()] = p.value().sizes().vec();
    try {
        torch::load(b.model, weights.string());
    } catch (const std::exception& e) {
        throw RaveModelError(weights.string() + ": does not fit the model in model.json (" +
                             std::string(e.what()).substr(0, 200) + ")");
    }
    for (const auto& p : b.model->named_parameters())
        if (p.value().sizes().vec() != expected[p.key()])
            throw RaveModelError(weights.string() + ": does not fit the model in model.json (" +
                                 p.key() + " has another shape)");
    b.model->eval();
    return b;
}

} // namespace latentrack::models::rave
