#include "core/control/EngineParameters.h"

#include "core/engine/DrumMachine.h"
#include "core/engine/FmInstrument.h"
#include "core/fm/DxVoice.h"

namespace latentrack::core::control {

std::string fmParameterId(int index) {
    return "fm.param." + std::to_string(index);
}

void registerEngineParameters(ParameterRegistry& r, engine::Engine& engine,
                              engine::Engine::CommandPort& port) {
    using engine::Command;
    using engine::CommandType;
    engine::Engine* e = &engine;
    engine::Engine::CommandPort* p = &port;
    r.add({"transport.bpm", "Tempo (BPM)", 40.0f, 300.0f, false, false},
          [e](float v) { e->bpm.store(v); });
    r.add({"transport.swing", "Swing (%)", 50.0f, 75.0f, false, false},
          [e](float v) { e->swing.store(v / 100.0); });
    r.add({"transport.play", "Play / stop", 0.0f, 1.0f, true, true}, [p](float v) {
        p->push(Command{v >= 0.5f ? CommandType::Play : CommandType::Stop, 0, 0, 0.0f, nullptr});
    });
    r.add({"master.gain", "Master gain (dB)", -60.0f, 12.0f, false, false},
          [e](float v) { e->masterGainDb.store(v); });
    if (auto* fm = engine.find<engine::FmInstrument>())
        r.add({"fm.gain", "FM gain (dB)", -60.0f, 12.0f, false, false},
              [fm](float v) { fm->strip.gainDb.store(v); });
    auto* drums = engine.find<engine::DrumMachine>();
    for (int t = 0; drums != nullptr && t < seq::kMaxTracks; ++t) {
        const std::string id = "track." + std::to_string(t + 1);
        const std::string name = "Track " + std::to_string(t + 1);
        auto& tc = drums->tracks[static_cast<std::size_t>(t)];
        r.add({id + ".gain", name + " gain (dB)", -60.0f, 12.0f, false, false},
              [&tc](float v) { tc.gainDb.store(v); });
        r.add({id + ".pan", name + " pan", -1.0f, 1.0f, false, false},
              [&tc](float v) { tc.pan.store(v); });
        r.add({id + ".mute", name + " mute", 0.0f, 1.0f, true, true},
              [&tc](float v) { tc.mute.store(v >= 0.5f); });
        r.add({id + ".solo", name + " solo", 0.0f, 1.0f, true, true},
              [&tc](float v) { tc.solo.store(v >= 0.5f); });
        // Triggers for the neural drum machine; the GUI acts on them (generation is not an
        // engine parameter), so nothing is applied on the MIDI thread.
        r.add({id + ".sample_note", name + " sample note", 0.0f, 1.0f, true, false}, [](float) {});
        r.add({id + ".sample_path", name + " sample path", 0.0f, 1.0f, true, false}, [](float) {});
    }
    for (int i = 0; i < static_cast<int>(fm::VoiceParam::Name); ++i)
        r.add({fmParameterId(i), "FM " + fm::paramName(i), 0.0f,
               static_cast<float>(fm::paramMax(i)), true, false},
              [p, i](float v) {
                  p->push(Command{CommandType::FmSetParam, static_cast<std::int16_t>(v),
                                  static_cast<std::int16_t>(i), 0.0f, nullptr});
              });
    r.add({"fm.bend", "FM pitch bend", -1.0f, 1.0f, false, false}, [p](float v) {
        p->push(Command{CommandType::FmPitchBend, 0, 0, v, nullptr});
    });
    r.add({"fm.modwheel", "FM mod wheel", 0.0f, 1.0f, false, false}, [p](float v) {
        p->push(Command{CommandType::FmModWheel, 0, 0, v, nullptr});
    });
}

} // namespace latentrack::core::control
