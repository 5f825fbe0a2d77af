#include "TorchScriptCommand.h"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/io/AudioFile.h"
#include "models/image/AudioFigure.h"
#include "models/rave/RaveTorchScriptExport.h"
#include "models/torchscript/TorchScriptModel.h"
#include "models/torchscript/TorchScriptStream.h"

namespace latentrack::app {

namespace {

using namespace models::torchscript;

nlohmann::json infoJson(const TorchScriptInfo& info) {
    nlohmann::json methods = nlohmann::json::array();
    for (const auto& m : info.methods)
        methods.push_back({{"name", m.name},
                           {"inChannels", m.inChannels},
                           {"inRatio", m.inRatio},
                           {"outChannels", m.outChannels},
                           {"outRatio", m.outRatio}});
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [name, value] : info.attributes)
        attributes[name] = value;
    return {{"file", info.file.string()},
            {"convention", info.convention},
            {"sampleRate", info.sampleRate},
            {"sampleRateFrom", info.rateFrom},
            {"methods", methods},
            {"latentSize", info.latentSize},
            {"parameters", info.parameters},
            {"attributes", attributes},
            {"defaultBuffer", info.defaultBuffer()},
            {"libtorch", libtorchVersion()}};
}

void printInfo(const TorchScriptInfo& info) {
    std::printf("%s\n", info.file.string().c_str());
    std::printf("  convention   %s\n", info.convention.c_str());
    std::printf("  sample rate  %.0f Hz (%s)\n", info.sampleRate, info.rateFrom.c_str());
    std::printf("  latent size  %d\n", info.latentSize);
    std::printf("  weights      %lld\n", static_cast<long long>(info.parameters));
    std::printf("  buffer       %d samples (%.1f ms of latency, nn~'s default)\n",
                info.defaultBuffer(), 1000.0 * info.defaultBuffer() / info.sampleRate);
    std::printf("  methods      in_channels in_ratio out_channels out_ratio\n");
    for (const auto& m : info.methods)
        std::printf("    %-10s %11d %8d %12d %9d\n", m.name.c_str(), m.inChannels, m.inRatio,
                    m.outChannels, m.outRatio);
    if (!info.attributes.empty()) {
        std::printf("  attributes\n");
        for (const auto& [name, value] : info.attributes)
            std::printf("    %-10s %s\n", name.c_str(), value.c_str());
    }
    std::printf("  modes        forward %s, transfer %s, generate %s\n",
                TorchScriptStream::supports(info, StreamMode::Forward) ? "yes" : "no",
                TorchScriptStream::supports(info, StreamMode::Transfer) ? "yes" : "no",
                TorchScriptStream::supports(info, StreamMode::Generate) ? "yes" : "no");
}

StreamMode modeFromName(const std::string& name, const TorchScriptInfo& info, bool hasInput) {
    if (name.empty())
        return TorchScriptStream::preferredMode(info, hasInput);
    if (name == "forward")
        return StreamMode::Forward;
    if (name == "transfer" || name == "encode")
        return StreamMode::Transfer;
    if (name == "generate" || name == "decode")
        return StreamMode::Generate;
    throw CLI::ValidationError("--method", "forward, transfer or generate, not " + name);
}

LatentKnob parseKnob(const std::string& spec, int& dimension) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos)
        throw CLI::ValidationError("--knob", "expected DIM=BIAS[,SCALE], got " + spec);
    LatentKnob k;
    try {
        dimension = std::stoi(spec.substr(0, eq)) - 1;
        const auto rest = spec.substr(eq + 1);
        const auto comma = rest.find(',');
        k.bias = std::stof(rest.substr(0, comma));
        if (comma != std::string::npos)
            k.scale = std::stof(rest.substr(comma + 1));
    } catch (const std::exception&) {
        throw CLI::ValidationError("--knob", "expected DIM=BIAS[,SCALE] with numbers, got " + spec);
    }
    if (dimension < 0 || dimension >= TorchScriptStream::kMaxKnobs)
        throw CLI::ValidationError("--knob",
                                   "DIM is 1 … " + std::to_string(TorchScriptStream::kMaxKnobs));
    return k;
}

} // namespace

void addTorchScriptCommand(CLI::App& app) {
    auto* ts = app.add_subcommand("ts", "nn~ / RAVE TorchScript models (.ts files)");
    ts->require_subcommand(1);

    auto* info = ts->add_subcommand("info", "Methods, ratios, sample rate and attributes");
    auto infoFile = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    info->add_option("file", *infoFile, "TorchScript file")->required();
    info->add_flag("--json", *json, "Print JSON");
    info->callback([=] {
        const auto model = TorchScriptModel::load(*infoFile);
        if (*json)
            std::printf("%s\n", infoJson(model->info()).dump(2).c_str());
        else
            printInfo(model->info());
    });

    auto* exporter = ts->add_subcommand(
        "export", "Write an attribute-fader model folder as an nn~ TorchScript file (.ts)");
    auto exportModel = std::make_shared<std::string>();
    auto exportFile = std::make_shared<std::string>();
    exporter->add_option("--model", *exportModel, "Attribute-fader model folder")
        ->required()
        ->check(CLI::ExistingDirectory);
    exporter->add_option("-o,--output", *exportFile, "TorchScript file to write")->required();
    exporter->callback([=] {
        const auto bundle = models::rave::loadRaveModel(*exportModel);
        models::rave::exportTorchScript(bundle, *exportFile);
        const auto check = TorchScriptModel::load(*exportFile); // it reads back
        spdlog::info("{} written: {} weights, latent {} + {} attributes, {} Hz", *exportFile,
                     check->info().parameters, bundle.config().latentDim,
                     bundle.config().attributes, bundle.config().sampleRate);
    });

    auto* render = ts->add_subcommand("render", "Play a model buffer by buffer into a file");
    auto file = std::make_shared<std::string>();
    auto method = std::make_shared<std::string>();
    auto input = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto seconds = std::make_shared<double>(8.0);
    auto buffer = std::make_shared<int>(0);
    auto knobs = std::make_shared<std::vector<std::string>>();
    auto seed = std::make_shared<std::uint64_t>(1);
    auto whole = std::make_shared<bool>(false);
    auto figure = std::make_shared<std::string>();
    render->add_option("--model", *file, "TorchScript file")->required();
    render->add_option("--method", *method,
                       "forward, transfer (encode → knobs → decode) or generate (a latent walk "
                       "→ decode); default: transfer or forward with an input, else generate");
    render->add_option("--input", *input, "Sound played through the model")
        ->check(CLI::ExistingFile);
    render->add_option("--seconds", *seconds, "Seconds to generate without an input")
        ->check(CLI::Range(0.1, 3600.0));
    render
        ->add_option("--buffer", *buffer,
                     "Samples per call at the model's rate (default: nn~'s, a power of two ≥ "
                     "the largest ratio and 2048)")
        ->check(CLI::Range(0, 1 << 20));
    render->add_option("--knob", *knobs, "DIM=BIAS[,SCALE]: latent dimension DIM (1 … 8)");
    render->add_option("--seed", *seed, "Seed of the latent walk");
    render->add_flag("--whole", *whole, "One call on the whole sound instead of buffers");
    render->add_option("--figure", *figure,
                       "PNG of the input's and the output's log-mel spectrograms");
    render->add_option("-o,--output", *output, "Output file (.wav, .flac, .ogg)")->required();
    render->callback([=] {
        auto model = TorchScriptModel::load(*file);
        const auto& inf = model->info();
        const auto mode = modeFromName(*method, inf, !input->empty());
        std::vector<float> in;
        if (!input->empty())
            in = core::io::readMonoAudio(*input, inf.sampleRate);
        else if (mode != StreamMode::Generate)
            throw CLI::ValidationError("--input", std::string("mode ") + streamModeName(mode) +
                                                      " plays a sound through the model: give one");
        else
            in.assign(static_cast<std::size_t>(*seconds * inf.sampleRate), 0.0f);
        std::array<LatentKnob, TorchScriptStream::kMaxKnobs> set{};
        for (const auto& k : *knobs) {
            int d = 0;
            const auto knob = parseKnob(k, d);
            set[static_cast<std::size_t>(d)] = knob;
        }
        const auto started = std::chrono::steady_clock::now();
        std::vector<float> out;
        int used = 0;
        if (*whole) {
            out = renderWhole(*model, mode, in, set, *seed);
        } else {
            TorchScriptStream stream(*model, mode, *buffer, *seed);
            used = stream.bufferSamples();
            for (int d = 0; d < TorchScriptStream::kMaxKnobs; ++d)
                stream.setKnob(d, set[static_cast<std::size_t>(d)]);
            in.resize((in.size() + static_cast<std::size_t>(used) - 1) /
                          static_cast<std::size_t>(used) * static_cast<std::size_t>(used),
                      0.0f);
            for (std::size_t at = 0; at < in.size(); at += static_cast<std::size_t>(used)) {
                const auto part = stream.process(in.data() + at);
                out.insert(out.end(), part.begin(), part.end());
            }
        }
        const double took =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        core::io::writeAudioFile(*output, {out}, inf.sampleRate, core::io::SampleFormat::Pcm24);
        if (!figure->empty())
            models::image::writeMelFigure(
                *figure,
                inf.file.filename().string() + ": " + streamModeName(mode) + " of " +
                    (input->empty() ? std::string("a latent walk")
                                    : std::filesystem::path(*input).filename().string()),
                {{input->empty() ? std::string() : "input",
                  input->empty() ? std::vector<float>() : in},
                 {"output", out}},
                inf.sampleRate);
        const double length = static_cast<double>(out.size()) / inf.sampleRate;
        spdlog::info("{}: {:.2f} s written to {} in {:.2f} s ({:.1f}x realtime, {})",
                     streamModeName(mode), length, *output, took, length / std::max(took, 1e-9),
                     *whole ? std::string("one call")
                            : "buffers of " + std::to_string(used) + " samples");
    });
}

} // namespace latentrack::app
