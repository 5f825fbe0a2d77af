#include "core/dsp/StreamResampler.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <samplerate.h>

namespace latentrack::core::dsp {

struct StreamResampler::State {
    SRC_STATE* src = nullptr;
    ~State() {
        if (src)
            src_delete(src);
    }
};

StreamResampler::StreamResampler(double fromRate, double toRate)
    : m_state(std::make_unique<State>()), m_ratio(toRate / fromRate) {
    int error = 0;
    m_state->src = src_new(SRC_SINC_FASTEST, 1, &error);
    if (!m_state->src)
        throw std::runtime_error(std::string("libsamplerate: ") + src_strerror(error));
}

StreamResampler::~StreamResampler() = default;

void StreamResampler::process(const std::vector<float>& input, std::vector<float>& out) {
    const auto start = out.size();
    out.resize(start + static_cast<std::size_t>(std::ceil(input.size() * m_ratio)) + 16);
    SRC_DATA d{};
    d.data_in = input.data();
    d.input_frames = static_cast<long>(input.size());
    d.data_out = out.data() + start;
    d.output_frames = static_cast<long>(out.size() - start);
    d.src_ratio = m_ratio;
    d.end_of_input = 0;
    if (const int e = src_process(m_state->src, &d); e != 0)
        throw std::runtime_error(std::string("libsamplerate: ") + src_strerror(e));
    out.resize(start + static_cast<std::size_t>(d.output_frames_gen));
}

} // namespace latentrack::core::dsp
