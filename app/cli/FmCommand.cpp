#include "FmCommand.h"

#include <chrono>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "core/engine/FmInstrument.h"
#include "core/fm/SysEx.h"
#include "core/io/AudioFile.h"
#include "core/render/FmRender.h"

namespace latentrack::app {

namespace {

namespace fm = latentrack::core::fm;

struct FmOptions {
    std::string bank;
    int voice = 1;
    int note = 60;
    int velocity = 100;
    double seconds = 3.0;
    double release = 1.0;
    double rate = 48000.0;
    std::string output;
    std::vector<int> voices;
    bool single = false;
};

const fm::DxVoice& pickVoice(const fm::DxBank& bank, int number) {
    if (number < 1 || number > static_cast<int>(bank.voices.size()))
        throw std::invalid_argument("voice " + std::to_string(number) +
                                    " is not in the bank (1 … " +
                                    std::to_string(bank.voices.size()) + ")");
    return bank.voices[static_cast<std::size_t>(number - 1)];
}

void addList(CLI::App& fmApp, const std::shared_ptr<FmOptions>& opt) {
    auto* cmd = fmApp.add_subcommand("list", "Print the voice names of a bank");
    cmd->add_option("--bank", opt->bank, "Cartridge .syx, single voice or raw packed bank (.dx7)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->callback([opt] {
        const auto bank = fm::loadBankFile(opt->bank);
        spdlog::info("{}: {} voices ({})", opt->bank, bank.voices.size(),
                     fm::formatName(bank.format));
        if (!bank.repairs.empty())
            spdlog::warn("{}: {}", opt->bank, fm::describeRepairs(bank, 5));
        for (std::size_t i = 0; i < bank.voices.size(); ++i)
            std::printf("%3zu  %s\n", i + 1, bank.voices[i].name().c_str());
    });
}

void addRender(CLI::App& fmApp, const std::shared_ptr<FmOptions>& opt) {
    auto* cmd = fmApp.add_subcommand("render", "Render one note of a voice to an audio file");
    cmd->add_option("--bank", opt->bank, "Bank file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--voice", opt->voice, "Voice number, from 1");
    cmd->add_option("--note", opt->note, "MIDI note")->check(CLI::Range(0, 127));
    cmd->add_option("--velocity", opt->velocity, "MIDI velocity")->check(CLI::Range(1, 127));
    cmd->add_option("--seconds", opt->seconds, "Seconds the key is held")
        ->check(CLI::Range(0.0, 300.0));
    cmd->add_option("--release", opt->release, "Seconds rendered after key-off")
        ->check(CLI::Range(0.0, 300.0));
    cmd->add_option("--rate", opt->rate, "Sample rate in Hz")->check(CLI::Range(8000.0, 192000.0));
    cmd->add_option("-o,--output", opt->output, "Output file (.wav, .flac, .ogg)")->required();
    cmd->callback([opt] {
        const auto bank = fm::loadBankFile(opt->bank);
        const auto& voice = pickVoice(bank, opt->voice);
        core::engine::Engine engine;
        engine.add<core::engine::FmInstrument>();
        engine.prepare(opt->rate, 64);
        auto& port = engine.openPort();
        core::render::FmNoteRequest request;
        request.note = opt->note;
        request.velocity = opt->velocity;
        request.holdSeconds = opt->seconds;
        request.releaseSeconds = opt->release;
        const auto started = std::chrono::steady_clock::now();
        const auto audio = core::render::renderFmNote(engine, port, voice, request);
        const double took =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        core::io::writeAudioFile(opt->output, {audio}, opt->rate, core::io::SampleFormat::Pcm24);
        spdlog::info("rendered \"{}\" note {} velocity {} ({:.2f} s) to {} in {:.3f} s",
                     voice.name(), opt->note, opt->velocity,
                     static_cast<double>(audio.size()) / opt->rate, opt->output, took);
    });
}

void addExport(CLI::App& fmApp, const std::shared_ptr<FmOptions>& opt) {
    auto* cmd = fmApp.add_subcommand(
        "export",
        "Write voices of a bank as a 32-voice cartridge, or one voice as a single-voice dump");
    cmd->add_option("--bank", opt->bank, "Bank file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--voices", opt->voices, "Voice numbers (default: the first 32)");
    cmd->add_option("--voice", opt->voice, "With --single: the voice to export");
    cmd->add_flag("--single", opt->single, "Export one voice as a single-voice SysEx dump");
    cmd->add_option("-o,--output", opt->output, "Output .syx file")->required();
    cmd->callback([opt] {
        const auto bank = fm::loadBankFile(opt->bank);
        if (opt->single) {
            fm::saveSingleVoiceFile(opt->output, pickVoice(bank, opt->voice));
            spdlog::info("wrote single voice \"{}\" to {}", pickVoice(bank, opt->voice).name(),
                         opt->output);
            return;
        }
        std::vector<fm::DxVoice> chosen;
        if (opt->voices.empty()) {
            for (std::size_t i = 0; i < bank.voices.size() && i < 32; ++i)
                chosen.push_back(bank.voices[i]);
        } else {
            for (int n : opt->voices)
                chosen.push_back(pickVoice(bank, n));
        }
        fm::saveCartridgeFile(opt->output, chosen);
        spdlog::info("wrote a cartridge of {} voices to {}", chosen.size(), opt->output);
    });
}

} // namespace

void addFmCommand(CLI::App& app) {
    auto opt = std::make_shared<FmOptions>();
    auto* fmApp =
        app.add_subcommand("fm", "DX7 banks: list voices, render notes, export cartridges");
    fmApp->require_subcommand(1);
    addList(*fmApp, opt);
    addRender(*fmApp, opt);
    addExport(*fmApp, opt);
}

} // namespace latentrack::app
