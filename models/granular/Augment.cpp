#include "models/granular/Augment.h"

#include <random>
#include <vector>

namespace latentrack::models::granular {

torch::Tensor resampleRows(const torch::Tensor& audio, const torch::Tensor& semitones) {
    const auto length = audio.size(1);
    const auto rate = torch::pow(2.0, semitones.to(audio.options()) / 12.0).unsqueeze(1);
    const auto position = torch::arange(length, audio.options()).unsqueeze(0) * rate; // [B, T]
    const auto inside = position <= static_cast<double>(length - 1);
    const auto left = position.floor().clamp_max(static_cast<double>(length - 1));
    const auto frac = position - left;
    const auto i0 = left.to(torch::kLong);
    const auto i1 = (i0 + 1).clamp_max(length - 1);
    const auto y = audio.gather(1, i0) * (1.0 - frac) + audio.gather(1, i1) * frac;
    return y * inside.to(audio.dtype());
}

torch::Tensor randomSemitones(std::uint64_t seed, int64_t rows, double range,
                              torch::Device device) {
    std::mt19937_64 rng(seed ^ 0x5bd1e9955bd1e995ULL);
    std::uniform_real_distribution<float> shift(static_cast<float>(-range),
                                                static_cast<float>(range));
    std::vector<float> s(static_cast<std::size_t>(rows));
    for (auto& v : s)
        v = shift(rng);
    return torch::tensor(s).to(device);
}

} // namespace latentrack::models::granular
