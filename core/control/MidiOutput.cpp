#include "core/control/MidiOutput.h"

#include <stdexcept>

#include <rtmidi/RtMidi.h>

#include "core/control/RtMidiSupport.h"

namespace latentrack::core::control {

MidiOutput::MidiOutput() = default;
MidiOutput::~MidiOutput() {
    close();
}

std::vector<std::string> MidiOutput::destinations(MidiInput::Api api) {
    return detail::rtMidiPortNames<RtMidiOut>(api);
}

void MidiOutput::open(std::optional<int> destination, MidiInput::Api api,
                      const std::string& clientName, const std::string& portName) {
    close();
    try {
        auto out = std::make_unique<RtMidiOut>(detail::toRtMidiApi(api), clientName);
        out->setErrorCallback(detail::ignoreRtMidiError, nullptr);
        if (destination) {
            if (*destination < 0 || static_cast<unsigned>(*destination) >= out->getPortCount())
                throw std::runtime_error("MIDI destination " + std::to_string(*destination) +
                                         " does not exist");
            out->openPort(static_cast<unsigned>(*destination), portName);
        } else {
            out->openVirtualPort(portName);
        }
        m_out = std::move(out);
    } catch (const RtMidiError& e) {
        throw std::runtime_error("MIDI output: " + e.getMessage());
    }
}

void MidiOutput::close() {
    if (m_out) {
        m_out->closePort();
        m_out.reset();
    }
}

void MidiOutput::send(const std::vector<std::uint8_t>& message) {
    if (!m_out)
        throw std::runtime_error("MIDI output is not open");
    try {
        m_out->sendMessage(message.data(), message.size());
    } catch (const RtMidiError& e) {
        throw std::runtime_error("MIDI output: " + e.getMessage());
    }
}

} // namespace latentrack::core::control
