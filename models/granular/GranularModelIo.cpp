// Reading and writing the model folder (see GranularModel.h) and the PCA grain map.
#include <fstream>

#include "core/io/AtomicFile.h"
#include "models/granular/GranularModelImpl.h"

namespace latentrack::models::granular {

namespace {

torch::Tensor fromRows(const nlohmann::json& rows, int numRows, int numCols, const char* what) {
    if (!rows.is_array() || static_cast<int>(rows.size()) != numRows)
        throw ModelError(std::string(what) + " must have " + std::to_string(numRows) + " rows");
    auto t = torch::zeros({numRows, numCols});
    for (int r = 0; r < numRows; ++r) {
        const auto row = rows[static_cast<std::size_t>(r)].get<std::vector<float>>();
        if (static_cast<int>(row.size()) != numCols)
            throw ModelError(std::string(what) + " rows must have " + std::to_string(numCols) +
                             " values");
        t[r] = torch::tensor(row);
    }
    return t;
}

nlohmann::json toRows(const torch::Tensor& t) {
    auto rows = nlohmann::json::array();
    for (int r = 0; r < t.size(0); ++r)
        rows.push_back(tensorToVector(t[r]));
    return rows;
}

template <typename Module> void saveModule(Module& module, const std::filesystem::path& path) {
    const auto tmp = path.string() + ".tmp";
    torch::save(module, tmp);
    std::filesystem::rename(tmp, path);
}

template <typename Module> void loadModule(Module& module, const std::filesystem::path& path) {
    if (!std::filesystem::exists(path))
        throw ModelError(path.string() + ": missing (the model folder is incomplete)");
    // LibTorch replaces each tensor by the stored one, whatever its shape: check the shapes.
    std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
    for (const auto& p : module->named_parameters())
        expected.emplace_back(p.key(), p.value().sizes().vec());
    try {
        torch::load(module, path.string());
        const auto loaded = module->named_parameters();
        for (const auto& [name, shape] : expected)
            if (loaded[name].sizes().vec() != shape)
                throw ModelError(path.string() + ": weights do not match model.json (" + name +
                                 " has shape " + c10::str(loaded[name].sizes()) + ", expected " +
                                 c10::str(c10::IntArrayRef(shape)) + ")");
    } catch (const c10::Error& e) {
        const std::string msg = e.what_without_backtrace();
        throw ModelError(path.string() +
                         ": weights do not match model.json or the file is corrupt (" +
                         msg.substr(0, msg.find('\n')) + ")");
    }
}

nlohmann::json mapToJson(const GrainMap& m) {
    return {{"numComponents", m.numComponents}, {"mean", m.mean},     {"components", m.components},
            {"explained", m.explained},         {"points", m.points}, {"pointClass", m.pointClass}};
}

GrainMap mapFromJson(const nlohmann::json& j, int latentDim) {
    GrainMap m;
    j.at("numComponents").get_to(m.numComponents);
    j.at("mean").get_to(m.mean);
    j.at("components").get_to(m.components);
    j.at("explained").get_to(m.explained);
    j.at("points").get_to(m.points);
    j.at("pointClass").get_to(m.pointClass);
    const auto k = static_cast<std::size_t>(m.numComponents);
    if (m.mean.size() != static_cast<std::size_t>(latentDim) ||
        m.components.size() != k * static_cast<std::size_t>(latentDim) ||
        m.points.size() != k * m.pointClass.size())
        throw ModelError("grain_map.json: sizes do not match the model");
    return m;
}

} // namespace

std::unique_ptr<GranularModel> GranularModel::load(const std::filesystem::path& dir) {
    const auto jsonPath = dir / "model.json";
    if (!std::filesystem::is_directory(dir))
        throw ModelError(dir.string() + ": no such model folder");
    if (!std::filesystem::exists(jsonPath))
        throw ModelError(jsonPath.string() + ": missing (not a LatentRack granular model folder)");
    nlohmann::json j;
    GranularConfig config;
    std::vector<std::string> classes;
    try {
        j = nlohmann::json::parse(core::io::readFile(jsonPath));
        if (j.value("format", std::string()) != kModelFormat)
            throw ModelError("format is not \"" + std::string(kModelFormat) + "\"");
        if (j.value("version", 0) != kModelFormatVersion)
            throw ModelError("version " + std::to_string(j.value("version", 0)) +
                             " is not supported (this build reads version " +
                             std::to_string(kModelFormatVersion) + ")");
        config = j.at("config").get<GranularConfig>();
        config.validate();
        classes = j.at("classes").get<std::vector<std::string>>();
        if (classes.empty())
            throw ModelError("no classes");
    } catch (const ModelError& e) {
        throw ModelError(jsonPath.string() + ": " + e.what());
    } catch (const std::exception& e) {
        throw ModelError(jsonPath.string() + ": " + e.what());
    }
    auto impl = std::make_unique<Impl>(config, classes);
    impl->folder = dir;
    impl->provenance = j.value("provenance", nlohmann::json::object());
    try {
        impl->latentMean =
            fromRows(j.at("latentMean"), impl->numClasses(), config.latentDim, "latentMean");
        impl->latentStd =
            fromRows(j.at("latentStd"), impl->numClasses(), config.latentDim, "latentStd");
    } catch (const std::exception& e) {
        throw ModelError(jsonPath.string() + ": " + e.what());
    }
    loadModule(impl->grain, dir / "grain_vae.pt");
    loadModule(impl->series, dir / "series_vae.pt");
    impl->grain->eval();
    impl->series->eval();
    const auto mapPath = dir / "grain_map.json";
    if (std::filesystem::exists(mapPath)) {
        try {
            impl->map =
                mapFromJson(nlohmann::json::parse(core::io::readFile(mapPath)), config.latentDim);
        } catch (const std::exception& e) {
            throw ModelError(mapPath.string() + ": " + e.what());
        }
    }
    return std::unique_ptr<GranularModel>(new GranularModel(std::move(impl)));
}

void saveModelFolder(GranularModel::Impl& model, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    saveModule(model.grain, dir / "grain_vae.pt");
    saveModule(model.series, dir / "series_vae.pt");
    const nlohmann::json j = {{"format", kModelFormat},
                              {"version", kModelFormatVersion},
                              {"config", model.config},
                              {"classes", model.classes},
                              {"latentMean", toRows(model.latentMean)},
                              {"latentStd", toRows(model.latentStd)},
                              {"provenance", model.provenance}};
    core::io::writeFileAtomically(dir / "model.json", j.dump(1) + "\n");
    core::io::writeFileAtomically(dir / "grain_map.json", mapToJson(model.map).dump() + "\n");
    model.folder = dir;
}

GrainMap computeGrainMap(const torch::Tensor& latents, const std::vector<int>& pointClass,
                         int numComponents, int maxPoints) {
    torch::NoGradGuard noGrad;
    const auto m = latents.size(0);
    const auto dim = latents.size(1);
    const auto mean = latents.mean(0);
    const auto centred = latents - mean;
    const auto cov = torch::matmul(centred.t(), centred) / std::max<int64_t>(1, m - 1);
    const auto [values, vectors] = torch::linalg::eigh(cov, "L"); // ascending
    const int k = static_cast<int>(std::min<int64_t>(numComponents, dim));
    const auto top = vectors.flip({1}).narrow(1, 0, k).t().contiguous(); // [k, dim]
    const auto topValues = values.flip({0}).narrow(0, 0, k);
    GrainMap map;
    map.numComponents = k;
    map.mean = tensorToVector(mean);
    map.components = tensorToVector(top);
    map.explained = tensorToVector(topValues / values.sum().clamp_min(1e-12));
    const int64_t stride = std::max<int64_t>(1, (m + maxPoints - 1) / maxPoints);
    const auto idx = torch::arange(0, m, stride);
    map.points = tensorToVector(torch::matmul(centred.index_select(0, idx), top.t()));
    for (int64_t i = 0; i < idx.size(0); ++i)
        map.pointClass.push_back(pointClass[static_cast<std::size_t>(idx[i].item<int64_t>())]);
    return map;
}

} // namespace latentrack::models::granular
