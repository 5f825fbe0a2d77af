#include "models/rave/RaveTorchScriptExport.h"

#include <map>
#include <sstream>
#include <stdexcept>

#include <torch/script.h>

#include "core/dsp/Descriptors.h"
#include "models/rave/FaderScale.h"

namespace latentrack::models::rave {

namespace {

/// Writes the model's layers as TorchScript statements on a variable `h`, registering each
/// weight, bias and cache on the module under a short name.
class Writer {
public:
    Writer(torch::jit::Module& module, const RaveModel& model) : m_module(module) {
        for (const auto& p : model->named_parameters(true))
            m_params.emplace(p.key(), p.value().detach().clone());
    }

    /// A CausalConv1d whose parameters are under `prefix` (…conv.weight, …conv.bias).
    void conv(std::ostringstream& code, const std::string& prefix, int kernel, int stride = 1,
              int dilation = 1, const char* var = "h", const char* out = "h") {
        const std::string w = add(prefix + ".conv.weight");
        const std::string b = add(prefix + ".conv.bias");
        const int pad = (kernel - 1) * dilation - (stride - 1);
        const int channels = static_cast<int>(m_params.at(prefix + ".conv.weight").size(1));
        std::string in = var;
        if (pad > 0) {
            const std::string cache = "cache" + std::to_string(m_count++);
            m_module.register_buffer(cache, torch::zeros({1, channels, pad}));
            code << "    x = torch.cat([self." << cache << ", " << var << "], 2)\n"
                 << "    self." << cache << " = x[:, :, x.size(2) - " << pad << ":]\n";
            in = "x";
        }
        code << "    " << out << " = torch.conv1d(" << in << ", self." << w << ", self." << b
             << ", [" << stride << "], [0], [" << dilation << "])\n";
    }

    void residual(std::ostringstream& code, const std::string& prefix, int dilation) {
        code << "    r = torch.leaky_relu(h, 0.2)\n";
        conv(code, prefix + ".dilated", 3, 1, dilation, "r", "r");
        code << "    r = torch.leaky_relu(r, 0.2)\n";
        conv(code, prefix + ".mix", 1, 1, 1, "r", "r");
        code << "    h = h + r\n";
    }

    std::string add(const std::string& key) {
        const auto it = m_params.find(key);
        if (it == m_params.end())
            throw std::logic_error("TorchScript export: the model has no parameter " + key);
        const std::string name = "p" + std::to_string(m_count++);
        m_module.register_parameter(name, it->second, false);
        return name;
    }

private:
    torch::jit::Module& m_module;
    std::map<std::string, torch::Tensor> m_params;
    int m_count = 0;
};

torch::Tensor ints(std::vector<std::int64_t> v) {
    return torch::tensor(v, torch::kInt);
}

/// The harmonic oscillator (HarmonicOscillator.h) on the decoder input `z`, added to `bands`
/// through its own PQMF analysis: its head, the controls' glide from the last frame of the
/// previous call, the phase accumulated in double precision and carried between calls.
void writeOscillator(std::ostringstream& code, Writer& w, torch::jit::Module& m,
                     const RaveConfig& c, int taps, const torch::Tensor& noiseTable) {
    const int H = c.harmonics;
    const int hop = c.compression();
    m.register_buffer("osc_hz", torch::zeros({1, 1}));
    m.register_buffer("osc_amplitudes", torch::zeros({1, H}));
    m.register_buffer("osc_phase", torch::zeros({1, 1}, torch::kFloat64));
    m.register_buffer("osc_pqmf_history", torch::zeros({1, 1, taps - 1}));
    m.register_attribute("osc_started", c10::BoolType::get(), false);
    w.conv(code, "decoder.harmonic.head.0", 3, 1, 1, "z", "g");
    code << "    g = torch.leaky_relu(g, 0.2)\n";
    w.conv(code, "decoder.harmonic.head.2", 3, 1, 1, "g", "g");
    code << "    g = torch.leaky_relu(g, 0.2)\n";
    const int N = c.oscillatorNoiseBands;
    if (N > 0) // the filtered noise's amplitudes, from the head's hidden features
        w.conv(code, "decoder.harmonic.noise", 1, 1, 1, "g", "nz");
    w.conv(code, "decoder.harmonic.head.4", 1, 1, 1, "g", "g");
    code << "    pitch = " << HarmonicOscillatorImpl::kLowestMidi << " + "
         << HarmonicOscillatorImpl::kMidiSpan << " * torch.sigmoid(g[:, 0, :])\n";
    if (c.pitchInput) // the given pitch where it is set (HarmonicOscillatorImpl::controls)
        code << "    pitch = torch.where(p > 0.0, torch.clamp(p, "
             << HarmonicOscillatorImpl::kLowestMidi << ", "
             << HarmonicOscillatorImpl::kLowestMidi + HarmonicOscillatorImpl::kMidiSpan
             << "), pitch)\n";
    code
        << "    hz = 440.0 * torch.pow(2.0, (pitch - 69.0) / 12.0)\n"
        << "    k = torch.arange(1, " << H + 1 << ").float().reshape(1, " << H << ", 1)\n"
        << "    audible = (k * hz.unsqueeze(1) < " << 0.5 * c.sampleRate << ").float()\n"
        << "    spread = torch.softmax(g[:, 2:, :], 1) * audible\n"
        << "    amps = torch.sigmoid(g[:, 1:2, :] - 4.0) * spread / spread.sum(1, True)"
           ".clamp_min(1e-7)\n"
        << "    last_hz = hz[:, :1]\n"
        << "    last_amps = torch.zeros(1, " << H << ")\n"
        << "    if self.osc_started:\n"
        << "        last_hz = self.osc_hz\n"
        << "        last_amps = self.osc_amplitudes\n"
        << "    ramp = torch.arange(1, " << hop + 1 << ").double() / " << hop << ".0\n"
        << "    before = torch.cat([last_amps.unsqueeze(2), amps[:, :, :-1]], 2)\n"
        << "    a = (before.unsqueeze(3) + (amps - before).unsqueeze(3) * ramp.float())"
           ".reshape(1, "
        << H << ", amps.size(2) * " << hop << ")\n"
        << "    fz = hz.unsqueeze(1).double()\n"
        << "    fzb = torch.cat([last_hz.unsqueeze(2).double(), fz[:, :, :-1]], 2)\n"
        << "    rate = (fzb.unsqueeze(3) + (fz - fzb).unsqueeze(3) * ramp).reshape(1, fz.size(2) * "
        << hop << ") / " << c.sampleRate << ".0\n"
        << "    phase = torch.cumsum(rate, 1)\n"
        << "    if self.osc_started:\n"
        << "        phase = phase + self.osc_phase\n"
        << "    phase = phase - torch.floor(phase)\n"
        << "    mult = phase.unsqueeze(1) * k.double()\n"
        << "    mult = mult - torch.floor(mult)\n"
        << "    wave = (a * torch.sin(6.283185307179586 * mult).float()).sum(1, True)\n";
    if (N > 0) { // plus the filtered noise: amplitudes glide, the noises' position carried
        m.register_buffer("osc_noise_table", noiseTable.clone());
        m.register_buffer("osc_noise_amplitudes", torch::zeros({1, N}));
        m.register_attribute("osc_noise_position", c10::IntType::get(), int64_t{0});
        const int L = HarmonicOscillatorImpl::kNoiseLength;
        code << "    nzs = torch.sigmoid(nz - " << HarmonicOscillatorImpl::kNoiseOffset << ")\n"
             << "    last_noise = torch.zeros(1, " << N << ")\n"
             << "    if self.osc_started:\n"
             << "        last_noise = self.osc_noise_amplitudes\n"
             << "    else:\n"
             << "        self.osc_noise_position = 0\n"
             << "    nb = torch.cat([last_noise.unsqueeze(2), nzs[:, :, :-1]], 2)\n"
             << "    nb = (nb.unsqueeze(3) + (nzs - nb).unsqueeze(3) * ramp.float()).reshape(1, "
             << N << ", nzs.size(2) * " << hop << ")\n"
             << "    index = torch.remainder(torch.arange(self.osc_noise_position, "
                "self.osc_noise_position + nb.size(2)), "
             << L << ")\n"
             << "    self.osc_noise_position = (self.osc_noise_position + nb.size(2)) % " << L
             << "\n"
             << "    wave = wave + (nb * self.osc_noise_table.index_select(1, index).unsqueeze(0))"
                ".sum(1, True)\n"
             << "    self.osc_noise_amplitudes = nzs[:, :, nzs.size(2) - 1]\n";
    }
    code << "    self.osc_phase = phase[:, phase.size(1) - 1:]\n"
         << "    self.osc_hz = hz[:, hz.size(1) - 1:]\n"
         << "    self.osc_amplitudes = amps[:, :, amps.size(2) - 1]\n"
         << "    self.osc_started = True\n"
         << "    x = torch.cat([self.osc_pqmf_history, wave], 2)\n"
         << "    self.osc_pqmf_history = x[:, :, x.size(2) - " << taps - 1 << ":]\n"
         << "    bands = bands + torch.conv1d(x, self.pqmf_analysis, None, [" << c.bands << "])\n";
}

} // namespace

void exportTorchScript(const RaveBundle& bundle, const std::filesystem::path& file) {
    const auto& c = bundle.config();
    const auto& model = bundle.model;
    const int stages = static_cast<int>(c.ratios.size());
    const int compression = c.compression();
    const int M = c.bands;
    const auto& pqmf = model->pqmf();
    const int taps = pqmf.taps();

    torch::jit::Module m("__torch__.LatentRackRave");
    Writer w(m, model);
    m.register_buffer("pqmf_analysis", pqmf.analysisFilters().clone());
    m.register_buffer("pqmf_synthesis", pqmf.synthesisFilters().clone());
    m.register_buffer("pqmf_history", torch::zeros({1, 1, taps - 1}));
    m.register_buffer("pqmf_tail", torch::zeros({1, 1, taps - M}));

    std::ostringstream code;
    // encode: PQMF analysis, the encoder (RaveEncoderImpl's layer order), μ.
    code << "def encode(self, audio):\n"
         << "    x = torch.cat([self.pqmf_history, audio], 2)\n"
         << "    self.pqmf_history = x[:, :, x.size(2) - " << taps - 1 << ":]\n"
         << "    h = torch.conv1d(x, self.pqmf_analysis, None, [" << M << "])\n";
    int index = 0;
    w.conv(code, "encoder.net." + std::to_string(index++), 7);
    for (int stage = 0; stage < stages; ++stage) {
        for (int d : c.dilations)
            w.residual(code, "encoder.net." + std::to_string(index++), d);
        code << "    h = torch.leaky_relu(h, 0.2)\n";
        ++index;
        const int r = c.ratios[static_cast<std::size_t>(stage)];
        w.conv(code, "encoder.net." + std::to_string(index++), 2 * r, r);
    }
    code << "    h = torch.leaky_relu(h, 0.2)\n";
    w.conv(code, "encoder.out", 3);
    code << "    return h[:, :" << c.latentDim << ", :]\n";

    // decode: z ⊕ attributes, the decoder (RaveDecoderImpl's order), bands, PQMF synthesis.
    code << "def decode(self, z):\n";
    const int conditioned = c.latentDim + c.attributes; // z ⊕ attributes
    if (c.pitchInput) // the last channel is the oscillator's pitch (MIDI)
        code << "    p = z[:, " << conditioned << ", :]\n    z = z[:, :" << conditioned << ", :]\n";
    code << "    h = z\n";
    index = 0;
    w.conv(code, "decoder.net." + std::to_string(index++), 7);
    for (int stage = stages - 1; stage >= 0; --stage) {
        code << "    h = torch.leaky_relu(h, 0.2)\n";
        ++index;
        const int r = c.ratios[static_cast<std::size_t>(stage)];
        code << "    h = torch.repeat_interleave(h, " << r << ", 2)\n";
        w.conv(code, "decoder.net." + std::to_string(index++) + ".conv", 2 * r + 1);
        for (int d : c.dilations)
            w.residual(code, "decoder.net." + std::to_string(index++), d);
    }
    code << "    h = torch.leaky_relu(h, 0.2)\n    f = h\n";
    w.conv(code, "decoder.out", 7);
    code << "    bands = torch.tanh(h[:, :" << M << ", :]) * torch.sigmoid(h[:, " << M
         << ":, :])\n";
    if (c.harmonics > 0)
        writeOscillator(code, w, m, c, taps, model->decoder().oscillatorNoiseTable());
    if (c.noiseBands > 0) { // the noise generator, its position carried between calls
        const int K = c.noiseBands;
        const int N = RaveDecoderImpl::kNoiseLength;
        m.register_buffer("noise_table", model->decoder().noiseTable().clone());
        m.register_attribute("noise_position", c10::IntType::get(), int64_t{0});
        w.conv(code, "decoder.noise", 3, 1, 1, "f", "n");
        code << "    amplitude = torch.sigmoid(n - 5.0).reshape(n.size(0), " << M << ", " << K
             << ", n.size(2))\n"
             << "    index = torch.remainder(torch.arange(self.noise_position, "
                "self.noise_position + n.size(2)), "
             << N << ")\n"
             << "    self.noise_position = (self.noise_position + n.size(2)) % " << N << "\n"
             << "    noise = self.noise_table.index_select(2, index).unsqueeze(0)\n"
             << "    bands = bands + (amplitude * noise).sum(2)\n";
    }
    code << "    y = torch.conv_transpose1d(bands, self.pqmf_synthesis, None, [" << M
         << "], [0], [0], " << M << ").sum(1, True)\n"
         << "    length = bands.size(2) * " << M << "\n"
         << "    head = y[:, :, :" << taps - M << "] + self.pqmf_tail\n"
         << "    self.pqmf_tail = y[:, :, length:length + " << taps - M << "]\n"
         << "    return torch.cat([head, y[:, :, " << taps - M << ":length]], 2)\n";

    // forward: transfer with the attributes held at their set values.
    std::vector<std::string> names;
    const FaderScale scale(bundle.binEdges);
    for (int a = 0; a < c.attributes; ++a) {
        names.push_back(core::dsp::descriptorName(static_cast<core::dsp::Descriptor>(a)));
        m.register_attribute(names.back(), c10::FloatType::get(),
                             static_cast<double>(scale.centre(a)));
    }
    if (c.pitchInput) {
        names.emplace_back("pitch");
        m.register_attribute(names.back(), c10::FloatType::get(), 60.0);
    }
    code << "def forward(self, audio):\n    z = self.encode(audio)\n";
    if (!names.empty()) {
        const auto count = std::to_string(names.size());
        code << "    a = torch.tensor([";
        for (std::size_t a = 0; a < names.size(); ++a)
            code << (a ? ", " : "") << "self." << names[a];
        code << "]).reshape(1, " << count << ", 1).expand(1, " << count << ", z.size(2))\n"
             << "    z = torch.cat([z, a], 1)\n";
    }
    code << "    return self.decode(z)\n";
    code << "def get_methods(self) -> List[str]:\n    return ['forward', 'encode', 'decode']\n"
         << "def get_attributes(self) -> List[str]:\n    return [";
    for (std::size_t a = 0; a < names.size(); ++a)
        code << (a ? ", " : "") << "'" << names[a] << "'";
    code << "]\n";
    for (const auto& n : names)
        code << "def get_" << n << "(self) -> float:\n    return self." << n << "\n"
             << "def set_" << n << "(self, value: float) -> int:\n    self." << n
             << " = value\n    return 0\n";
    code << "def get_sample_rate(self) -> int:\n    return " << c.sampleRate << "\n";

    m.register_buffer("encode_params", ints({1, 1, c.latentDim, compression}));
    m.register_buffer("decode_params", ints({c.latentDim + c.attributes + (c.pitchInput ? 1 : 0),
                                             compression, 1, 1}));
    m.register_buffer("forward_params", ints({1, 1, 1, 1}));
    m.register_buffer("sampling_rate", ints({c.sampleRate}));
    m.register_buffer("latent_size", ints({c.latentDim}));
    m.define(code.str());
    const auto tmp = file.string() + ".part";
    try {
        m.save(tmp);
    } catch (const c10::Error& e) {
        throw std::runtime_error(file.string() +
                                 ": cannot write it: " + e.what_without_backtrace());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        throw std::runtime_error(file.string() + ": cannot write it: " + ec.message());
}

} // namespace latentrack::models::rave
