#include "FaderCommand.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <spdlog/spdlog.h>

#include "core/io/AudioFile.h"
#include "models/rave/FaderScale.h"
#include "models/rave/RaveStreamDecoder.h"

namespace latentrack::app {

namespace {

std::pair<std::string, std::string> splitAt(const std::string& s, char c, const char* what) {
    const auto at = s.find(c);
    if (at == std::string::npos || at == 0)
        throw CLI::ValidationError(what, "expected NAME" + std::string(1, c) + "…, got " + s);
    return {s.substr(0, at), s.substr(at + 1)};
}

/// A value in the descriptor's units (RMS in dB) → the fader travel that plays it (the model's
/// FaderScale over its normalised range).
float travel(const models::rave::RaveBundle& b, core::dsp::Descriptor d, double value) {
    const double v = d == core::dsp::Descriptor::Rms ? std::pow(10.0, value / 20.0) : value;
    const float normalised = b.range.normalise(d, static_cast<float>(v));
    return models::rave::FaderScale(b.binEdges).toTravel(static_cast<int>(d), normalised);
}

} // namespace

void addFaderCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "fader", "Play an attribute-fader model: from its prior or through a file, with faders "
                 "and modulators, to a WAV");
    auto model = std::make_shared<std::string>();
    auto input = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto seconds = std::make_shared<double>(8.0);
    auto sets = std::make_shared<std::vector<std::string>>();
    auto mods = std::make_shared<std::vector<std::string>>();
    auto seed = std::make_shared<std::uint64_t>(1);
    auto block = std::make_shared<int>(4);
    auto note = std::make_shared<double>(60.0);
    auto transpose = std::make_shared<double>(0.0);
    cmd->add_option("--model", *model, "Model folder")->required()->check(CLI::ExistingDirectory);
    cmd->add_option("--input", *input, "Sound to play through the model (default: its prior)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--seconds", *seconds, "Seconds to render")->check(CLI::Range(0.1, 3600.0));
    cmd->add_option("--set", *sets,
                    "NAME=VALUE in the descriptor's units (rms in dB, centroid and bandwidth in "
                    "Hz, sharpness in acum, boominess as the booming index)");
    cmd->add_option("--mod", *mods,
                    "NAME=SHAPE,RATE_HZ,AMOUNT,BIAS (amount and bias in fader travel −1 … 1, 0 the "
                    "training data's median; shapes off, sine, square, saw, rampup, rampdown, "
                    "random)");
    cmd->add_option("--note", *note,
                    "A model with a pitch input: the note it plays from its prior, MIDI (also "
                    "before the input's first clearly pitched frame)")
        ->check(CLI::Range(24.0, 108.0));
    cmd->add_option("--transpose", *transpose,
                    "A model with a pitch input: semitones added to the pitch it plays")
        ->check(CLI::Range(-24.0, 24.0));
    cmd->add_option("--seed", *seed, "Seed of the prior's random walk");
    cmd->add_option("--block", *block, "Latent frames per decoded block")
        ->check(CLI::Range(1, 256));
    cmd->add_option("-o,--output", *output, "Output file (.wav, .flac, .ogg)")->required();
    cmd->callback([=] {
        auto bundle = models::rave::loadRaveModel(*model);
        const auto& c = bundle.config();
        models::rave::RaveStreamDecoder voice(bundle, *seed);
        voice.setNote(*note);
        voice.setTranspose(*transpose);
        if (!input->empty())
            voice.loop(core::io::readMonoAudio(*input, c.sampleRate));
        for (const auto& s : *sets) {
            const auto [name, value] = splitAt(s, '=', "--set");
            const auto d = core::dsp::descriptorFromName(name);
            voice.setFader(static_cast<int>(d), travel(bundle, d, std::stod(value)), true);
        }
        for (const auto& m : *mods) {
            const auto [name, spec] = splitAt(m, '=', "--mod");
            std::vector<std::string> f;
            std::stringstream ss(spec);
            for (std::string part; std::getline(ss, part, ',');)
                f.push_back(part);
            if (f.size() != 4)
                throw CLI::ValidationError("--mod",
                                           "expected SHAPE,RATE_HZ,AMOUNT,BIAS, got " + spec);
            core::control::ModulatorSettings ms;
            ms.shape = core::control::modShapeFromName(f[0]);
            ms.rateHz = std::stof(f[1]);
            ms.amount = std::stof(f[2]);
            ms.bias = std::stof(f[3]);
            voice.setModulator(static_cast<int>(core::dsp::descriptorFromName(name)), ms);
        }
        const auto frames = static_cast<int>(*seconds * c.sampleRate / c.compression()) + 1;
        std::vector<float> audio;
        const auto started = std::chrono::steady_clock::now();
        for (int done = 0; done < frames; done += *block) {
            const auto part = voice.next(std::min(*block, frames - done));
            audio.insert(audio.end(), part.begin(), part.end());
        }
        const double took =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        core::io::writeAudioFile(*output, {audio}, c.sampleRate, core::io::SampleFormat::Pcm24);
        const double length = static_cast<double>(audio.size()) / c.sampleRate;
        spdlog::info("{:.2f} s written to {} in {:.2f} s ({:.1f}x realtime, blocks of {} frames)",
                     length, *output, took, length / std::max(took, 1e-9), *block);
    });
}

} // namespace latentrack::app
