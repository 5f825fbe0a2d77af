#pragma once
// The interface through which core asks a neural model for a sound, without knowing LibTorch
// (DESIGN.md: core defines the interfaces that model runners in models/ implement).
// Thread: generate() runs on a GenerationService worker, never on the audio thread; an
// implementation is used by one worker at a time.

#include <cstdint>
#include <string>
#include <vector>

namespace latentrack::core::gen {

/// How a sound is drawn from the model ("Neural Granular Sound Synthesis", drum machine):
enum class GenerationMode : std::uint8_t {
    Note,  ///< sample_note: a temporal embedding drawn from the prior of the class
    Path,  ///< sample_path: a random linear path in the grain space of the class
    Drawn, ///< a path drawn in the latent-space explorer: the grain latents are given
};

/// Everything needed to regenerate a sound identically.
struct GenerationRecipe {
    GenerationMode mode = GenerationMode::Note;
    std::string className;  ///< one of SoundGenerator::classes()
    std::uint64_t seed = 0; ///< latent sampling and noise of the filtered-noise decoder
    /// Drawn only: the grain latents z along the path, one vector per grain (each of the
    /// model's latent size), in grain order. Empty for Note and Path.
    std::vector<std::vector<float>> latents;
};

class SoundGenerator {
public:
    virtual ~SoundGenerator() = default;
    /// Class ids the model can generate ("kick", "snare" …).
    virtual std::vector<std::string> classes() const = 0;
    /// Rate of the generated audio in Hz.
    virtual double sampleRate() const = 0;
    /// Short name of the model ("drums8").
    virtual std::string name() const = 0;
    /// Mono audio at sampleRate(). Equal recipes give equal audio. Throws std::invalid_argument
    /// for an unknown class or Drawn latents of the wrong size, std::runtime_error when the
    /// model fails (e.g. NaN output).
    virtual std::vector<float> generate(const GenerationRecipe& recipe) = 0;
};

std::string_view modeName(GenerationMode mode) noexcept; ///< "note" / "path" / "drawn"
bool modeFromName(std::string_view name, GenerationMode& out) noexcept;

} // namespace latentrack::core::gen
