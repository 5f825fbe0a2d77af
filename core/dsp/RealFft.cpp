#include "core/dsp/RealFft.h"

#include <fftw3.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace latentrack::core::dsp {

struct RealFft::Plan {
    float* in = nullptr;
    fftwf_complex* out = nullptr;
    fftwf_plan plan = nullptr;
    explicit Plan(int n) {
        in = fftwf_alloc_real(static_cast<std::size_t>(n));
        out = fftwf_alloc_complex(static_cast<std::size_t>(n / 2 + 1));
        plan = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
    }
    ~Plan() {
        fftwf_destroy_plan(plan);
        fftwf_free(in);
        fftwf_free(out);
    }
    Plan(const Plan&) = delete;
    Plan& operator=(const Plan&) = delete;
};

RealFft::RealFft(int size) : m_size(size) {
    if (size < 2 || size % 2 != 0)
        throw std::invalid_argument("FFT size " + std::to_string(size) + " is not even and ≥ 2");
    m_plan = std::make_unique<Plan>(size);
}

RealFft::~RealFft() = default;

void RealFft::power(const float* frame, float* power) {
    std::copy(frame, frame + m_size, m_plan->in);
    fftwf_execute(m_plan->plan);
    for (int k = 0; k < bins(); ++k)
        power[k] = m_plan->out[k][0] * m_plan->out[k][0] + m_plan->out[k][1] * m_plan->out[k][1];
}

} // namespace latentrack::core::dsp
