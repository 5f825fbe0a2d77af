#include "models/granular/GranularModel.h"

#include <ATen/CPUGeneratorImpl.h>

#include "models/granular/GranularModelImpl.h"
#include "models/granular/LatentRefinement.h"

namespace latentrack::models::granular {

namespace {

at::Generator generator(std::uint64_t seed) {
    return at::detail::createCPUGenerator(seed);
}

LatentSeries toSeries(const torch::Tensor& z) { // [N, z]
    const auto c = z.detach().to(torch::kCPU).contiguous();
    LatentSeries s;
    s.numGrains = static_cast<int>(c.size(0));
    s.latentDim = static_cast<int>(c.size(1));
    s.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return s;
}

torch::Tensor fromSeries(const LatentSeries& s) {
    if (s.numGrains < 1 || static_cast<int>(s.values.size()) != s.numGrains * s.latentDim)
        throw std::invalid_argument("latent series: values do not match numGrains × latentDim");
    return torch::from_blob(const_cast<float*>(s.values.data()), {s.numGrains, s.latentDim},
                            torch::kFloat32)
        .clone();
}

} // namespace

GranularModel::Impl::Impl(const GranularConfig& c, std::vector<std::string> cls)
    : config(c), classes(std::move(cls)) {
    grain = GrainVae(config, numClasses());
    series = LatentSeriesVae(config, numClasses());
    latentMean = torch::zeros({numClasses(), config.latentDim});
    latentStd = torch::ones({numClasses(), config.latentDim});
}

torch::Tensor GranularModel::Impl::classTensor(int classIndex) const {
    if (classIndex < 0 || classIndex >= numClasses())
        throw std::out_of_range("granular model: class index " + std::to_string(classIndex) +
                                " outside 0 … " + std::to_string(numClasses() - 1));
    return torch::full({1}, classIndex, torch::kLong);
}

GranularModel::GranularModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
GranularModel::~GranularModel() = default;

const GranularConfig& GranularModel::config() const {
    return m_impl->config;
}
const std::vector<std::string>& GranularModel::classes() const {
    return m_impl->classes;
}
const GrainMap& GranularModel::grainMap() const {
    return m_impl->map;
}
const std::filesystem::path& GranularModel::folder() const {
    return m_impl->folder;
}

int GranularModel::classIndex(const std::string& name) const {
    for (std::size_t i = 0; i < m_impl->classes.size(); ++i)
        if (m_impl->classes[i] == name)
            return static_cast<int>(i);
    return -1;
}

LatentSeries GranularModel::sampleNoteLatents(int classIndex, std::uint64_t seed,
                                              float temperature) {
    c10::InferenceMode guard;
    const auto cls = m_impl->classTensor(classIndex);
    const auto e = torch::randn({1, m_impl->config.embeddingDim}, generator(seed)) * temperature;
    return toSeries(m_impl->series->decode(e, cls, m_impl->config.numGrains)[0]);
}

std::vector<float> GranularModel::sampleNote(int classIndex, std::uint64_t seed,
                                             float temperature) {
    return synthesize(sampleNoteLatents(classIndex, seed, temperature), classIndex, seed);
}

LatentSeries GranularModel::samplePathLatents(int classIndex, std::uint64_t seed) {
    c10::InferenceMode guard;
    m_impl->classTensor(classIndex);
    const auto gen = generator(seed);
    const auto mean = m_impl->latentMean[classIndex];
    const auto std = m_impl->latentStd[classIndex];
    const auto a = mean + std * torch::randn(mean.sizes(), gen);
    const auto b = mean + std * torch::randn(mean.sizes(), gen);
    const auto t = torch::linspace(0.0, 1.0, m_impl->config.numGrains).unsqueeze(1);
    return toSeries(a.unsqueeze(0) * (1.0 - t) + b.unsqueeze(0) * t);
}

LatentSeries GranularModel::morphLatents(int classIndex, std::uint64_t seedA, std::uint64_t seedB,
                                         float t) {
    c10::InferenceMode guard;
    const auto cls = m_impl->classTensor(classIndex);
    const int e = m_impl->config.embeddingDim;
    const auto a = torch::randn({1, e}, generator(seedA));
    const auto b = torch::randn({1, e}, generator(seedB));
    return toSeries(
        m_impl->series->decode(a * (1.0f - t) + b * t, cls, m_impl->config.numGrains)[0]);
}

std::vector<float> GranularModel::synthesize(const LatentSeries& z, int classIndex,
                                             std::uint64_t seed) {
    c10::InferenceMode guard;
    const auto cls = m_impl->classTensor(classIndex);
    if (z.latentDim != m_impl->config.latentDim)
        throw std::invalid_argument("latent series has " + std::to_string(z.latentDim) +
                                    " dimensions, the model " +
                                    std::to_string(m_impl->config.latentDim));
    return tensorToVector(
        m_impl->grain->decode(fromSeries(z).unsqueeze(0), cls, generator(seed))[0]);
}

LatentSeries GranularModel::encode(const std::vector<float>& audio, int classIndex,
                                   const RefineOptions& refine, const RefineProgress& progress) {
    // Plain tensors without gradient (not inference tensors): refinement differentiates
    // through the decoder with them.
    torch::NoGradGuard guard;
    const auto cls = m_impl->classTensor(classIndex);
    const auto& c = m_impl->config;
    const auto length = static_cast<std::int64_t>(audio.size());
    const std::int64_t grains =
        length <= c.grainSize ? 1 : (length - c.grainSize + c.hop - 1) / c.hop + 1;
    auto x = torch::zeros({1, (grains - 1) * c.hop + c.grainSize});
    if (length > 0)
        x.narrow(1, 0, length)
            .copy_(
                torch::from_blob(const_cast<float*>(audio.data()), {1, length}, torch::kFloat32));
    const auto mu = m_impl->grain->encode(x, cls).mean;
    if (refine.steps == 0)
        return toSeries(mu[0]);
    return toSeries(refineLatents(*m_impl->grain, x, cls, mu, refine, progress)[0]);
}

std::vector<float> GranularModel::grainMagnitudes(const float* z, int classIndex) {
    c10::InferenceMode guard;
    const auto cls = m_impl->classTensor(classIndex);
    const auto zt =
        torch::from_blob(const_cast<float*>(z), {1, 1, m_impl->config.latentDim}, torch::kFloat32);
    return tensorToVector(m_impl->grain->decodeMagnitudes(zt, cls)[0][0]);
}

std::vector<float> GrainMap::project(const float* z, int latentDim) const {
    std::vector<float> out(static_cast<std::size_t>(numComponents), 0.0f);
    for (int k = 0; k < numComponents; ++k)
        for (int d = 0; d < latentDim; ++d)
            out[static_cast<std::size_t>(k)] +=
                (z[d] - mean[static_cast<std::size_t>(d)]) *
                components[static_cast<std::size_t>(k * latentDim + d)];
    return out;
}

std::vector<float> GrainMap::unproject(const std::vector<float>& coords, int latentDim) const {
    std::vector<float> z(mean.begin(), mean.end());
    z.resize(static_cast<std::size_t>(latentDim), 0.0f);
    for (int k = 0; k < numComponents && k < static_cast<int>(coords.size()); ++k)
        for (int d = 0; d < latentDim; ++d)
            z[static_cast<std::size_t>(d)] +=
                coords[static_cast<std::size_t>(k)] *
                components[static_cast<std::size_t>(k * latentDim + d)];
    return z;
}

} // namespace latentrack::models::granular
