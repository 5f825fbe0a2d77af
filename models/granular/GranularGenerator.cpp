#include "models/granular/GranularGenerator.h"

#include <stdexcept>

#include <torch/torch.h>

#include "core/dsp/Gain.h"

namespace latentrack::models::granular {

GranularGenerator::GranularGenerator(std::shared_ptr<GranularModel> model, int threads)
    : m_model(std::move(model)), m_threads(threads) {}

std::string GranularGenerator::name() const {
    return m_model->folder().filename().string();
}

LatentSeries GranularGenerator::drawnLatents(const core::gen::GenerationRecipe& recipe) const {
    const int dim = m_model->config().latentDim;
    if (recipe.latents.empty())
        throw std::invalid_argument("a drawn path needs at least one grain latent");
    LatentSeries z;
    z.numGrains = static_cast<int>(recipe.latents.size());
    z.latentDim = dim;
    z.values.reserve(recipe.latents.size() * static_cast<std::size_t>(dim));
    for (const auto& grain : recipe.latents) {
        if (static_cast<int>(grain.size()) != dim)
            throw std::invalid_argument("the drawn path has latents of size " +
                                        std::to_string(grain.size()) + "; model " + name() +
                                        " expects " + std::to_string(dim));
        z.values.insert(z.values.end(), grain.begin(), grain.end());
    }
    return z;
}

std::vector<float> GranularGenerator::generate(const core::gen::GenerationRecipe& recipe) {
    if (torch::get_num_threads() != m_threads)
        torch::set_num_threads(m_threads);
    const int cls = m_model->classIndex(recipe.className);
    if (cls < 0)
        throw std::invalid_argument("model " + name() + " has no class '" + recipe.className + "'");
    std::vector<float> audio;
    switch (recipe.mode) {
    case core::gen::GenerationMode::Path:
        audio = m_model->synthesize(m_model->samplePathLatents(cls, recipe.seed), cls, recipe.seed);
        break;
    case core::gen::GenerationMode::Drawn:
        audio = m_model->synthesize(drawnLatents(recipe), cls, recipe.seed);
        break;
    case core::gen::GenerationMode::Note:
        audio = m_model->sampleNote(cls, recipe.seed);
        break;
    }
    // Like the training examples, a hit peaks at 0.9; the track's gain and the step's velocity
    // set its level in the mix.
    core::dsp::normalisePeak(audio, 0.9f, 1e-4f);
    return audio;
}

} // namespace latentrack::models::granular
