#include "models/torchscript/TorchScriptModel.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <sstream>
#include <system_error>

#include <caffe2/serialize/versions.h>
#include <torch/version.h>

namespace latentrack::models::torchscript {

namespace fs = std::filesystem;

namespace {

std::string firstLine(const std::string& s) {
    std::string line;
    std::istringstream in(s);
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t") != std::string::npos)
            return line;
    return s;
}

std::string reexport() {
    return "export it again with torch ≤ 1.13 (for example `pip install torch==1.13.1`, then "
           "the model's export script, e.g. RAVE's `rave export`)";
}

/// Turns LibTorch's load error into what the musician can act on.
[[noreturn]] void loadFailed(const fs::path& file, const std::string& message) {
    const std::string where = file.string() + ": ";
    static const std::regex newer(R"(read a PyTorch file with version (\d+), but the maximum )"
                                  R"(supported version for reading is (\d+))");
    static const std::regex unknownOp(R"(Unknown builtin op: ([A-Za-z0-9_:.]+))");
    static const std::regex unknownType(R"(Unknown type name '([^']+)')");
    std::smatch m;
    if (std::regex_search(message, m, newer))
        throw TorchScriptError(where + "exported by a newer PyTorch than LibTorch " +
                               libtorchVersion() + " reads (TorchScript file format version " +
                               m[1].str() + "; this build reads up to " + m[2].str() +
                               "): " + reexport());
    if (std::regex_search(message, m, unknownOp)) {
        std::string op = m[1].str();
        if (!op.empty() && op.back() == '.')
            op.pop_back();
        throw TorchScriptError(where + "uses the operator " + op + ", which LibTorch " +
                               libtorchVersion() +
                               " does not have: it was exported by a newer PyTorch; " + reexport());
    }
    if (std::regex_search(message, m, unknownType))
        throw TorchScriptError(where + "uses the type " + m[1].str() + ", which LibTorch " +
                               libtorchVersion() +
                               " does not know: it was exported by a newer PyTorch; " + reexport());
    if (message.find("not a ZIP archive") != std::string::npos ||
        message.find("central directory") != std::string::npos ||
        message.find("failed reading zip archive") != std::string::npos)
        throw TorchScriptError(where +
                               "not a TorchScript file (torch.jit.save writes a zip archive; this "
                               "is not one, or it is truncated)");
    if (message.find("constants.pkl") != std::string::npos ||
        message.find("code/") != std::string::npos)
        throw TorchScriptError(where +
                               "a PyTorch archive but not a TorchScript module (a checkpoint or "
                               "state dict saved by torch.save?): export the model with "
                               "torch.jit.script and torch.jit.save");
    throw TorchScriptError(where + "LibTorch " + libtorchVersion() +
                           " cannot load it: " + firstLine(message));
}

bool hasMethod(const torch::jit::Module& m, const std::string& name) {
    return m.find_method(name).has_value();
}

std::vector<std::string> stringList(const c10::IValue& v) {
    std::vector<std::string> out;
    if (!v.isList())
        return out;
    for (const auto& e : v.toListRef())
        if (e.isString())
            out.push_back(e.toStringRef());
    return out;
}

std::string printed(const c10::IValue& v) {
    std::ostringstream s;
    if (v.isTensor()) {
        const auto t = v.toTensor();
        if (t.numel() == 1)
            s << t.item<double>();
        else
            s << "tensor " << t.sizes();
    } else if (v.isDouble()) {
        s << v.toDouble();
    } else if (v.isString()) {
        s << v.toStringRef();
    } else {
        s << v;
    }
    return s.str();
}

std::optional<MethodSpec> readParams(const torch::jit::Module& m, const std::string& name,
                                     const fs::path& file) {
    const std::string buffer = name + "_params";
    if (!m.hasattr(buffer))
        return std::nullopt;
    const auto v = m.attr(buffer);
    if (!v.isTensor())
        throw TorchScriptError(file.string() + ": " + buffer + " is not a tensor");
    const auto t = v.toTensor().flatten().to(torch::kInt64);
    if (t.numel() != 4)
        throw TorchScriptError(file.string() + ": " + buffer + " has " + std::to_string(t.numel()) +
                               " values; nn~ reads [in_channels, in_ratio, out_channels, "
                               "out_ratio]");
    MethodSpec spec;
    spec.name = name;
    const auto a = t.accessor<std::int64_t, 1>();
    constexpr std::int64_t kMax = 1 << 20;
    for (int i = 0; i < 4; ++i)
        if (a[i] < 1 || a[i] > kMax)
            throw TorchScriptError(file.string() + ": " + buffer + " = [" + std::to_string(a[0]) +
                                   ", " + std::to_string(a[1]) + ", " + std::to_string(a[2]) +
                                   ", " + std::to_string(a[3]) +
                                   "]: channels and ratios must be from 1 to 2^20");
    spec.inChannels = static_cast<int>(a[0]);
    spec.inRatio = static_cast<int>(a[1]);
    spec.outChannels = static_cast<int>(a[2]);
    spec.outRatio = static_cast<int>(a[3]);
    return spec;
}

/// One number held as an int, a double or a one-element tensor.
std::optional<double> scalar(const c10::IValue& v) {
    if (v.isInt())
        return static_cast<double>(v.toInt());
    if (v.isDouble())
        return v.toDouble();
    if (v.isTensor() && v.toTensor().numel() == 1)
        return v.toTensor().item<double>();
    return std::nullopt;
}

double readRate(torch::jit::Module& m, std::string& from) {
    if (hasMethod(m, "get_sample_rate"))
        if (const auto rate = scalar(m.get_method("get_sample_rate")({}))) {
            from = "get_sample_rate()";
            return *rate;
        }
    for (const char* name : {"sampling_rate", "sr", "sample_rate"})
        if (m.hasattr(name))
            if (const auto rate = scalar(m.attr(name))) {
                from = std::string(name) + (m.attr(name).isTensor() ? " buffer" : " attribute");
                return *rate;
            }
    return 0.0;
}

} // namespace

std::string libtorchVersion() {
    return TORCH_VERSION;
}

std::uint64_t newestReadableFileFormat() {
    return caffe2::serialize::kMaxSupportedFileFormatVersion;
}

const MethodSpec* TorchScriptInfo::method(std::string_view name) const {
    for (const auto& m : methods)
        if (m.name == name)
            return &m;
    return nullptr;
}

int TorchScriptInfo::largestRatio() const {
    int r = 1;
    for (const auto& m : methods)
        r = std::max(r, m.largestRatio());
    return r;
}

int TorchScriptInfo::defaultBuffer() const {
    int b = 1;
    while (b < std::max(largestRatio(), 2048))
        b *= 2;
    return b;
}

int TorchScriptInfo::knobCount() const {
    return method("decode") ? std::min(kMaxLatentKnobs, latentSize) : 0;
}

std::unique_ptr<TorchScriptModel> TorchScriptModel::load(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw TorchScriptError(file.string() + ": no such file");
    std::unique_ptr<TorchScriptModel> model(new TorchScriptModel);
    auto& info = model->m_info;
    info.file = file;
    try {
        model->m_module = torch::jit::load(file.string(), torch::kCPU);
    } catch (const c10::Error& e) {
        loadFailed(file, e.what_without_backtrace());
    } catch (const std::exception& e) {
        loadFailed(file, e.what());
    }
    auto& m = model->m_module;
    m.eval();
    try {
        c10::InferenceMode guard;
        std::vector<std::string> names;
        if (hasMethod(m, "get_methods")) {
            names = stringList(m.get_method("get_methods")({}));
            info.convention = "nn~ register_method (get_methods)";
        } else {
            for (const auto& method : m.get_methods())
                names.push_back(method.name());
            info.convention = "RAVE v1 (<method>_params buffers)";
        }
        for (const auto& name : names) {
            if (!hasMethod(m, name))
                throw TorchScriptError(file.string() + ": get_methods() names \"" + name +
                                       "\", which the module does not have");
            if (auto spec = readParams(m, name, file))
                info.methods.push_back(*spec);
        }
        if (info.methods.empty())
            throw TorchScriptError(
                file.string() +
                ": no method nn~ can play: none of its methods has a <method>_params buffer "
                "[in_channels, in_ratio, out_channels, out_ratio] (export it with RAVE's "
                "export script or nn~'s register_method)");
        info.sampleRate = readRate(m, info.rateFrom);
        if (!(info.sampleRate >= 1000.0 && info.sampleRate <= 384000.0))
            throw TorchScriptError(file.string() +
                                   ": no usable sample rate (get_sample_rate() or a "
                                   "sampling_rate buffer from 1 to 384 kHz)");
        if (hasMethod(m, "get_attributes"))
            for (const auto& a : stringList(m.get_method("get_attributes")({}))) {
                std::string value = "?";
                const std::string getter = "get_" + a;
                if (hasMethod(m, getter) && m.get_method(getter).function().num_inputs() == 1) {
                    try {
                        value = printed(m.get_method(getter)({}));
                    } catch (const std::exception&) {
                    }
                }
                info.attributes.emplace_back(a, value);
            }
        for (const auto& p : m.parameters(true))
            info.parameters += p.numel();
        const auto latent = m.hasattr("latent_size") ? scalar(m.attr("latent_size")) : std::nullopt;
        if (latent)
            info.latentSize = static_cast<int>(*latent);
        else if (const auto* e = info.method("encode"))
            info.latentSize = e->outChannels;
        else if (const auto* d = info.method("decode"))
            info.latentSize = d->inChannels;
        if (const auto* d = info.method("decode"))
            info.latentSize = std::clamp(info.latentSize, 1, d->inChannels);
    } catch (const TorchScriptError&) {
        throw;
    } catch (const c10::Error& e) {
        throw TorchScriptError(file.string() + ": reading its description failed: " +
                               firstLine(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        throw TorchScriptError(file.string() +
                               ": reading its description failed: " + firstLine(e.what()));
    }
    return model;
}

void TorchScriptModel::checkBuffer(const MethodSpec& method, int bufferSamples) {
    if (bufferSamples < 1 || bufferSamples % method.largestRatio() != 0)
        throw TorchScriptError(
            "a buffer of " + std::to_string(bufferSamples) + " samples does not suit " +
            method.name + " (ratios " + std::to_string(method.inRatio) + " in, " +
            std::to_string(method.outRatio) + " out): it must be a positive multiple of " +
            std::to_string(method.largestRatio()));
}

torch::Tensor TorchScriptModel::run(const MethodSpec& method, const torch::Tensor& input) {
    const auto shape = [](c10::IntArrayRef s) {
        std::ostringstream o;
        o << s;
        return o.str();
    };
    if (input.dim() != 3 || input.size(0) != 1 || input.size(1) != method.inChannels)
        throw TorchScriptError(method.name + ": input " + shape(input.sizes()) + ", expected [1, " +
                               std::to_string(method.inChannels) + ", T]");
    const std::int64_t frames = input.size(2);
    if ((frames * method.inRatio) % method.outRatio != 0)
        throw TorchScriptError(method.name + ": " + std::to_string(frames) +
                               " input frames do not divide by its ratios (" +
                               std::to_string(method.inRatio) + " in, " +
                               std::to_string(method.outRatio) + " out)");
    c10::IValue result;
    try {
        c10::InferenceMode guard;
        result = m_module.get_method(method.name)({input.to(torch::kFloat32).contiguous()});
    } catch (const c10::Error& e) {
        throw TorchScriptError(
            method.name + " failed inside the model: " + firstLine(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        throw TorchScriptError(method.name + " failed inside the model: " + firstLine(e.what()));
    }
    if (!result.isTensor())
        throw TorchScriptError(method.name + " returned " + result.tagKind() +
                               ", not a tensor [1, " + std::to_string(method.outChannels) + ", T]");
    auto out = result.toTensor();
    const std::int64_t expected = method.outputFrames(frames);
    if (out.dim() != 3 || out.size(0) != 1 || out.size(1) != method.outChannels ||
        out.size(2) != expected)
        throw TorchScriptError(method.name + " returned " + shape(out.sizes()) + " for " +
                               std::to_string(frames) + " input frames; its " + method.name +
                               "_params say [1, " + std::to_string(method.outChannels) + ", " +
                               std::to_string(expected) + "]");
    out = out.to(torch::kFloat32);
    if (!torch::isfinite(out).all().item<bool>())
        throw TorchScriptError(method.name + " returned NaN or infinite values");
    return out.contiguous();
}

} // namespace latentrack::models::torchscript
