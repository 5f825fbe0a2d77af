#include "embedded/module/DrumModule.h"

#include <algorithm>
#include <cmath>

#include "core/seq/Pattern.h"
#include "embedded/module/ModuleScreen.h"
#include "models/granular/GranularGenerator.h"
#include "models/granular/GranularModel.h"
#include "models/training/ModelFiles.h"

namespace latentrack::embedded::module {

float DrumModule::patternVelocity(const std::string& c, int step) {
    const int s = ((step % kSteps) + kSteps) % kSteps;
    if (c == "kick")
        return s == 0 || s == 8 || s == 10 ? 1.0f : 0.0f;
    if (c == "snare")
        return s == 4 || s == 12 ? 0.9f : 0.0f;
    if (c == "clap")
        return s == 12 ? 0.6f : 0.0f;
    if (c == "closed_hat" || c == "hat")
        return s % 2 == 0 && s != 14 ? (s % 4 == 0 ? 0.7f : 0.5f) : 0.0f;
    if (c == "open_hat")
        return s == 14 ? 0.6f : 0.0f;
    if (c == "crash" || c == "cymbal")
        return s == 0 ? 0.4f : 0.0f;
    return 0.0f;
}

DrumModule::DrumModule(ModuleConfig config, Panel panel, std::filesystem::path assets,
                       std::filesystem::path configDir)
    : m_config(std::move(config)), m_panel(panel), m_gates{control::GateDetector(m_config.gate),
                                                           control::GateDetector(m_config.gate)},
      m_select(m_config.cv[0].calibration, m_config.cv[0].range, m_config.smoothingSeconds) {
    const auto path = resolveModel(m_config.drumModel, assets, configDir);
    std::shared_ptr<models::granular::GranularModel> model =
        models::granular::GranularModel::load(path);
    m_generator = std::make_shared<models::granular::GranularGenerator>(model, 1);
    m_drums = &m_engine.add<core::engine::DrumMachine>();
    m_drums->strip.gainDb = m_config.volumeDb;
    m_work.model = models::training::modelName(path);
    m_work.classes = m_generator->classes();
    std::lock_guard lock(m_mutex);
    m_state = m_work;
}

DrumModule::~DrumModule() {
    m_service.reset();
}

void DrumModule::start(double, int) {
    m_service.reset();
    m_port = &m_engine.openPort();
    auto& generationPort = m_engine.openPort();
    m_service =
        std::make_unique<core::gen::GenerationService>(m_generator, m_engine, generationPort);
    // The first kit: one sound per class, on the track of that class.
    const auto& classes = m_work.classes;
    for (std::size_t t = 0;
         t < classes.size() && t < static_cast<std::size_t>(core::seq::kMaxTracks); ++t)
        m_service->request(static_cast<int>(t),
                           {core::gen::GenerationMode::Note, classes[t], m_seed++, {}});
}

bool DrumModule::ready(int) {
    return !m_service || m_service->pending() == 0;
}

DrumModule::State DrumModule::state() const {
    std::lock_guard lock(m_mutex);
    return m_state;
}

void DrumModule::tick(double seconds) {
    const double dt = m_lastSeconds < 0.0 ? 0.0 : seconds - m_lastSeconds;
    m_lastSeconds = seconds;
    const auto& classes = m_work.classes;
    const int n = std::min(static_cast<int>(classes.size()), core::seq::kMaxTracks);
    bool ok = true;
    if (m_panel.cv) {
        std::array<float, hw::kCvInputs> raw{};
        if (m_panel.cv->read(seconds, raw))
            m_select.process(raw[0], static_cast<float>(dt));
        else
            ok = false;
    }
    const int selected =
        std::clamp(static_cast<int>(std::lround((m_select.value() + 1.0f) * 0.5f * (n - 1))), 0,
                   std::max(0, n - 1));
    std::array<float, hw::kGateInputs> volts{};
    if (m_panel.gates && !m_panel.gates->read(seconds, volts))
        ok = false;
    State& s = m_work;
    if (m_panel.gates && m_gates[0].process(volts[0], seconds) == control::GateEdge::Rising) {
        for (int t = 0; t < n; ++t) {
            const float v = patternVelocity(classes[static_cast<std::size_t>(t)], s.step);
            if (v > 0.0f)
                m_port->push({core::engine::CommandType::Audition, static_cast<std::int16_t>(t), 0,
                              v, nullptr, 0});
        }
        s.step = (s.step + 1) % kSteps;
        ++s.stepsPlayed;
        m_flashUntil = seconds + 0.05;
    }
    if (m_panel.gates && m_gates[1].process(volts[1], seconds) == control::GateEdge::Rising &&
        m_service && n > 0) {
        m_service->request(selected, {core::gen::GenerationMode::Note,
                                      classes[static_cast<std::size_t>(selected)],
                                      m_seed++,
                                      {}});
        ++s.generated;
    }
    if (m_service)
        while (auto r = m_service->poll())
            if (!r->error.empty())
                s.error = r->error;
    if (!ok)
        s.error = "a panel input does not answer";
    else if (s.error == "a panel input does not answer")
        s.error.clear();
    s.selected = selected;
    hw::LedColour led;
    if (!s.error.empty())
        led = std::fmod(seconds, 0.5) < 0.25 ? hw::LedColour{255, 0, 0} : hw::LedColour{};
    else
        led = seconds < m_flashUntil ? hw::LedColour{0, 255, 0} : hw::LedColour{0, 32, 0};
    if (m_panel.led && !(led == s.led))
        m_panel.led->set(led);
    s.led = led;
    // Published by copy-assignment into the same-sized state: its strings and class list reuse
    // their storage, so a tick does not allocate once the state has settled.
    std::lock_guard lock(m_mutex);
    m_state = m_work;
}

void DrumModule::drawDisplay() {
    if (!m_panel.display)
        return;
    const auto s = state();
    hw::Frame frame;
    ScreenState header;
    header.model = s.model;
    header.error = s.error;
    header.cpuLoad = m_cpuMeter.sample();
    drawScreen(frame, header); // model name and any error
    if (s.error.empty()) {
        // The 16 steps as boxes (the next one filled), then the selected class and the count.
        for (int k = 0; k < kSteps; ++k)
            for (int y = 18; y < 26; ++y)
                for (int x = k * 8; x < k * 8 + 7; ++x)
                    frame.set(x, y,
                              k == s.step || y == 18 || y == 25 || x == k * 8 || x == k * 8 + 6);
        drawText(frame, 0, 30,
                 "CV 1: " + (s.classes.empty() ? std::string("-")
                                               : s.classes[static_cast<std::size_t>(s.selected)]));
        drawText(frame, 0, 44, "new sounds: " + std::to_string(s.generated));
    }
    m_panel.display->show(frame);
}

std::unique_ptr<ModuleInstrument> makeInstrument(const ModuleConfig& config, const Panel& panel,
                                                 const std::filesystem::path& assets,
                                                 const std::filesystem::path& configDir) {
    if (config.mode == "drums")
        return std::make_unique<DrumModule>(config, panel, assets, configDir);
    return std::make_unique<ModuleRuntime>(config, panel, assets, configDir);
}

} // namespace latentrack::embedded::module
