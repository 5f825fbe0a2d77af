#pragma once
// Pseudo-quadrature mirror filter bank (PQMF) of RAVE (Caillon & Esling 2021, after Nguyen,
// "Near-perfect-reconstruction pseudo-QMF banks", IEEE TSP 1994): M cosine-modulated bands of a
// Kaiser-windowed sinc prototype of `taps` = 16·M samples whose cutoff is searched so that
// |H(ω)|² + |H(π/M − ω)|² stays as close to 1 as possible on [0, π/M] (the power
// complementarity that makes the bank near-perfect-reconstruction).
//   analysis  b_k[m] = Σ_n h_k[n]·x[mM − n],   h_k[n] = 2h[n]·cos(π(k+½)(n − (N−1)/2)/M + (−1)^k
//   π/4) synthesis y[t]   = M·Σ_k Σ_m b_k[m]·g_k[t − mM], g_k with −(−1)^k π/4,
// both causal, so y[t] ≈ x[t − latency()], latency = taps − 1 samples. Blocks are multiples of M
// samples (M band frames of 1 sample each per M input samples).
// Streaming: analyse()/synthesise() with `stream = true` keep the filter history between calls
// (per batch row), so a signal cut into blocks comes out exactly as in one offline call;
// resetStream() forgets it. Thread: one object per thread.

#include <torch/torch.h>

namespace latentrack::models::rave {

class Pqmf {
public:
    /// `bands` M: a power of two 2 … 64. Throws std::invalid_argument otherwise.
    explicit Pqmf(int bands);

    int bands() const { return m_bands; }
    int taps() const { return m_taps; }
    /// Samples by which synthesise(analyse(x)) lags x.
    int latency() const { return m_taps - 1; }
    /// The prototype's cutoff found by the search (radians per sample).
    double cutoff() const { return m_cutoff; }

    /// audio [B, T] (T a multiple of bands()) → bands [B, M, T/M].
    torch::Tensor analyse(const torch::Tensor& audio, bool stream = false);
    /// bands [B, M, L] → audio [B, L·M].
    torch::Tensor synthesise(const torch::Tensor& bands, bool stream = false);
    void resetStream();

    /// Moves the filters (and any stream state) to `device`.
    void to(torch::Device device);

    /// The analysis filters [M, 1, taps] (time-reversed h_k, for conv1d with stride M) and the
    /// synthesis filters [M, 1, taps] (M·g_k, for a grouped conv_transpose1d with stride M).
    const torch::Tensor& analysisFilters() const { return m_analysis; }
    const torch::Tensor& synthesisFilters() const { return m_synthesis; }

private:
    int m_bands;
    int m_taps;
    double m_cutoff = 0.0;
    torch::Tensor m_analysis;     ///< [M, 1, taps], time-reversed h_k (conv1d correlates)
    torch::Tensor m_synthesis;    ///< [M, 1, taps], g_k
    torch::Tensor m_inputHistory; ///< [B, 1, taps − 1] of the last input samples
    torch::Tensor m_outputTail;   ///< [B, 1, taps − M] of overlap not yet output
};

} // namespace latentrack::models::rave
