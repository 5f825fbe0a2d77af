#include "models/rave/Pqmf.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace latentrack::models::rave {

namespace {

constexpr double kPi = std::numbers::pi;

/// Zeroth-order modified Bessel function of the first kind (power series).
double besselI0(double x) {
    double sum = 1.0;
    double term = 1.0;
    for (int k = 1; k < 64; ++k) {
        term *= (x / (2.0 * k)) * (x / (2.0 * k));
        sum += term;
        if (term < 1e-16 * sum)
            break;
    }
    return sum;
}

/// Kaiser-windowed sinc low-pass of `taps` samples, cutoff `wc` rad/sample, unit DC gain.
std::vector<double> prototype(int taps, double wc, double beta) {
    std::vector<double> h(static_cast<std::size_t>(taps));
    const double centre = (taps - 1) / 2.0;
    double sum = 0.0;
    for (int n = 0; n < taps; ++n) {
        const double t = n - centre;
        const double sinc = t == 0.0 ? wc / kPi : std::sin(wc * t) / (kPi * t);
        const double r = t / centre;
        const double window =
            besselI0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) / besselI0(beta);
        h[static_cast<std::size_t>(n)] = sinc * window;
        sum += h[static_cast<std::size_t>(n)];
    }
    for (auto& v : h)
        v /= sum;
    return h;
}

double powerAt(const std::vector<double>& h, double w) {
    std::complex<double> s = 0.0;
    for (std::size_t n = 0; n < h.size(); ++n)
        s += h[n] * std::polar(1.0, -w * static_cast<double>(n));
    return std::norm(s);
}

/// Worst deviation from power complementarity |H(ω)|² + |H(π/M − ω)|² = 1 on [0, π/M].
double complementarityError(const std::vector<double>& h, int bands) {
    double worst = 0.0;
    constexpr int kPoints = 64;
    for (int i = 0; i <= kPoints; ++i) {
        const double w = kPi / bands * i / kPoints;
        worst = std::max(worst, std::abs(powerAt(h, w) + powerAt(h, kPi / bands - w) - 1.0));
    }
    return worst;
}

} // namespace

Pqmf::Pqmf(int bands) : m_bands(bands), m_taps(16 * bands) {
    if (bands < 2 || bands > 64 || (bands & (bands - 1)) != 0)
        throw std::invalid_argument("PQMF: " + std::to_string(bands) +
                                    " bands is not a power of two from 2 to 64");
    // Kaiser β for about 100 dB of stop-band attenuation (Kaiser's formula 0.1102·(A − 8.7)).
    const double beta = 0.1102 * (100.0 - 8.7);
    // Golden-section search of the cutoff around π/(2M), where the complementarity error is
    // unimodal.
    double lo = 0.6 * kPi / (2.0 * bands);
    double hi = 1.4 * kPi / (2.0 * bands);
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = complementarityError(prototype(m_taps, a, beta), bands);
    double fb = complementarityError(prototype(m_taps, b, beta), bands);
    for (int i = 0; i < 40; ++i) {
        if (fa < fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - g * (hi - lo);
            fa = complementarityError(prototype(m_taps, a, beta), bands);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + g * (hi - lo);
            fb = complementarityError(prototype(m_taps, b, beta), bands);
        }
    }
    m_cutoff = (lo + hi) / 2.0;
    const auto h = prototype(m_taps, m_cutoff, beta);

    auto analysis = torch::empty({bands, 1, m_taps}, torch::kFloat32);
    auto synthesis = torch::empty({bands, 1, m_taps}, torch::kFloat32);
    auto a0 = analysis.accessor<float, 3>();
    auto s0 = synthesis.accessor<float, 3>();
    const double centre = (m_taps - 1) / 2.0;
    for (int k = 0; k < bands; ++k) {
        const double phase = (k % 2 == 0 ? 1.0 : -1.0) * kPi / 4.0;
        for (int n = 0; n < m_taps; ++n) {
            const double arg = kPi / bands * (k + 0.5) * (n - centre);
            const double hk = 2.0 * h[static_cast<std::size_t>(n)] * std::cos(arg + phase);
            const double gk = 2.0 * h[static_cast<std::size_t>(n)] * std::cos(arg - phase);
            a0[k][0][m_taps - 1 - n] = static_cast<float>(hk); // reversed: conv1d correlates
            s0[k][0][n] = static_cast<float>(gk * bands);
        }
    }
    m_analysis = analysis;
    m_synthesis = synthesis;
}

void Pqmf::to(torch::Device device) {
    m_analysis = m_analysis.to(device);
    m_synthesis = m_synthesis.to(device);
    resetStream();
}

void Pqmf::resetStream() {
    m_inputHistory = torch::Tensor();
    m_outputTail = torch::Tensor();
}

torch::Tensor Pqmf::analyse(const torch::Tensor& audio, bool stream) {
    if (audio.dim() != 2 || audio.size(1) % m_bands != 0)
        throw std::invalid_argument("PQMF analysis: audio must be [B, T] with T a multiple of " +
                                    std::to_string(m_bands));
    auto x = audio.unsqueeze(1); // [B, 1, T]
    const auto history = m_taps - 1;
    torch::Tensor padded;
    if (stream) {
        if (!m_inputHistory.defined() || m_inputHistory.size(0) != x.size(0))
            m_inputHistory = torch::zeros({x.size(0), 1, history}, x.options());
        padded = torch::cat({m_inputHistory, x}, 2);
        m_inputHistory = padded.narrow(2, padded.size(2) - history, history).clone();
    } else {
        padded = torch::constant_pad_nd(x, {history, 0});
    }
    namespace F = torch::nn::functional;
    return F::conv1d(padded, m_analysis, F::Conv1dFuncOptions().stride(m_bands));
}

torch::Tensor Pqmf::synthesise(const torch::Tensor& bands, bool stream) {
    if (bands.dim() != 3 || bands.size(1) != m_bands)
        throw std::invalid_argument("PQMF synthesis: bands must be [B, " + std::to_string(m_bands) +
                                    ", L]");
    namespace F = torch::nn::functional;
    // Each band's filter on its zero-stuffed signal, summed: a grouped transposed convolution.
    auto y = F::conv_transpose1d(bands, m_synthesis,
                                 F::ConvTranspose1dFuncOptions().stride(m_bands).groups(m_bands))
                 .sum(1, true); // [B, 1, L·M + taps − M]
    const auto length = bands.size(2) * m_bands;
    const auto tail = m_taps - m_bands;
    if (stream) {
        if (m_outputTail.defined() && m_outputTail.size(0) == y.size(0))
            y.narrow(2, 0, tail).add_(m_outputTail);
        m_outputTail = y.narrow(2, length, tail).clone();
    }
    return y.narrow(2, 0, length).squeeze(1);
}

} // namespace latentrack::models::rave
