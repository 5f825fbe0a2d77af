#pragma once
// A trained neural granular synthesizer (grain VAE + latent-series VAE) loaded from its folder:
//   model.json       format "latentrack-granular" version 1: config, classes, per-class grain
//                    latent mean/std (for sample_path), training provenance
//   grain_vae.pt     LibTorch weights of the grain VAE
//   series_vae.pt    LibTorch weights of the latent-series VAE
//   grain_map.json   PCA of the training grains (see GrainMap) for the latent-space explorer
//   card.json        how it was trained and its held-out metrics (not read here)
// No LibTorch type appears in this header. Audio is mono float at sampleRate() Hz.
// Thread: every method runs LibTorch and must be called from a worker or the GUI thread,
// never the audio thread. No method changes the networks' weights (refinement differentiates
// with respect to z only), so calls from several threads may overlap: the drum machine's
// generation worker, the explorer's refinement worker and the GUI do. Not internally locked.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/granular/GranularConfig.h"

namespace latentrack::models::granular {

class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A z series: numGrains rows of latentDim values, row-major.
struct LatentSeries {
    int numGrains = 0;
    int latentDim = 0;
    std::vector<float> values; ///< [numGrains × latentDim]
    const float* grain(int i) const {
        return values.data() + static_cast<std::size_t>(i) * latentDim;
    }
};

/// Latent refinement of a resynthesis (LatentRefinement.h): after the encoder, `steps` Adam
/// steps of size `learningRate` on the z series lower the training objective for that sound.
struct RefineOptions {
    int steps = 0;             ///< 0 (the encoder's μ alone) … 10000
    double learningRate = 0.1; ///< Adam step size, latent units
    std::uint64_t seed = 1;    ///< excitation noise drawn during the steps
};

/// Refinement steps of a resynthesis in the latent explorer and in `eval granular`.
inline constexpr int kResynthesisRefineSteps = 100;

/// Called after each refinement step with (steps done, steps in all), on the thread that
/// refines; return false to stop early (the z reached so far is kept).
using RefineProgress = std::function<bool(int done, int total)>;

/// The training grains projected on their principal components.
struct GrainMap {
    int numComponents = 0;
    std::vector<float> mean;       ///< [latentDim]
    std::vector<float> components; ///< [numComponents × latentDim], unit rows, by variance
    std::vector<float> explained;  ///< variance ratio per component
    std::vector<float> points;     ///< [numPoints × numComponents]
    std::vector<int> pointClass;   ///< [numPoints]
    int numPoints() const { return static_cast<int>(pointClass.size()); }
    /// Projects one latent [latentDim] on the components → [numComponents].
    std::vector<float> project(const float* z, int latentDim) const;
    /// Maps a point in component space back to a latent: mean + Σ c_k · component_k.
    std::vector<float> unproject(const std::vector<float>& coords, int latentDim) const;
};

class GranularModel {
public:
    /// Loads a model folder. Throws ModelError naming the file and what is wrong: missing folder
    /// or file, corrupt JSON, unknown format/version, weights that do not match model.json.
    static std::unique_ptr<GranularModel> load(const std::filesystem::path& dir);
    ~GranularModel();
    GranularModel(const GranularModel&) = delete;
    GranularModel& operator=(const GranularModel&) = delete;

    const GranularConfig& config() const;
    const std::vector<std::string>& classes() const;
    int sampleRate() const { return config().sampleRate; }
    /// Index of class id `name`, or −1.
    int classIndex(const std::string& name) const;
    const GrainMap& grainMap() const;
    const std::filesystem::path& folder() const;

    /// "sample_note": draws a temporal embedding e ~ N(0, temperature²·I) with `seed`, decodes
    /// it to a z series and synthesises it. Returns config().exampleLength() samples.
    /// Throws std::out_of_range for a bad class.
    std::vector<float> sampleNote(int classIndex, std::uint64_t seed, float temperature = 1.0f);
    /// The z series sampleNote() would synthesise.
    LatentSeries sampleNoteLatents(int classIndex, std::uint64_t seed, float temperature = 1.0f);
    /// "sample_path": a random linear path of numGrains grains between two latents drawn from
    /// the class's grain statistics (mean ± std per dimension, seeded).
    LatentSeries samplePathLatents(int classIndex, std::uint64_t seed);
    /// Linear interpolation between two temporal embeddings drawn with seedA and seedB, at
    /// position t ∈ [0, 1] ("morphing"), decoded to a z series.
    LatentSeries morphLatents(int classIndex, std::uint64_t seedA, std::uint64_t seedB, float t);

    /// Synthesises a z series of any length ≥ 1 grain: (N−1)·hop + grainSize samples. The noise
    /// excitation is drawn with `seed`, so equal inputs give equal audio.
    std::vector<float> synthesize(const LatentSeries& z, int classIndex, std::uint64_t seed);

    /// Encodes audio at sampleRate() (any length; padded to whole grains) to its μ series, then
    /// refines it (RefineOptions; steps = 0: μ alone). About 20 ms per step and second of audio
    /// on one core (small). Throws std::out_of_range for a bad class, std::invalid_argument for
    /// bad options.
    LatentSeries encode(const std::vector<float>& audio, int classIndex,
                        const RefineOptions& refine = {}, const RefineProgress& progress = {});

    /// Filter magnitudes for one grain latent [latentDim] → [grainSize/2+1] (for streaming decode).
    std::vector<float> grainMagnitudes(const float* z, int classIndex);

    struct Impl;
    /// The LibTorch networks (models/granular/GranularModelImpl.h).
    Impl& impl() { return *m_impl; }

private:
    explicit GranularModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace latentrack::models::granular
