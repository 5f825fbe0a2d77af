#pragma once
// Commands from the GUI, OSC and MIDI threads to the audio thread (STYLE.md §4): small,
// trivially copyable, pushed into a fixed-capacity SPSC queue and drained at the top of each
// audio block. Continuous controls (tempo, swing, gains, pan) are atomics instead.
// Performance events (Audition and the FM note, bend, wheel and pedal commands) may carry the
// time they were played (timeNs); the engine then plays them at the same position one block
// later instead of at the top of the block, so MIDI timing has no block-size jitter.

#include <cstdint>
#include <type_traits>

namespace latentrack::core::engine {

enum class CommandType : std::uint8_t {
    Play,           ///< start the transport from step 0
    Stop,           ///< stop the transport; sounding voices ring out
    SetStep,        ///< track, step, value = velocity in [0, 1] (0 = off)
    SetNumSteps,    ///< step = number of steps, 1 … 64
    LoadPattern,    ///< payload = seq::Pattern* (engine takes ownership, frees it off-thread)
    SetTrackSample, ///< track, payload = voice::Sample* (ownership as above; may be null)
    SetChokeGroup,  ///< track, step = group (0 = none, 1 … 8)
    SetPolyphony,   ///< track, step = voices (1 … 16)
    Audition,       ///< track, value = velocity: play the track's sound now, transport or not
    // FM synthesizer (core/fm). Notes are MIDI numbers 0 … 127.
    FmNoteOn,         ///< step = note, track = velocity 1 … 127
    FmNoteOff,        ///< step = note
    FmPitchBend,      ///< value = −1 … +1
    FmModWheel,       ///< value = 0 … 1
    FmSustain,        ///< value ≥ 0.5: pedal down
    FmAllNotesOff,    ///< release every note
    FmSetParam,       ///< step = parameter index 0 … 154, track = value
    FmLoadVoice,      ///< payload = fm::DxVoice* (engine takes ownership, frees it off-thread)
    FmSetPolyphony,   ///< step = voices 1 … 64
    FmSetOperatorMask ///< step = operator on/off bits (bit 0 = operator 1)
};

struct Command {
    CommandType type = CommandType::Stop;
    std::int16_t track = 0;
    std::int16_t step = 0;
    float value = 0.0f;
    void* payload = nullptr;
    /// steady_clock time in ns when the event was played (Engine::nowNs()); 0 = at once.
    std::uint64_t timeNs = 0;
};
static_assert(std::is_trivially_copyable_v<Command>);

} // namespace latentrack::core::engine
