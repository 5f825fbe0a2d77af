#pragma once
// Where a fader's travel lands in a model's normalised attribute range. The attributes are
// normalised by the training data's [min, max] (core::dsp::DescriptorRange), which for a skewed
// descriptor puts the middle of the range on sounds the data hardly has (the percussion set's
// centroid at 0 lies above its 94th percentile). A fader, a modulator and the module's CV play
// in travel instead: −1 is the data's minimum, 0 its median, +1 its maximum, linear on each
// side, so that a fader at rest (and 0 V at the module's jacks) is the typical sound of the
// data and the full travel still reaches both extremes.
// The median comes from the equal-population bin edges stored with the model (the latent
// discriminator's bins): the middle edge. A model without edges (an old model.json, an
// attribute beyond them) keeps the identity: travel = normalised value.
// Thread: any (plain data, pure functions).

#include <array>
#include <vector>

#include "core/dsp/Descriptors.h"

namespace latentrack::models::rave {

class FaderScale {
public:
    /// The identity on every attribute.
    FaderScale() = default;
    /// From the bin edges per attribute (normalised, ascending, as RaveBundle::binEdges): the
    /// centre of attribute d is its middle edge, kept inside (−0.95, 0.95) so that both halves
    /// of the travel move the sound.
    explicit FaderScale(const std::vector<std::vector<float>>& binEdges);

    /// Normalised attribute value (−1 … 1) at `travel` (clamped to −1 … 1) of attribute `a`
    /// (0 … 4; another index: the identity, clamped).
    float toAttribute(int a, float travel) const;
    /// The inverse: the travel (−1 … 1) at normalised value `value` (clamped to −1 … 1).
    float toTravel(int a, float value) const;
    /// The normalised value a fader at rest plays (the median; 0 without edges).
    float centre(int a) const;

private:
    std::array<float, core::dsp::kNumDescriptors> m_centre{};
};

} // namespace latentrack::models::rave
