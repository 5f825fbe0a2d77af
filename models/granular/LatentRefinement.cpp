#include "models/granular/LatentRefinement.h"

#include <ATen/CPUGeneratorImpl.h>
#include <stdexcept>
#include <string>

#include "models/granular/SpectralLoss.h"

namespace latentrack::models::granular {

namespace {

std::vector<int> sizesUpTo(const std::vector<int>& sizes, int64_t length) {
    std::vector<int> kept;
    for (int n : sizes)
        if (n <= length)
            kept.push_back(n);
    return kept;
}

} // namespace

torch::Tensor refineLatents(GrainVaeImpl& vae, const torch::Tensor& audio,
                            const torch::Tensor& classes, const torch::Tensor& z0,
                            const RefineOptions& options, const RefineProgress& progress) {
    const auto& c = vae.config();
    if (z0.dim() != 3 || z0.size(2) != c.latentDim || z0.size(1) < 1)
        throw std::invalid_argument("refineLatents: z must be [B, N, " +
                                    std::to_string(c.latentDim) + "]");
    const auto length = (z0.size(1) - 1) * c.hop + c.grainSize;
    if (audio.dim() != 2 || audio.size(0) != z0.size(0) || audio.size(1) != length)
        throw std::invalid_argument("refineLatents: audio must be [B, (N−1)·hop + grainSize] = [" +
                                    std::to_string(z0.size(0)) + ", " + std::to_string(length) +
                                    "]");
    if (classes.dim() != 1 || classes.size(0) != z0.size(0))
        throw std::invalid_argument("refineLatents: classes must be [B]");
    if (options.steps < 0 || options.steps > 10000 || !(options.learningRate > 0.0))
        throw std::invalid_argument("refineLatents: steps must be 0 … 10000 and the learning "
                                    "rate positive");

    // Callers may hold inference tensors (eval runs in InferenceMode): leave it, and copy the
    // inputs into ordinary tensors that autograd can use.
    c10::InferenceMode normalMode(false);
    torch::AutoGradMode grad(true);
    auto z = z0.detach().to(torch::kFloat32).clone();
    if (options.steps == 0)
        return z;
    const MultiScaleSpectralLoss loss(sizesUpTo(c.fftSizes, length),
                                      sizesUpTo(c.melFftSizes, length), c.sampleRate, c.melMinHz,
                                      z.device());
    const auto target = audio.detach().to(z.device(), torch::kFloat32).clone();
    const auto cls = classes.to(z.device()).clone();
    std::optional<at::Generator> noise;
    if (z.device().is_cpu())
        noise = at::detail::createCPUGenerator(options.seed);
    z.set_requires_grad(true);
    torch::optim::Adam adam({z}, torch::optim::AdamOptions(options.learningRate));
    for (int step = 1; step <= options.steps; ++step) {
        const auto terms = loss(target, vae.decode(z, cls, noise));
        const auto prior = 0.5 * c.beta * z.pow(2).sum(-1).mean();
        const auto objective = terms.spectral + terms.mel + prior;
        // Gradient with respect to z only: the weights' .grad stay untouched.
        auto g = torch::autograd::grad({objective}, {z})[0];
        z.mutable_grad() = g;
        adam.step();
        if (progress && !progress(step, options.steps))
            break;
    }
    return z.detach();
}

} // namespace latentrack::models::granular
