#include "models/rave/HarmonicOscillator.h"

#include <numbers>
#include <stdexcept>

namespace latentrack::models::rave {

namespace {

constexpr int kHeadChannels = 64;

torch::nn::LeakyReLU lrelu() {
    return torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2));
}

/// Frame values [B, C, L] gliding from `previous` [B, C] (the frame before the first) → samples
/// [B, C, L·hop]: sample k of frame j is prev_j + (cur_j − prev_j)·(k + 1) / hop.
torch::Tensor glide(const torch::Tensor& frames, const torch::Tensor& previous, int hop) {
    const auto before =
        torch::cat({previous.unsqueeze(2), frames.narrow(2, 0, frames.size(2) - 1)}, 2);
    const auto ramp =
        torch::arange(1, hop + 1, frames.options()).div(static_cast<double>(hop)); // [hop]
    const auto samples = before.unsqueeze(3) + (frames - before).unsqueeze(3) * ramp;
    return samples.reshape({frames.size(0), frames.size(1), frames.size(2) * hop});
}

/// MIDI note numbers → Hz (A4 = 69 = 440 Hz), without a gradient.
torch::Tensor hertz(const torch::Tensor& midi) {
    return 440.0 * torch::pow(2.0, (midi.detach() - 69.0) / 12.0);
}

} // namespace

HarmonicOscillatorImpl::HarmonicOscillatorImpl(int inputs, int harmonics, int hop, int sampleRate)
    : m_harmonics(harmonics), m_hop(hop), m_sampleRate(sampleRate) {
    if (inputs <= 0 || harmonics <= 0 || hop <= 0 || sampleRate <= 0)
        throw std::invalid_argument("harmonic oscillator: inputs, harmonics, hop and sample rate "
                                    "must be positive");
    m_head->push_back(CausalConv1d(inputs, kHeadChannels, 3));
    m_head->push_back(lrelu());
    m_head->push_back(CausalConv1d(kHeadChannels, kHeadChannels, 3));
    m_head->push_back(lrelu());
    m_head->push_back(CausalConv1d(kHeadChannels, 2 + harmonics, 1));
    m_head = register_module("head", m_head);
}

HarmonicControls HarmonicOscillatorImpl::controls(const torch::Tensor& input,
                                                  const torch::Tensor& given) {
    const auto h = m_head->forward(input);
    auto pitch = kLowestMidi + kMidiSpan * torch::sigmoid(h.select(1, 0));
    if (given.defined()) {
        if (given.dim() != 2 || given.size(0) != h.size(0) || given.size(1) != h.size(2))
            throw std::invalid_argument("harmonic oscillator: the given pitch must be [B, L] "
                                        "like the input's frames");
        const auto g = given.to(pitch.device(), pitch.scalar_type());
        pitch = torch::where(g > 0.0, g.clamp(kLowestMidi, kLowestMidi + kMidiSpan), pitch);
    }
    const auto level = torch::sigmoid(h.narrow(1, 1, 1) - 4.0);
    const auto hz = hertz(pitch); // [B, L]
    const auto k = torch::arange(1, m_harmonics + 1, h.options()).view({1, -1, 1});
    const auto audible = (k * hz.unsqueeze(1) < 0.5 * m_sampleRate).to(h.dtype()); // [B, H, L]
    const auto spread = torch::softmax(h.narrow(1, 2, m_harmonics), 1) * audible;
    const auto norm = spread.sum(1, true).clamp_min(1e-7);
    return {pitch, level * spread / norm};
}

torch::Tensor HarmonicOscillatorImpl::synthesise(const HarmonicControls& c) {
    const auto batch = c.pitch.size(0);
    const auto frames = c.pitch.size(1);
    const auto hz = hertz(c.pitch).unsqueeze(1);
    const bool carried = m_streaming && m_lastHz.defined() && m_lastHz.size(0) == batch;
    const auto lastHz = carried ? m_lastHz : hz.select(2, 0);
    const auto lastAmplitudes =
        carried ? m_lastAmplitudes : torch::zeros({batch, m_harmonics}, c.amplitudes.options());
    const auto amplitudes = glide(c.amplitudes, lastAmplitudes, m_hop); // [B, H, T]

    torch::Tensor sines;
    {
        torch::NoGradGuard noGrad;
        const auto rate = glide(hz.to(torch::kFloat64), lastHz.to(torch::kFloat64), m_hop)
                              .squeeze(1)
                              .div(static_cast<double>(m_sampleRate)); // cycles per sample
        auto phase = rate.cumsum(1);
        if (carried)
            phase = phase + m_phase;
        phase = phase - phase.floor(); // [B, T], [0, 1)
        const auto k = torch::arange(1, m_harmonics + 1, phase.options()).view({1, -1, 1});
        auto multiple = phase.unsqueeze(1) * k;
        multiple = multiple - multiple.floor();
        sines = torch::sin(2.0 * std::numbers::pi * multiple).to(c.amplitudes.dtype());
        if (m_streaming) {
            m_phase = phase.narrow(1, frames * m_hop - 1, 1).clone();
            m_lastHz = hz.select(2, frames - 1).detach().clone();
            m_lastAmplitudes = c.amplitudes.select(2, frames - 1).detach().clone();
        }
    }
    return (amplitudes * sines).sum(1);
}

torch::Tensor HarmonicOscillatorImpl::forward(const torch::Tensor& input,
                                              const torch::Tensor& given) {
    return synthesise(controls(input, given));
}

void HarmonicOscillatorImpl::setStreaming(bool on) {
    m_streaming = on;
    m_lastHz = torch::Tensor();
    m_lastAmplitudes = torch::Tensor();
    m_phase = torch::Tensor();
}

} // namespace latentrack::models::rave
