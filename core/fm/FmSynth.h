#pragma once
// The DX7-compatible polyphonic synthesizer: up to 64 FmVoices sharing one patch and one LFO,
// with voice stealing, sustain pedal, pitch bend and mod wheel. Output is mono (as the DX7),
// added into the caller's buffer.
//
// Thread: audio for everything after prepare(); nothing here allocates, locks or logs. The
// engine feeds it from its command queue (NoteOn, SetFmParam, LoadFmVoice …).

#include <array>
#include <cstdint>

#include "core/fm/DxVoice.h"
#include "core/fm/FmPatch.h"
#include "core/fm/FmVoice.h"
#include "core/fm/Lfo.h"

namespace latentrack::core::fm {

class FmSynth {
public:
    static constexpr int kMaxPolyphony = 64;
    static constexpr int kDefaultPolyphony = 16;
    /// Gain of one full-scale carrier in the output (−18 dB), leaving headroom for six carriers
    /// and chords.
    static constexpr float kCarrierGain = 0.125f;

    FmSynth();
    /// Thread: owner, before audio. Resets all voices.
    void prepare(double sampleRate) noexcept;

    void setVoice(const DxVoice& voice) noexcept;
    /// index 0 … 154, value clamped to the parameter's range. Sounding notes follow the edit.
    void setParam(int index, int value) noexcept;
    const DxVoice& voice() const noexcept { return m_patch.voice; }
    /// Operator on/off switches: bit (op − 1) set = on.
    void setOperatorMask(std::uint8_t mask) noexcept;
    std::uint8_t operatorMask() const noexcept { return m_opMask; }

    /// 1 … kMaxPolyphony; voices above the new limit are released.
    void setPolyphony(int voices) noexcept;
    int polyphony() const noexcept { return m_polyphony; }

    /// note 0 … 127, velocity 1 … 127 (0 is note-off, as in MIDI).
    void noteOn(int note, int velocity) noexcept;
    void noteOff(int note) noexcept;
    void setSustain(bool down) noexcept;
    /// −1 … +1, scaled by pitchBendRange semitones.
    void setPitchBend(float bend) noexcept { m_bend = bend; }
    void setPitchBendRange(float semitones) noexcept { m_bendRange = semitones; }
    /// 0 … 1: adds to the voice's LFO pitch-mod depth (the DX7's default wheel assignment).
    void setModWheel(float amount) noexcept { m_modWheel = amount; }
    /// Releases every note (sustain ignored).
    void allNotesOff() noexcept;
    /// Silences every voice at once.
    void allSoundOff() noexcept;

    /// Adds `frames` mono samples into out. Any block length; split into control blocks.
    void render(float* out, int frames) noexcept;
    int activeVoices() const noexcept;

private:
    int findVoice(int note) noexcept;
    void renderControlBlock(float* out, int frames) noexcept;

    double m_sampleRate = 48000.0;
    FmPatch m_patch;
    std::uint8_t m_opMask = 0x3F;
    std::array<FmVoice, kMaxPolyphony> m_voices{};
    int m_polyphony = kDefaultPolyphony;
    Lfo m_lfo;
    VoiceScratch m_scratch;
    std::uint64_t m_clock = 0;
    bool m_sustain = false;
    float m_bend = 0.0f;
    float m_bendRange = 2.0f;
    float m_modWheel = 0.0f;
};

} // namespace latentrack::core::fm
