// latentrack-module: the headless Eurorack-module runtime (NeuroRave's instrument on the
// realtime engine). Wiring only; the work is in embedded/module, embedded/hw, core and models.

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "core/audio/AudioDevice.h"
#include "core/io/AudioFile.h"
#include "embedded/module/ModuleHardware.h"
#include "embedded/module/OfflineRun.h"
#include "latentrack/Version.h"

namespace {

std::atomic<bool> g_stop{false};

void onSignal(int) {
    g_stop = true;
}

namespace mod = latentrack::embedded::module;
namespace hw = latentrack::embedded::hw;

/// Plays in real time through the audio device until a signal, or `duration` seconds (> 0).
int runLive(mod::ModuleInstrument& rt, const mod::ModuleConfig& config, double duration) {
    latentrack::core::audio::AudioDevice device(rt.engine());
    if (!device.open(config.audio)) {
        spdlog::error("audio: {}", device.status().error);
        return 1;
    }
    const auto status = device.status();
    spdlog::info("audio: {} \"{}\" at {} Hz, {} frames", status.api, status.device,
                 status.sampleRate, status.bufferFrames);
    rt.start(status.sampleRate, static_cast<int>(status.bufferFrames));
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const auto start = std::chrono::steady_clock::now();
    const auto since = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    std::thread screen([&] {
        const auto period = std::chrono::duration<double>(1.0 / config.displayRate);
        auto next = std::chrono::steady_clock::now();
        while (!g_stop) {
            rt.drawDisplay();
            next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
            std::this_thread::sleep_until(next);
        }
    });
    const auto period = std::chrono::duration<double>(1.0 / config.controlRate);
    auto next = std::chrono::steady_clock::now();
    bool lost = false;
    while (!g_stop && (duration <= 0.0 || since() < duration)) {
        rt.tick(since());
        rt.engine().collectGarbage();
        const auto s = device.status();
        if (!s.running) {
            spdlog::error("audio stopped: {}", s.error);
            lost = true;
            break;
        }
        next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
        std::this_thread::sleep_until(next);
    }
    g_stop = true;
    screen.join();
    device.close();
    const auto snap = rt.engine().snapshot();
    spdlog::info("stopped after {:.1f} s: {} xruns, audio callback {:.1f} % of its period", since(),
                 snap.xruns, 100.0 * snap.cpuLoad);
    return lost ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("latentrack-module"));
    CLI::App app{"latentrack-module: LatentRack's realtime engine as a Eurorack module. Mode "
                 "faders (default): gate 1 plays the attribute-fader voice, CV 1 moves its "
                 "latent, CV 2-4 its attributes, gate 2 changes all attributes at once; the "
                 "encoder opens a menu. Mode drums: gate 1 is the step clock, CV 1 selects a "
                 "class, gate 2 generates a new sound for it (sample_note)."};
    app.set_version_flag("--version", std::string("latentrack-module ") + LATENTRACK_VERSION);
    std::string configFile, scenarioFile, render, png, assetsOverride;
    double seconds = 0.0;
    int osc = -1, rate = 48000, block = 256;
    bool terminal = false, printConfig = false;
    app.add_option("-c,--config", configFile, "module configuration (JSON; see the README)")
        ->check(CLI::ExistingFile);
    app.add_option("--scenario", scenarioFile,
                   "simulated panel: a timeline of CV/gate/encoder events (.csv or .json)")
        ->check(CLI::ExistingFile);
    app.add_option("--osc", osc,
                   "simulated panel: listen for /cv /gate /encoder /push on this "
                   "UDP port")
        ->check(CLI::Range(0, 65535));
    app.add_option("--render", render,
                   "play offline (no audio device) into this WAV file, as fast as the model "
                   "decodes");
    app.add_option("--seconds", seconds,
                   "how long to play (default: the scenario's length; live: until Ctrl-C)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--rate", rate, "--render: sample rate, Hz")->check(CLI::Range(8000, 192000));
    app.add_option("--block", block, "--render: block size, frames")->check(CLI::Range(16, 2048));
    app.add_option("--display-png", png, "simulated screen: keep this PNG up to date");
    app.add_flag("--terminal", terminal, "simulated screen: draw it on the terminal");
    app.add_option("--assets", assetsOverride,
                   "the assets folder (default: found beside the "
                   "binary)");
    app.add_flag("--print-config", printConfig, "print the configuration in effect and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        auto config =
            configFile.empty() ? mod::ModuleConfig() : mod::ModuleConfig::load(configFile);
        if (osc >= 0)
            config.oscPort = osc;
        if (!png.empty())
            config.displayPng = png;
        if (terminal)
            config.displayTerminal = true;
        if (printConfig) {
            std::printf("%s\n", config.toJson().dump(2).c_str());
            return 0;
        }
        std::optional<hw::Scenario> scenario;
        if (!scenarioFile.empty())
            scenario = hw::Scenario::load(scenarioFile);
        if (scenario && config.hardware != "simulated")
            throw mod::ModuleConfigError("--scenario needs \"hardware\": \"simulated\"");
        const double duration = seconds > 0.0 ? seconds : scenario ? scenario->duration() : 0.0;
        auto hardware = mod::openHardware(config, scenario);
        const std::filesystem::path assets =
            assetsOverride.empty() ? mod::moduleAssets() : std::filesystem::path(assetsOverride);
        const auto configDir = configFile.empty()
                                   ? std::filesystem::current_path()
                                   : std::filesystem::absolute(configFile).parent_path();
        auto instrument = mod::makeInstrument(config, hardware->panel, assets, configDir);
        auto& rt = *instrument;
        if (hardware->simulated && hardware->simulated->oscPort() > 0)
            spdlog::info("OSC: listening on UDP port {}", hardware->simulated->oscPort());
        if (!render.empty()) {
            if (duration <= 0.0)
                throw mod::ModuleConfigError("--render needs --seconds or a --scenario");
            const auto r = mod::runOffline(rt, duration, rate, block);
            latentrack::core::io::writeAudioFile(render, {r.left, r.right}, rate);
            spdlog::info("wrote {} ({:.2f} s, {} control ticks, {} screens, {} late blocks)",
                         render, duration, r.ticks, r.frames, r.dryBlocks);
            return 0;
        }
        return runLive(rt, config, duration);
    } catch (const std::exception& e) {
        const std::string what = e.what();
        spdlog::error("{}", what.substr(0, what.find("\nException raised from")));
        return 1;
    }
}
