#include "embedded/module/ModuleRuntime.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/dsp/Descriptors.h"
#include "core/io/AtomicFile.h"
#include "models/rave/FaderScale.h"
#include "models/training/ModelFiles.h"

namespace latentrack::embedded::module {

namespace fs = std::filesystem;

std::vector<std::string> faderModels(const fs::path& assets) {
    std::vector<std::string> out;
    std::error_code ec;
    if (assets.empty() || !fs::is_directory(assets / "models", ec))
        return out;
    for (const auto& e : fs::directory_iterator(assets / "models", ec)) {
        if (e.is_regular_file() && e.path().extension() == ".ts") {
            out.push_back(e.path().filename().string());
            continue;
        }
        try {
            const auto j = nlohmann::json::parse(core::io::readFile(e.path() / "model.json"));
            if (j.value("kind", std::string()) == "rave")
                out.push_back(e.path().filename().string());
        } catch (const std::exception&) {
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

ModuleRuntime::ModuleRuntime(ModuleConfig config, Panel panel, fs::path assets, fs::path configDir)
    : m_config(std::move(config)), m_panel(panel), m_assets(std::move(assets)),
      m_configDir(std::move(configDir)), m_gates{control::GateDetector(m_config.gate),
                                                 control::GateDetector(m_config.gate)},
      m_macroRng(m_config.macroSeed) {
    if (m_config.mode != "faders")
        throw ModuleConfigError("mode \"" + m_config.mode +
                                "\": the attribute-fader instrument plays mode \"faders\"");
    for (int i = 0; i < hw::kCvInputs; ++i) {
        const auto& c = m_config.cv[static_cast<std::size_t>(i)];
        m_scalers[static_cast<std::size_t>(i)] =
            control::CvScaler(c.calibration, c.range, m_config.smoothingSeconds);
    }
    m_stream = &m_engine.add<GatedStream>();
    m_stream->strip.gainDb = m_config.volumeDb;
    m_stream->attackSeconds = m_config.attackSeconds;
    m_stream->releaseSeconds = m_config.releaseSeconds;

    MenuValues values;
    values.models = faderModels(m_assets);
    for (int i = 0; i < hw::kCvInputs; ++i)
        values.targets[static_cast<std::size_t>(i)] =
            m_config.cv[static_cast<std::size_t>(i)].target;
    values.range = m_config.cv[0].range;
    values.volumeDb = m_config.volumeDb;
    const auto path = resolveModel(m_config.model, m_assets, m_configDir);
    const auto name = models::training::modelName(path);
    const auto it = std::find(values.models.begin(), values.models.end(), name);
    if (it == values.models.end())
        values.models.insert(values.models.begin(), name);
    values.model = static_cast<int>(std::find(values.models.begin(), values.models.end(), name) -
                                    values.models.begin());
    m_menu = std::make_unique<ModuleMenu>(values);
    adopt(load(path));
    std::lock_guard lock(m_stateMutex);
    m_state.model = name;
}

ModuleRuntime::~ModuleRuntime() {
    m_voice.reset();
    m_tsVoice.reset();
}

ModuleRuntime::Loaded ModuleRuntime::load(const fs::path& path) {
    Loaded l;
    if (fs::is_regular_file(path))
        l.script = std::shared_ptr<models::torchscript::TorchScriptModel>(
            models::torchscript::TorchScriptModel::load(path));
    else
        l.bundle = std::make_shared<models::rave::RaveBundle>(models::rave::loadRaveModel(path));
    return l;
}

void ModuleRuntime::adopt(Loaded loaded) {
    m_bundle = std::move(loaded.bundle);
    m_script = std::move(loaded.script);
    m_scale = m_bundle ? models::rave::FaderScale(m_bundle->binEdges) : models::rave::FaderScale();
}

void ModuleRuntime::start(double engineRate, int bufferFrames) {
    m_voice.reset();
    m_tsVoice.reset();
    m_rate = engineRate;
    m_buffer = std::max(1, bufferFrames);
    const double ahead =
        std::max(models::rave::RaveVoice::kDefaultAheadSeconds, 2.0 * m_buffer / engineRate);
    if (m_script)
        m_tsVoice = std::make_unique<models::torchscript::TorchScriptVoice>(
            m_script, m_stream->ring(), engineRate, ahead);
    else
        m_voice = std::make_unique<models::rave::RaveVoice>(m_bundle, m_stream->ring(), engineRate,
                                                            ahead);
    m_sentAny = false;
    applyControls();
    // Decoding never stops; gate 1 opens the VCA.
    if (m_tsVoice)
        m_tsVoice->play(true);
    else
        m_voice->play(true);
}

void ModuleRuntime::loadModel(const std::string& name) {
    // Loading reads a few MB and builds the network (LibTorch): on a loader thread, so that the
    // control ticks go on; the old voice plays until the new one is ready (finishLoad()). A
    // choice made while one loads waits for it. `name` is a folder of <assets>/models
    // (faderModels()).
    if (m_loading.valid())
        return;
    m_loadingName = name;
    m_loading = std::async(std::launch::async, [name, assets = m_assets, dir = m_configDir] {
        return load(resolveModel(std::filesystem::path("models") / name, assets, dir));
    });
}

void ModuleRuntime::finishLoad() {
    if (!m_loading.valid() ||
        m_loading.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    try {
        auto loaded = m_loading.get();
        m_voice.reset();
        m_tsVoice.reset();
        adopt(std::move(loaded));
        if (m_rate > 0.0)
            start(m_rate, m_buffer);
        std::lock_guard lock(m_stateMutex);
        m_state.model = m_loadingName;
        m_state.error.clear();
    } catch (const std::exception& e) {
        setError(m_loadingName + ": " + e.what());
    }
}

void ModuleRuntime::setError(std::string e) {
    std::lock_guard lock(m_stateMutex);
    m_state.error = std::move(e);
}

void ModuleRuntime::applyMenu(unsigned changes) {
    const auto& v = m_menu->values();
    if (changes & ModuleMenu::Volume)
        m_stream->strip.gainDb = v.volumeDb;
    if (changes & ModuleMenu::Range)
        for (auto& s : m_scalers)
            s.setRange(v.range);
    if (changes & ModuleMenu::Targets)
        for (int i = 0; i < hw::kCvInputs; ++i)
            m_config.cv[static_cast<std::size_t>(i)].target =
                v.targets[static_cast<std::size_t>(i)];
    if ((changes & ModuleMenu::Model) && !v.models.empty())
        loadModel(v.models[static_cast<std::size_t>(v.model)]);
}

void ModuleRuntime::applyControls() {
    if (!m_voice && !m_tsVoice)
        return;
    std::array<float, 5> faders = m_macro;
    float latent = 0.0f;
    float pitchVolts = 0.0f; // the CVs assigned to the pitch, summed
    std::array<float, hw::kCvInputs> cv{};
    for (int i = 0; i < hw::kCvInputs; ++i) {
        const auto& t = m_config.cv[static_cast<std::size_t>(i)].target;
        const float v = m_scalers[static_cast<std::size_t>(i)].value();
        cv[static_cast<std::size_t>(i)] = v;
        if (t.kind == CvTarget::Kind::Latent)
            latent = std::clamp(latent + v, -1.0f, 1.0f);
        else if (t.kind == CvTarget::Kind::Attribute && t.attribute >= 0 && t.attribute < 5)
            faders[static_cast<std::size_t>(t.attribute)] += v;
        else if (t.kind == CvTarget::Kind::Pitch)
            pitchVolts += m_scalers[static_cast<std::size_t>(i)].smoothedVolts();
    }
    for (auto& f : faders)
        f = std::clamp(f, -1.0f, 1.0f);
    // Only changes reach the voice (each setter marks a change for the worker).
    constexpr float kStep = 1.0f / 512.0f;
    for (int a = 0; a < 5; ++a)
        if (!m_sentAny || std::abs(faders[static_cast<std::size_t>(a)] -
                                   m_sent[static_cast<std::size_t>(a)]) >= kStep) {
            if (m_voice)
                m_voice->setFader(a, faders[static_cast<std::size_t>(a)]);
            else // z2 … z6
                m_tsVoice->setKnob(a + 1, {faders[static_cast<std::size_t>(a)] * kLatentRange});
            m_sent[static_cast<std::size_t>(a)] = faders[static_cast<std::size_t>(a)];
        }
    if (!m_sentAny || std::abs(latent - m_sentLatent) >= kStep) {
        if (m_voice)
            m_voice->setFirstLatent(latent);
        else
            m_tsVoice->setKnob(0, {latent * kLatentRange});
        m_sentLatent = latent;
    }
    // 1 V/octave from C4 (a model without a pitch input ignores it).
    const float note = kPitchCentreMidi + 12.0f * pitchVolts;
    if (m_voice && (!m_sentAny || std::abs(note - m_sentNote) >= 0.01f)) {
        m_voice->setNote(note);
        m_sentNote = note;
    }
    m_sentAny = true;
    std::lock_guard lock(m_stateMutex);
    m_state.cv = cv;
    m_state.attributes = m_sent;
    m_state.latent = m_sentLatent;
}

void ModuleRuntime::tick(double seconds) {
    finishLoad();
    const double dt = m_lastSeconds < 0.0 ? 0.0 : seconds - m_lastSeconds;
    m_lastSeconds = seconds;
    bool hardwareOk = true;
    if (m_panel.cv) {
        std::array<float, hw::kCvInputs> raw{};
        if (m_panel.cv->read(seconds, raw))
            for (int i = 0; i < hw::kCvInputs; ++i)
                m_scalers[static_cast<std::size_t>(i)].process(raw[static_cast<std::size_t>(i)],
                                                               static_cast<float>(dt));
        else
            hardwareOk = false;
    }
    bool gate1 = m_gates[0].high();
    if (m_panel.gates) {
        std::array<float, hw::kGateInputs> volts{};
        if (m_panel.gates->read(seconds, volts)) {
            m_gates[0].process(volts[0], seconds);
            gate1 = m_gates[0].high();
            if (m_gates[1].process(volts[1], seconds) == control::GateEdge::Rising) {
                std::uniform_real_distribution<float> u(-kMacroSpread, kMacroSpread);
                for (auto& m : m_macro)
                    m = u(m_macroRng);
                std::lock_guard lock(m_stateMutex);
                ++m_state.macroCount;
            }
        } else {
            hardwareOk = false;
        }
    }
    m_stream->gate = gate1;
    if (m_panel.encoder) {
        int detents = 0;
        bool pushed = false;
        if (m_panel.encoder->read(seconds, detents, pushed))
            applyMenu(m_menu->handle(detents, pushed, seconds));
        else
            hardwareOk = false;
        std::lock_guard lock(m_stateMutex);
        m_state.menuOpen = m_menu->isOpen();
        if (m_state.menuOpen) {
            m_state.menuLines = m_menu->lines();
            m_state.menuItem = static_cast<int>(m_menu->item());
            m_state.editing = m_menu->editing();
        }
    }
    applyControls();
    if (m_tsVoice && m_tsVoice->hasError())
        setError(m_tsVoice->error()); // the voice is silent until another model loads

    const auto snap = m_engine.snapshot();
    if (snap.masterPeak >= 1.0f)
        m_clipUntil = seconds + 0.3;
    std::string error;
    {
        std::lock_guard lock(m_stateMutex);
        if (!hardwareOk && m_state.error.empty())
            m_state.error = "a panel input does not answer";
        if (hardwareOk && m_state.error == "a panel input does not answer")
            m_state.error.clear();
        error = m_state.error;
        m_state.gate1 = gate1;
    }
    hw::LedColour led;
    if (!error.empty())
        led = std::fmod(seconds, 0.5) < 0.25 ? hw::LedColour{255, 0, 0} : hw::LedColour{};
    else if (seconds < m_clipUntil)
        led = {255, 0, 0};
    else
        led = gate1 ? hw::LedColour{0, 255, 0} : hw::LedColour{0, 64, 0};
    std::lock_guard lock(m_stateMutex);
    if (m_panel.led && !(led == m_state.led))
        m_panel.led->set(led);
    m_state.led = led;
}

ModuleRuntime::State ModuleRuntime::state() const {
    std::lock_guard lock(m_stateMutex);
    return m_state;
}

std::array<float, 5> ModuleRuntime::voiceTargets() const {
    return m_voice ? m_voice->targets() : std::array<float, 5>{};
}

float ModuleRuntime::voicePitch() const {
    return m_voice ? m_voice->pitch() : 0.0f;
}

std::array<float, 5> ModuleRuntime::voiceMeasured() const {
    return m_voice ? m_voice->measured() : std::array<float, 5>{};
}

double ModuleRuntime::reactionSeconds() const {
    return m_voice ? m_voice->reactionSeconds() : -1.0;
}

void ModuleRuntime::drawDisplay() {
    if (!m_panel.display)
        return;
    ScreenState s;
    const auto st = state();
    s.model = st.model;
    s.gate = st.gate1;
    s.error = st.error;
    s.cpuLoad = m_cpuMeter.sample();
    constexpr int kBars = static_cast<int>(std::tuple_size_v<decltype(ScreenState::attributes)>);
    s.numAttributes = m_bundle ? std::min(kBars, m_bundle->config().attributes) : 0;
    for (int a = 0; a < kBars; ++a)
        s.attributeNames[static_cast<std::size_t>(a)] =
            core::dsp::descriptorName(static_cast<core::dsp::Descriptor>(a));
    if (m_script) { // the knobs z2 … z6 that the CVs and the macro move
        s.numAttributes = std::clamp(m_script->info().knobCount() - 1, 0, kBars);
        for (int a = 0; a < kBars; ++a)
            s.attributeNames[static_cast<std::size_t>(a)] = "z" + std::to_string(a + 2);
        s.showMeasured = false;
    }
    // The bars in the model's normalised range, as its measured ticks (travel → FaderScale).
    for (int a = 0; a < kBars; ++a)
        s.attributes[static_cast<std::size_t>(a)] =
            m_scale.toAttribute(a, st.attributes[static_cast<std::size_t>(a)]);
    s.measured = voiceMeasured();
    s.menuOpen = st.menuOpen;
    s.menuItem = st.menuItem;
    s.editing = st.editing;
    s.menuLines = st.menuLines;
    hw::Frame frame;
    drawScreen(frame, s);
    m_panel.display->show(frame);
}

} // namespace latentrack::embedded::module
