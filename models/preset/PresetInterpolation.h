#pragma once
// Interpolation between two presets, in the model's latent space and naively on the parameters,
// and how smooth the sound is along the way (SPINVAE, Le Vaillant & Dutoit, ICASSP 2023: N steps,
// audio descriptors of each step's rendering, smoothness = RMS of the second difference along
// the steps, nonlinearity = RMS deviation from the straight line between the end points).
//
// Latent (LatentPath), five kinds:
// - EvenPace (the app's): the parameter line from A to B (as naive) walked at an even pace
//   through the model's latent space. The line's voices at 65 even grid steps are rendered and
//   encoded (posterior means); t is the share of the path's length in that space (the sum of
//   the distances between successive means), so that equal steps of t are equal steps of sound
//   as the encoder hears it, not of the parameters. The model chooses where the steps fall, not
//   the voices: every voice on it is one naive interpolation also reaches. (preset-small,
//   100 pairs: smoother than naive on 5 of 7 descriptors on validation, where it was chosen,
//   and on 4 of 7 on test, by the mean over pairs; pair by pair it is smoother on fewer pairs
//   than rougher on 6 of 7, none significantly. The Sound path at the same even pace was
//   rougher than Sound on all 7 on validation, so Sound keeps the model's own pace.)
// - SoundBoxed: z_t = (1 − t)·μ_A + t·μ_B between the encoder's posterior means of the two
//   voices' renderings (where the spectrogram VAE places their sounds), each step regressed by
//   the flow; the regression's residuals at the ends, r = target(A) − flow(μ_A)
//   (invertibleTarget), are blended along, v_t = flow(z_t) + (1 − t)·r_A + t·r_B, so that the
//   ends are A and B exactly and the way between is the model's; then v_t is kept in the box
//   the two voices span: each numeric parameter between its two values, each choice one of the
//   two voices' (it adds nothing that neither voice has, such as a third algorithm or an LFO
//   depth above both).
// - Sound: SoundBoxed, with each parameter going from A's value to B's once, never
//   back: v_t on a grid of 65 steps, each numeric parameter's course replaced by its nearest
//   monotone course (least squares, pool-adjacent-violators), each choice switched once from
//   A's to B's where the model's preference for B's, made monotone the same way, passes ½;
//   between grid steps the vectors are blended linearly. The model decides when and how fast
//   each parameter moves; naive interpolation is the case where all move at one pace.
//   (preset-small, 100 pairs: smoother than SoundBoxed on 6 of 7 descriptors on validation and
//   test, smoother than naive on 1 of 7 on validation and on none on test; the app's path
//   until EvenPace.)
// - SoundUnbounded: SoundBoxed without the box.
// - FlowInverse: z_t between the flow's inverses of the two voices' targets, each regressed.
// Naive: numeric parameters interpolated linearly and rounded, categorical ones switch from A
// to B at t = ½ (the same line as EvenPace, at an even pace through the parameters).
//
// Descriptors, from the rendering's mel power spectrogram (PresetRenderer), frame values
// weighted by frame power: spectral centroid, bandwidth, flatness and 85 % roll-off (Hz or
// ratio), level (dB), attack time (s, to 90 % of the peak frame power) and temporal centroid
// (s). Thread: the caller's (LibTorch and rendering).

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"
#include "models/preset/PresetInference.h"

namespace latentrack::models::preset {

inline constexpr int kInterpolationDescriptors = 7;
using SoundDescriptors = std::array<double, kInterpolationDescriptors>;
const char* interpolationDescriptorName(int d);
/// The index of a descriptor's name (interpolationDescriptorName), −1 for an unknown name.
int interpolationDescriptorIndex(const std::string& name);

/// Descriptors of a log-mel spectrogram made with config's mel settings.
SoundDescriptors soundDescriptors(const core::dsp::LogMel& mel, const PresetConfig& config);

enum class LatentPathKind { EvenPace, Sound, SoundBoxed, SoundUnbounded, FlowInverse };
const char* latentPathKindName(LatentPathKind kind);

/// A way from voice a to voice b through the model's latent space (see above). Built with the
/// model (EvenPace renders and encodes its 65 grid voices: 0.26 s on one core for `small`,
/// BM_LatentPathEvenPace; the Sound kinds render and encode both ends, Sound also runs the flow
/// at its 65 grid steps); voiceAt() then runs the flow once (EvenPace and Sound: no flow).
/// Throws what PresetInferencer throws for a model that does not fit.
class LatentPath {
public:
    LatentPath(PresetInferencer& inf, const core::fm::DxVoice& a, const core::fm::DxVoice& b,
               LatentPathKind kind = LatentPathKind::EvenPace);
    /// The latent point at t ∈ [0, 1] (clamped), [D] (EvenPace: the encoder's means of the grid
    /// voices, blended between the two nearest).
    torch::Tensor latentAt(double t) const;
    /// The voice at t ∈ [0, 1] (clamped); t = 0 and 1 give a and b (named `name`).
    core::fm::DxVoice voiceAt(PresetInferencer& inf, double t, const std::string& name) const;
    /// steps ≥ 2 voices from a to b inclusive, named "MORPH 1" … "MORPH n".
    std::vector<core::fm::DxVoice> steps(PresetInferencer& inf, int steps) const;

private:
    LatentPathKind m_kind;
    core::fm::DxVoice m_a, m_b; ///< the ends (EvenPace)
    torch::Tensor m_za, m_zb;   ///< [D] latent ends (not EvenPace: m_grid's first and last)
    torch::Tensor m_ra, m_rb;   ///< [D] regression residuals at the ends (zero for FlowInverse)
    torch::Tensor m_lo, m_hi;   ///< [D] the box of Sound and SoundBoxed (undefined otherwise)
    /// Sound: the path's regression vectors at kMonotoneGrid even steps, [G, D].
    torch::Tensor m_profile;
    /// EvenPace: the grid voices' latent means [G, D] and their latentPace (G values, 0 … 1).
    torch::Tensor m_grid;
    std::vector<double> m_pace;
    static constexpr int kMonotoneGrid = 65;

    /// The Sound kinds' regression vector at t (boxed when there is a box), [D].
    torch::Tensor boxedVector(PresetInferencer& inf, double t) const;
    void makeMonotone(PresetInferencer& inf, const core::fm::DxVoice& a,
                      const core::fm::DxVoice& b);
};

/// The cumulative length of a path of voices through the model's latent space: each voice
/// rendered and encoded (posterior mean), the Euclidean distances between successive means
/// summed and divided by the total; voices.size() values from 0 to 1 (all t/(n − 1) when the
/// path has no length). latents, when given, receives the means, [n, D]. Thread: the caller's
/// (LibTorch and rendering).
std::vector<double> latentPace(PresetInferencer& inf, const std::vector<core::fm::DxVoice>& voices,
                               torch::Tensor* latents = nullptr);
/// Where a share t ∈ [0, 1] (clamped) of a pace's length is reached, as a position 0 … 1 along
/// its n evenly spaced points, linear between them. pace: non-decreasing, 0 to 1, n ≥ 2.
double positionAtPace(const std::vector<double>& pace, double t);

/// LatentPath(inf, a, b, kind).steps(inf, steps).
std::vector<core::fm::DxVoice> latentInterpolation(PresetInferencer& inf,
                                                   const core::fm::DxVoice& a,
                                                   const core::fm::DxVoice& b, int steps,
                                                   LatentPathKind kind = LatentPathKind::EvenPace);
std::vector<core::fm::DxVoice> naiveInterpolation(const core::fm::DxVoice& a,
                                                  const core::fm::DxVoice& b, int steps);
/// The naive voice at t ∈ [0, 1] (clamped) between a and b; the name is a's before ½, b's after.
core::fm::DxVoice naiveVoiceAt(const core::fm::DxVoice& a, const core::fm::DxVoice& b, double t);

/// For pairs of voices: per descriptor, the mean smoothness and nonlinearity of latent (every
/// kind; "latent" is EvenPace) and of naive interpolation (descriptors standardised over all
/// renderings first), and on how many descriptors each latent kind is smoother than naive; per
/// descriptor and kind also on how many pairs it is smoother and rougher than naive, and the
/// two-sided sign test's p of that split. JSON for the card.
nlohmann::json
compareInterpolations(PresetInferencer& inf,
                      const std::vector<std::pair<core::fm::DxVoice, core::fm::DxVoice>>& pairs,
                      int steps);

} // namespace latentrack::models::preset
