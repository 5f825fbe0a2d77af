#pragma once
// What MidiInput and MidiOutput share about RtMidi (private to core/control, not a public
// header of the module): choosing the RtMidi API and listing port names. Thread: owner.

#include <string>
#include <vector>

#include <rtmidi/RtMidi.h>

#include "core/control/MidiInput.h"

namespace latentrack::core::control::detail {

inline RtMidi::Api toRtMidiApi(MidiInput::Api api) {
    if (api == MidiInput::Api::Automatic)
        api = MidiInput::automaticApi();
    return api == MidiInput::Api::Jack ? RtMidi::UNIX_JACK : RtMidi::LINUX_ALSA;
}

/// Errors surface through the calls that caused them (as exceptions); without this RtMidi
/// would also print them.
inline void ignoreRtMidiError(RtMidiError::Type, const std::string&, void*) {}

/// Port names seen by an RtMidiIn (sources) or RtMidiOut (destinations); empty when the API
/// is unavailable.
template <typename Port> std::vector<std::string> rtMidiPortNames(MidiInput::Api api) {
    std::vector<std::string> names;
    try {
        Port probe(toRtMidiApi(api), "LatentRack probe");
        probe.setErrorCallback(ignoreRtMidiError, nullptr);
        for (unsigned i = 0; i < probe.getPortCount(); ++i)
            names.push_back(probe.getPortName(i));
    } catch (const RtMidiError&) {
    }
    return names;
}

} // namespace latentrack::core::control::detail
