#pragma once
// Power spectrum of a real frame through FFTW (single precision, one plan per size).
// Thread: one object per thread (it owns FFTW buffers); construction plans (FFTW_ESTIMATE) and
// allocates — not for the audio thread.

#include <memory>

namespace latentrack::core::dsp {

class RealFft {
public:
    /// `size` samples, even, ≥ 2. Throws std::invalid_argument otherwise.
    explicit RealFft(int size);
    ~RealFft();
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    int size() const noexcept { return m_size; }
    /// size() / 2 + 1: bins 0 (DC) … size() / 2 (Nyquist).
    int bins() const noexcept { return m_size / 2 + 1; }
    /// Writes |X_k|² of the unnormalised DFT of `frame` (size() samples) into `power`
    /// (bins() values).
    void power(const float* frame, float* power);

private:
    struct Plan;
    int m_size;
    std::unique_ptr<Plan> m_plan;
};

} // namespace latentrack::core::dsp
