#include "models/preset/PresetAugment.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/fm/Algorithms.h"
#include "models/preset/PresetRepresentation.h"

namespace latentrack::models::preset {

namespace fm = core::fm;

namespace {

constexpr int kOpBlock = fm::kNumOperators * fm::kOperatorParams; // 126

bool isSymmetry(const fm::Algorithm& a, const OperatorPermutation& p) {
    for (int op = 1; op <= 6; ++op) {
        const int to = p[static_cast<std::size_t>(op - 1)];
        if (a.isCarrier(op) != a.isCarrier(to))
            return false;
        for (int m = 1; m <= 6; ++m)
            if (a.modulates(m, op) != a.modulates(p[static_cast<std::size_t>(m - 1)], to))
                return false;
    }
    return p[static_cast<std::size_t>(a.feedbackFrom - 1)] == a.feedbackFrom &&
           p[static_cast<std::size_t>(a.feedbackTo - 1)] == a.feedbackTo;
}

std::array<std::vector<OperatorPermutation>, 32> buildSymmetries() {
    std::array<std::vector<OperatorPermutation>, 32> all;
    for (int n = 1; n <= 32; ++n) {
        OperatorPermutation p{1, 2, 3, 4, 5, 6};
        while (std::next_permutation(p.begin(), p.end()))
            if (isSymmetry(fm::algorithm(n), p))
                all[static_cast<std::size_t>(n - 1)].push_back(p);
    }
    return all;
}

int clampTo(int index, long value) {
    return static_cast<int>(std::clamp<long>(value, 0, fm::paramMax(index)));
}

} // namespace

fm::DxVoice mutate(const fm::DxVoice& voice, double strength, std::mt19937_64& rng) {
    strength = std::clamp(strength, 0.01, 1.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> g(0.0, 1.0);
    const double p = 0.35 * strength;
    fm::DxVoice out = voice;
    const auto algorithmIndex = static_cast<int>(fm::VoiceParam::Algorithm);
    for (int i = 0; i < PresetRepresentation::kLearnable; ++i) {
        if (i == algorithmIndex) {
            if (strength >= 0.5 && u(rng) < (strength - 0.5) / 5.0)
                out.params[static_cast<std::size_t>(i)] =
                    static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, 31)(rng));
            continue;
        }
        if (u(rng) >= p)
            continue;
        const int max = fm::paramMax(i);
        const long old = out.params[static_cast<std::size_t>(i)];
        long next = old;
        if (max >= 32) // a 0 … 99 value: a Gaussian step
            next = old + std::lround(g(rng) * (4.0 + 20.0 * strength));
        else if (max <= 7 && u(rng) < 0.5) // a small choice: any value
            next = std::uniform_int_distribution<int>(0, max)(rng);
        else // coarse, detune, rate scaling …: a step or two
            next = old + (u(rng) < 0.5 ? -1 : 1) * (1 + static_cast<long>(u(rng) < strength));
        out.params[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(clampTo(i, next));
    }
    return out;
}

fm::DxVoice crossover(const fm::DxVoice& a, const fm::DxVoice& b, std::mt19937_64& rng) {
    const auto alg = static_cast<std::size_t>(fm::VoiceParam::Algorithm);
    if (a.params[alg] != b.params[alg])
        throw std::invalid_argument("crossover: the voices have different algorithms");
    std::bernoulli_distribution coin(0.5);
    fm::DxVoice out = a;
    for (int op = 1; op <= 6; ++op)
        if (coin(rng))
            for (int k = 0; k < fm::kOperatorParams; ++k) {
                const auto i = static_cast<std::size_t>(fm::DxVoice::opOffset(op) + k);
                out.params[i] = b.params[i];
            }
    // Voice-wide groups: pitch EG (126 … 133), feedback and key sync (135, 136), LFO (137 …
    // 143).
    const int groups[3][2] = {{126, 134}, {135, 137}, {137, 144}};
    for (const auto& r : groups)
        if (coin(rng))
            for (int i = r[0]; i < r[1]; ++i)
                out.params[static_cast<std::size_t>(i)] = b.params[static_cast<std::size_t>(i)];
    return out;
}

const std::vector<OperatorPermutation>& algorithmSymmetries(int algorithm) {
    static const auto all = buildSymmetries();
    return all[static_cast<std::size_t>(std::clamp(algorithm, 1, 32) - 1)];
}

fm::DxVoice permute(const fm::DxVoice& voice, const OperatorPermutation& perm) {
    fm::DxVoice out = voice;
    for (int op = 1; op <= 6; ++op) {
        const int to = perm[static_cast<std::size_t>(op - 1)];
        for (int k = 0; k < fm::kOperatorParams; ++k)
            out.params[static_cast<std::size_t>(fm::DxVoice::opOffset(to) + k)] =
                voice.params[static_cast<std::size_t>(fm::DxVoice::opOffset(op) + k)];
    }
    static_assert(kOpBlock == 126);
    return out;
}

} // namespace latentrack::models::preset
