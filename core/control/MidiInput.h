#pragma once
// MIDI input (RtMidi): notes, velocity, pitch bend, mod wheel and sustain play the FM engine;
// notes on the drum channel trigger drum tracks (per-track note numbers, General MIDI drum
// map by default); mapped controllers move parameters; MIDI learn.
//
// The RtMidi callback runs on RtMidi's own thread (the "control" thread of DESIGN.md). It only
// looks things up, writes atomics and pushes into queues: engine commands through the
// engine port given to the constructor, and events for the GUI (parameter changed, learned)
// into an SPSC queue read with pollEvent().
//
// API: JACK where there is no ALSA sequencer (/dev/snd/seq), as on CI machines; ALSA otherwise.

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/control/MidiMapping.h"
#include "core/control/Parameters.h"
#include "core/engine/Engine.h"
#include "core/seq/Pattern.h"

namespace latentrack::core::control {

/// General MIDI drum notes for the 8 drum classes (kick 36, snare 38, clap 39, closed hat 42,
/// open hat 46, tom 45, crash 49, ride 51) and the 10-track set (bass 35, break 37, cymbal 49,
/// fx 55, hat 42, kick 36, lead 72, pad 74, perc 56, snare 38).
std::array<int, seq::kMaxTracks> defaultDrumNotes(seq::TrackLayout layout);

struct MidiEvent {
    enum class Type { ParameterChanged, Learned, Note };
    Type type = Type::ParameterChanged;
    int parameter = -1; ///< registry index (ParameterChanged, Learned)
    float value = 0.0f; ///< physical value (ParameterChanged); velocity 0 … 127 (Note)
    int channel = 0;    ///< 1 … 16 (Learned, Note)
    int controller = 0; ///< CC number (Learned); note number (Note)
    bool highResolution = false;
};

class MidiInput {
public:
    enum class Api { Automatic, Jack, Alsa };

    MidiInput(engine::Engine::CommandPort& enginePort, const ParameterRegistry& registry);
    ~MidiInput();
    MidiInput(const MidiInput&) = delete;
    MidiInput& operator=(const MidiInput&) = delete;

    /// Names of the MIDI sources the API sees. Thread: owner.
    static std::vector<std::string> sources(Api api = Api::Automatic);
    static Api automaticApi();

    /// Opens a port named `portName` of client `clientName` and connects it to source number
    /// `source` (from sources()), or leaves it unconnected (others connect to it) when source
    /// is std::nullopt. Throws std::runtime_error with RtMidi's message on failure.
    void open(std::optional<int> source, Api api = Api::Automatic,
              const std::string& clientName = "LatentRack",
              const std::string& portName = "midi_in");
    void close();
    bool isOpen() const noexcept { return m_open; }
    std::string description() const { return m_description; }

    /// Mappings (owner thread). Unknown parameters are skipped and returned.
    std::vector<std::string> setMappings(std::vector<MidiMapping> mappings);
    const std::vector<MidiMapping>& mappings() const noexcept { return m_mappings; }

    /// The next controller moved becomes mapped to `parameter` (a Learned event is posted;
    /// the owner then adds the mapping). A 14-bit pair is detected when its LSB follows.
    void armLearn(int parameter) noexcept { m_learnParameter.store(parameter); }
    void cancelLearn() noexcept { m_learnParameter.store(-1); }
    int learning() const noexcept { return m_learnParameter.load(); }

    /// FM channel 1 … 16 or 0 for all channels but the drum channel; drum channel 1 … 16 or 0
    /// for none. Drum notes per track (−1 = none). Thread: owner; read by the MIDI thread.
    void setFmChannel(int channel) noexcept { m_fmChannel.store(channel); }
    void setDrumChannel(int channel) noexcept { m_drumChannel.store(channel); }
    void setDrumNote(int track, int note) noexcept;
    int drumNote(int track) const noexcept;

    /// Events for the GUI. Thread: owner (single consumer).
    bool pollEvent(MidiEvent& event) noexcept;

    /// The callback body: one complete MIDI message, played at steady_clock time `timeNs`
    /// (Engine::nowNs(); 0 = apply at the top of the next block). Public so that tests can feed
    /// messages without a MIDI driver. Thread: the MIDI thread (one at a time).
    void handleMessage(const unsigned char* bytes, std::size_t size,
                       std::uint64_t timeNs = 0) noexcept;
    /// Time of a message that arrived `deltaSeconds` after the previous one (RtMidi's delta,
    /// from the driver's timestamps): the previous time plus the delta while that stays
    /// within 20 ms before now, else now. Keeps the spacing of a burst delivered at once.
    /// Thread: the MIDI thread.
    std::uint64_t eventTime(double deltaSeconds) noexcept;

private:
    struct Impl;
    void post(const MidiEvent& e) noexcept;
    void controlChange(int channel, int cc, int value, std::uint64_t timeNs) noexcept;
    void applyMapping(const MidiMapTable& table, int index, float controller) noexcept;
    void finishLearn(bool highResolution) noexcept;

    engine::Engine::CommandPort& m_port;
    const ParameterRegistry& m_registry;
    std::unique_ptr<Impl> m_impl;
    bool m_open = false;
    std::string m_description;
    std::vector<MidiMapping> m_mappings;
    std::atomic<const MidiMapTable*> m_table{nullptr};
    std::atomic<int> m_learnParameter{-1};
    std::atomic<int> m_fmChannel{0};
    std::atomic<int> m_drumChannel{10};
    std::array<std::atomic<int>, seq::kMaxTracks> m_drumNotes{};

    // MIDI-thread state.
    std::array<std::array<std::uint8_t, 32>, 16> m_msb{};
    int m_learnChannel = -1; ///< a learn waiting to see whether an LSB follows
    int m_learnCc = -1;
    std::uint64_t m_lastEventNs = 0; ///< eventTime() of the previous message
};

} // namespace latentrack::core::control
