#pragma once
// The tests' tiny attribute-fader models: small enough to build, train a step and run in
// milliseconds (and under qemu), with random weights.

#include "models/rave/RaveModelIo.h"

namespace latentrack::test {

/// capacity 4, latent 4, ratios 4·4, dilations 1 and 3, 4096-sample windows.
inline models::rave::RaveConfig tinyRaveConfig() {
    models::rave::RaveConfig c;
    c.capacity = 4;
    c.latentDim = 4;
    c.ratios = {4, 4};
    c.dilations = {1, 3};
    c.windowSize = 4096;
    c.fftSizes = {512, 256, 128};
    return c;
}

/// A model of `config` with weights from `seed`, and a descriptor range 0 … `max`.
inline models::rave::RaveBundle
tinyRaveBundle(unsigned seed, const std::array<float, 5>& max,
               const models::rave::RaveConfig& config = tinyRaveConfig()) {
    torch::manual_seed(seed);
    models::rave::RaveBundle bundle;
    bundle.model = models::rave::RaveModel(config);
    bundle.range.min = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    bundle.range.max = max;
    return bundle;
}

} // namespace latentrack::test
