#pragma once
// MIDI output (RtMidi) for sending DX7 voices and cartridges as SysEx to an external DX7 or
// Dexed. Thread: owner (GUI); send() copies the message into RtMidi, which may block briefly.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/control/MidiInput.h"

class RtMidiOut;

namespace latentrack::core::control {

class MidiOutput {
public:
    MidiOutput();
    ~MidiOutput();
    /// Names of the MIDI destinations.
    static std::vector<std::string> destinations(MidiInput::Api api = MidiInput::Api::Automatic);
    /// Opens our output port and connects it to `destination` (or leaves it unconnected).
    /// Throws std::runtime_error.
    void open(std::optional<int> destination, MidiInput::Api api = MidiInput::Api::Automatic,
              const std::string& clientName = "LatentRack",
              const std::string& portName = "midi_out");
    void close();
    bool isOpen() const noexcept { return static_cast<bool>(m_out); }
    /// Sends one complete message (e.g. a 4104-byte cartridge). Throws std::runtime_error.
    void send(const std::vector<std::uint8_t>& message);

private:
    std::unique_ptr<RtMidiOut> m_out;
};

} // namespace latentrack::core::control
