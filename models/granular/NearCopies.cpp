#include "models/granular/NearCopies.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace latentrack::models::granular {

namespace {

constexpr int kEnvelopeFrames = 32;
constexpr double kCopyCorrelation = 0.98;

/// RMS in kEnvelopeFrames equal frames, as a fraction of the total energy's square root.
std::array<double, kEnvelopeFrames> envelope(const std::vector<float>& x) {
    std::array<double, kEnvelopeFrames> e{};
    const std::size_t frame = std::max<std::size_t>(1, x.size() / kEnvelopeFrames);
    double total = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const auto f = std::min<std::size_t>(i / frame, kEnvelopeFrames - 1);
        e[f] += static_cast<double>(x[i]) * x[i];
        total += static_cast<double>(x[i]) * x[i];
    }
    for (auto& v : e)
        v = total > 0.0 ? std::sqrt(v / total) : 0.0;
    return e;
}

} // namespace

double correlationAtZeroLag(const std::vector<float>& a, const std::vector<float>& b) {
    const std::size_t n = std::min(a.size(), b.size());
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        ab += static_cast<double>(a[i]) * b[i];
        aa += static_cast<double>(a[i]) * a[i];
        bb += static_cast<double>(b[i]) * b[i];
    }
    return aa > 0.0 && bb > 0.0 ? ab / std::sqrt(aa * bb) : 0.0;
}

std::vector<std::string> dropNearCopiesOfTest(std::vector<GranularExample>& train,
                                              const std::vector<GranularExample>& test) {
    std::vector<std::array<double, kEnvelopeFrames>> testEnvelopes;
    for (const auto& t : test)
        testEnvelopes.push_back(envelope(t.audio));
    std::vector<std::string> dropped;
    std::vector<GranularExample> kept;
    for (auto& ex : train) {
        const auto e = envelope(ex.audio);
        bool copy = false;
        for (std::size_t k = 0; k < test.size() && !copy; ++k) {
            // Prefilter: the envelopes of copies differ by little (an L1 of the normalised
            // frame RMS below 0.2, where different hits differ by far more).
            double d = 0.0;
            for (int f = 0; f < kEnvelopeFrames; ++f)
                d += std::abs(e[static_cast<std::size_t>(f)] -
                              testEnvelopes[k][static_cast<std::size_t>(f)]);
            copy = d < 0.2 && correlationAtZeroLag(ex.audio, test[k].audio) >= kCopyCorrelation;
        }
        if (copy)
            dropped.push_back(ex.file);
        else
            kept.push_back(std::move(ex));
    }
    train = std::move(kept);
    return dropped;
}

} // namespace latentrack::models::granular
