#pragma once
// core::gen::SoundGenerator backed by a granular model: "sample_note" and "sample_path" of the
// neural drum machine and paths drawn in the latent-space explorer ("drawn", decoded from the
// recipe's grain latents), peak-normalised to 0.9 like the training examples (silence stays
// silent). Thread: as SoundGenerator (one worker at a time).

#include <memory>

#include "core/gen/SoundGenerator.h"
#include "models/granular/GranularModel.h"

namespace latentrack::models::granular {

class GranularGenerator : public core::gen::SoundGenerator {
public:
    /// `threads` LibTorch threads for inference (set on the first generate() call).
    explicit GranularGenerator(std::shared_ptr<GranularModel> model, int threads = 1);

    std::vector<std::string> classes() const override { return m_model->classes(); }
    double sampleRate() const override { return m_model->sampleRate(); }
    std::string name() const override;
    std::vector<float> generate(const core::gen::GenerationRecipe& recipe) override;

    GranularModel& model() { return *m_model; }

private:
    /// The recipe's latents as a series; throws std::invalid_argument when empty or when a
    /// grain's size is not the model's latent size.
    LatentSeries drawnLatents(const core::gen::GenerationRecipe& recipe) const;

    std::shared_ptr<GranularModel> m_model;
    int m_threads;
};

} // namespace latentrack::models::granular
