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

std::vector<float> GranularGenerator::generate(const core::gen::GenerationRecipe& recipe) {
    if (torch::get_num_threads() != m_threads)
        torch::set_num_threads(m_threads);
    const int cls = m_model->classIndex(recipe.className);
    if (cls < 0)
        throw std::invalid_argument("model " + name() + " has no class '" + recipe.className + "'");
    auto audio =
        recipe.mode == core::gen::GenerationMode::Path
            ? m_model->synthesize(m_model->samplePathLatents(cls, recipe.seed), cls, recipe.seed)
            : m_model->sampleNote(cls, recipe.seed);
    // Like the training examples, a hit peaks at 0.9; the track's gain and the step's velocity
    // set its level in the mix.
    core::dsp::normalisePeak(audio, 0.9f, 1e-4f);
    return audio;
}

} // namespace latentrack::models::granular
