#include "models/rave/HarmonicOscillator.h"

#include <cmath>
#include <numbers>
#include <random>
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

/// One white noise (fixed seed: every model has the same noises) split by its spectrum into the
/// bands between `edges` (Hz), each scaled to RMS 1; circular (rfft → mask → irfft), so that the
/// loop has no seam. [N, length].
torch::Tensor makeNoiseTable(const std::vector<double>& edges, int length, int sampleRate) {
    torch::NoGradGuard noGrad;
    std::mt19937 rng(0x44445350u); // fixed ("DDSP")
    std::normal_distribution<float> gauss;
    auto white = torch::empty({1, length});
    auto* w = white.data_ptr<float>();
    for (int64_t i = 0; i < white.numel(); ++i)
        w[i] = gauss(rng);
    const auto spectrum = torch::fft::rfft(white);
    const int64_t bins = spectrum.size(1);
    const auto bands = static_cast<int64_t>(edges.size()) - 1;
    auto mask = torch::zeros({bands, bins});
    const double binHz = static_cast<double>(sampleRate) / length;
    for (int64_t n = 0; n < bands; ++n) {
        // Bin b belongs to the band whose [low, high) holds its frequency; Nyquist to the last.
        const auto low =
            static_cast<int64_t>(std::ceil(edges[static_cast<std::size_t>(n)] / binHz));
        const auto high =
            n + 1 == bands
                ? bins
                : static_cast<int64_t>(std::ceil(edges[static_cast<std::size_t>(n + 1)] / binHz));
        if (high > low)
            mask[n].narrow(0, low, high - low).fill_(1.0);
    }
    auto table = torch::fft::irfft(spectrum * mask, length); // [N, length]
    table = table / table.pow(2).mean(1, true).sqrt().clamp_min(1e-12);
    return table.contiguous();
}

/// MIDI note numbers → Hz (A4 = 69 = 440 Hz), without a gradient.
torch::Tensor hertz(const torch::Tensor& midi) {
    return 440.0 * torch::pow(2.0, (midi.detach() - 69.0) / 12.0);
}

} // namespace

std::vector<double> HarmonicOscillatorImpl::noiseBandEdges(int noiseBands, int sampleRate) {
    const auto mel = [](double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); };
    const auto hz = [](double m) { return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0); };
    const double nyquist = 0.5 * sampleRate;
    std::vector<double> edges;
    for (int n = 0; n <= noiseBands; ++n)
        edges.push_back(n == noiseBands ? nyquist : hz(mel(nyquist) * n / noiseBands));
    return edges;
}

HarmonicOscillatorImpl::HarmonicOscillatorImpl(int inputs, int harmonics, int hop, int sampleRate,
                                               int noiseBands)
    : m_harmonics(harmonics), m_hop(hop), m_sampleRate(sampleRate), m_noiseBands(noiseBands) {
    if (inputs <= 0 || harmonics <= 0 || hop <= 0 || sampleRate <= 0 || noiseBands < 0)
        throw std::invalid_argument("harmonic oscillator: inputs, harmonics, hop and sample rate "
                                    "must be positive, noise bands not negative");
    m_head->push_back(CausalConv1d(inputs, kHeadChannels, 3));
    m_head->push_back(lrelu());
    m_head->push_back(CausalConv1d(kHeadChannels, kHeadChannels, 3));
    m_head->push_back(lrelu());
    m_head->push_back(CausalConv1d(kHeadChannels, 2 + harmonics, 1));
    m_head = register_module("head", m_head);
    if (m_noiseBands > 0) {
        m_noiseHead = register_module("noise", CausalConv1d(kHeadChannels, m_noiseBands, 1));
        m_noiseTable =
            makeNoiseTable(noiseBandEdges(m_noiseBands, sampleRate), kNoiseLength, sampleRate);
    }
}

HarmonicControls HarmonicOscillatorImpl::controls(const torch::Tensor& input,
                                                  const torch::Tensor& given) {
    // The head's hidden features (the first four layers), then its controls' layer.
    auto layer = m_head->begin();
    auto hidden = input;
    for (std::size_t i = 0; i + 1 < m_head->size(); ++i, ++layer)
        hidden = layer->forward(hidden);
    const auto h = layer->forward(hidden);
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
    torch::Tensor noise;
    if (m_noiseBands > 0)
        noise = torch::sigmoid(m_noiseHead->forward(hidden) - kNoiseOffset);
    return {pitch, level * spread / norm, noise};
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
    auto audio = (amplitudes * sines).sum(1);
    if (m_noiseBands == 0 || !c.noise.defined())
        return audio;
    const bool noiseCarried = m_streaming && m_lastNoise.defined() && m_lastNoise.size(0) == batch;
    const auto lastNoise =
        noiseCarried ? m_lastNoise : torch::zeros({batch, m_noiseBands}, c.noise.options());
    const auto start = noiseCarried ? m_noisePosition : 0;
    const auto length = frames * m_hop;
    if (m_noiseTable.device() != c.noise.device())
        m_noiseTable = m_noiseTable.to(c.noise.device());
    const auto index = torch::remainder(
        torch::arange(start, start + length,
                      torch::TensorOptions().dtype(torch::kLong).device(c.noise.device())),
        kNoiseLength);
    const auto noise = m_noiseTable.index_select(1, index).to(c.noise.dtype()); // [N, T]
    audio = audio + (glide(c.noise, lastNoise, m_hop) * noise.unsqueeze(0)).sum(1);
    if (m_streaming) {
        m_lastNoise = c.noise.select(2, frames - 1).detach().clone();
        m_noisePosition = (start + length) % kNoiseLength;
    }
    return audio;
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
    m_lastNoise = torch::Tensor();
    m_noisePosition = 0;
}

} // namespace latentrack::models::rave
