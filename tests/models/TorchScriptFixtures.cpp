#include "tests/models/TorchScriptFixtures.h"

#include <caffe2/serialize/inline_container.h>
#include <sstream>
#include <torch/script.h>

namespace latentrack::test {

namespace {

torch::Tensor ints(std::initializer_list<std::int64_t> v) {
    return torch::tensor(std::vector<std::int64_t>(v), torch::kInt);
}

void addParams(torch::jit::Module& m, const char* method, int a, int b, int c, int d) {
    m.register_buffer(std::string(method) + "_params", ints({a, b, c, d}));
}

} // namespace

void writeTsModel(const std::filesystem::path& file, const TsModelOptions& o) {
    torch::manual_seed(o.seed);
    torch::jit::Module m(o.v2 ? "__torch__.ScriptedRaveV2" : "__torch__.ScriptedRaveV1");
    constexpr int kLatentKernel = 3, kAudioKernel = 5;
    m.register_parameter("enc_w", torch::randn({o.latent, 1, o.ratio}) * (2.0 / o.ratio), false);
    m.register_parameter("dec_w1", torch::randn({o.hidden, o.latent, kLatentKernel}) * 0.3, false);
    m.register_parameter("dec_w2", torch::randn({o.hidden, 1, o.ratio}) * 0.2, false);
    m.register_parameter("dec_w3", torch::randn({o.outChannels, 1, kAudioKernel}) * 0.5, false);
    m.register_buffer("cache_latent", torch::zeros({1, o.latent, kLatentKernel - 1}));
    m.register_buffer("cache_audio", torch::zeros({1, 1, kAudioKernel - 1}));
    if (o.withEncode)
        addParams(m, "encode", 1, 1, o.latent, o.ratio);
    addParams(m, "decode", o.latent, o.ratio, o.outChannels, 1);
    if (o.withForward)
        addParams(m, "forward", 1, 1, o.outChannels, 1);
    std::ostringstream code;
    code << "def encode(self, x):\n"
            "    return torch.tanh(torch.conv1d(x, self.enc_w, stride="
         << o.ratio
         << "))\n"
            "def decode(self, z):\n"
            "    z = torch.cat([self.cache_latent, z], 2)\n"
            "    self.cache_latent = z[:, :, z.size(2) - "
         << kLatentKernel - 1
         << ":]\n"
            "    h = torch.leaky_relu(torch.conv1d(z, self.dec_w1), 0.2)\n"
            "    y = torch.conv_transpose1d(h, self.dec_w2, stride="
         << o.ratio
         << ")\n"
            "    y = torch.cat([self.cache_audio, y], 2)\n"
            "    self.cache_audio = y[:, :, y.size(2) - "
         << kAudioKernel - 1
         << ":]\n"
            "    return torch.tanh(torch.conv1d(y, self.dec_w3))\n";
    if (o.withForward)
        code << "def forward(self, x):\n"
                "    return self.decode(self.encode(x))\n";
    if (o.v2) {
        m.register_attribute("temperature", c10::FloatType::get(), 1.0);
        m.register_attribute("sr", c10::IntType::get(), static_cast<std::int64_t>(o.sampleRate));
        code << "def get_methods(self) -> List[str]:\n"
                "    return ["
             << (o.withForward ? "'forward', " : "") << (o.withEncode ? "'encode', " : "")
             << "'decode']\n"
                "def get_attributes(self) -> List[str]:\n"
                "    return ['temperature']\n"
                "def get_temperature(self) -> float:\n"
                "    return self.temperature\n"
                "def set_temperature(self, t: float) -> int:\n"
                "    self.temperature = t\n"
                "    return 0\n"
                "def get_sample_rate(self) -> int:\n"
                "    return self.sr\n";
    } else {
        m.register_buffer("sampling_rate", ints({o.sampleRate}));
        m.register_buffer("latent_size", ints({o.latent}));
    }
    m.define(code.str());
    m.save(file.string());
}

void writeRaveSizedModel(const std::filesystem::path& file) {
    torch::manual_seed(7);
    torch::jit::Module m("__torch__.RaveSized");
    const int latent = 16;
    const int strides[] = {4, 4, 4, 4, 8}; // 2048
    const int channels[] = {1024, 512, 256, 128, 64};
    constexpr int kKernel = 3;
    m.register_parameter("enc_w", torch::randn({latent, 1, 2048}) * 0.001, false);
    m.register_parameter("in_w", torch::randn({channels[0], latent, kKernel}) * 0.1, false);
    m.register_buffer("in_cache", torch::zeros({1, latent, kKernel - 1}));
    std::ostringstream code;
    code << "def encode(self, x):\n"
            "    return torch.tanh(torch.conv1d(x, self.enc_w, stride=2048))\n"
            "def decode(self, z):\n"
            "    z = torch.cat([self.in_cache, z], 2)\n"
            "    self.in_cache = z[:, :, z.size(2) - 2:]\n"
            "    h = torch.conv1d(z, self.in_w)\n";
    for (int s = 0; s < 5; ++s) {
        const int in = channels[s];
        const int out = s + 1 < 5 ? channels[s + 1] : 16;
        const std::string i = std::to_string(s);
        m.register_parameter("up" + i, torch::randn({in, out, strides[s]}) / std::sqrt(in), false);
        code << "    h = torch.conv_transpose1d(torch.leaky_relu(h, 0.2), self.up" << i
             << ", stride=" << strides[s] << ")\n";
        // A residual stack of dilated cached convolutions, as in RAVE's decoder blocks.
        for (const int dilation : {1, 3, 9}) {
            const std::string r = i + "_" + std::to_string(dilation);
            const int context = (kKernel - 1) * dilation;
            m.register_parameter("res" + r,
                                 torch::randn({out, out, kKernel}) / std::sqrt(6.0 * out), false);
            m.register_buffer("cache" + r, torch::zeros({1, out, context}));
            code << "    x = torch.cat([self.cache" << r << ", h], 2)\n"
                 << "    self.cache" << r << " = x[:, :, x.size(2) - " << context << ":]\n"
                 << "    h = h + torch.conv1d(torch.leaky_relu(x, 0.2), self.res" << r
                 << ", dilation=" << dilation << ")\n";
        }
    }
    m.register_parameter("out_w", torch::randn({1, 16, 1}) * 0.1, false);
    code << "    return torch.tanh(torch.conv1d(h, self.out_w))\n"
            "def forward(self, x):\n"
            "    return self.decode(self.encode(x))\n";
    addParams(m, "encode", 1, 1, latent, 2048);
    addParams(m, "decode", latent, 2048, 1, 1);
    addParams(m, "forward", 1, 1, 1, 1);
    m.register_buffer("sampling_rate", ints({48000}));
    m.define(code.str());
    m.save(file.string());
}

void writeTsModule(const std::filesystem::path& file, const std::string& code, bool withParams) {
    torch::jit::Module m("__torch__.Malformed");
    if (withParams) {
        addParams(m, "forward", 1, 1, 1, 1);
        addParams(m, "encode", 1, 1, 4, 64);
        addParams(m, "decode", 4, 64, 1, 1);
    }
    m.register_buffer("sampling_rate", ints({16000}));
    m.define(code);
    m.save(file.string());
}

void rewriteArchive(const std::filesystem::path& in, const std::filesystem::path& out,
                    unsigned minVersion,
                    const std::function<std::string(const std::string&)>& editCode) {
    caffe2::serialize::PyTorchStreamReader reader(in.string());
    caffe2::serialize::PyTorchStreamWriter writer(out.string());
    writer.setMinVersion(minVersion);
    for (const auto& name : reader.getAllRecords()) {
        if (name == "version" || name == ".data/version")
            continue; // the writer writes its own
        auto [data, size] = reader.getRecord(name);
        if (editCode && name.rfind("code/", 0) == 0 && name.size() > 3 &&
            name.compare(name.size() - 3, 3, ".py") == 0) {
            const std::string edited = editCode(std::string(static_cast<char*>(data.get()), size));
            writer.writeRecord(name, edited.data(), edited.size());
        } else {
            writer.writeRecord(name, data.get(), size);
        }
    }
    writer.writeEndOfFile();
}

} // namespace latentrack::test
