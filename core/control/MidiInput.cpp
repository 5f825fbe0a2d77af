#include "core/control/MidiInput.h"

#include <filesystem>
#include <stdexcept>

#include <readerwriterqueue/readerwriterqueue.h>
#include <rtmidi/RtMidi.h>

#include "core/control/RtMidiSupport.h"
#include "core/rt/CancellationHeldOff.h"

namespace latentrack::core::control {

namespace {

void onMessage(double delta, std::vector<unsigned char>* message, void* user) {
    if (message == nullptr || message->empty())
        return;
    // On JACK this is libjack's client thread, which closing the port cancels asynchronously:
    // held off while the noexcept handler runs (core/rt/CancellationHeldOff.h).
    auto* in = static_cast<MidiInput*>(user);
    rt::heldOffCancellation(
        [&] { in->handleMessage(message->data(), message->size(), in->eventTime(delta)); });
}

} // namespace

struct MidiInput::Impl {
    std::unique_ptr<RtMidiIn> in;
    moodycamel::ReaderWriterQueue<MidiEvent> events{1024};
    std::vector<std::unique_ptr<MidiMapTable>> tables; // current and retired, freed on close()
};

std::array<int, seq::kMaxTracks> defaultDrumNotes(seq::TrackLayout layout) {
    std::array<int, seq::kMaxTracks> notes{};
    notes.fill(-1);
    if (layout == seq::TrackLayout::Drums8)
        notes = {36, 38, 39, 42, 46, 45, 49, 51, -1, -1};
    else
        notes = {35, 37, 49, 55, 42, 36, 72, 74, 56, 38};
    return notes;
}

MidiInput::Api MidiInput::automaticApi() {
    return std::filesystem::exists("/dev/snd/seq") ? Api::Alsa : Api::Jack;
}

MidiInput::MidiInput(engine::Engine::CommandPort& enginePort, const ParameterRegistry& registry)
    : m_port(enginePort), m_registry(registry), m_impl(std::make_unique<Impl>()) {
    const auto notes = defaultDrumNotes(seq::TrackLayout::Drums8);
    for (int t = 0; t < seq::kMaxTracks; ++t)
        m_drumNotes[static_cast<std::size_t>(t)].store(notes[static_cast<std::size_t>(t)]);
    setMappings({});
}

MidiInput::~MidiInput() {
    close();
}

std::vector<std::string> MidiInput::sources(Api api) {
    return detail::rtMidiPortNames<RtMidiIn>(api);
}

void MidiInput::open(std::optional<int> source, Api api, const std::string& clientName,
                     const std::string& portName) {
    close();
    try {
        auto in = std::make_unique<RtMidiIn>(detail::toRtMidiApi(api), clientName, 1024);
        in->setErrorCallback(detail::ignoreRtMidiError, nullptr);
        in->ignoreTypes(true, true, true); // SysEx, timing, active sensing
        in->setCallback(onMessage, this);
        if (source) {
            if (*source < 0 || static_cast<unsigned>(*source) >= in->getPortCount())
                throw std::runtime_error("MIDI source " + std::to_string(*source) +
                                         " does not exist");
            m_description = in->getPortName(static_cast<unsigned>(*source));
            in->openPort(static_cast<unsigned>(*source), portName);
        } else {
            in->openVirtualPort(portName);
            m_description = clientName + ":" + portName + " (unconnected)";
        }
        m_impl->in = std::move(in);
        m_open = true;
    } catch (const RtMidiError& e) {
        throw std::runtime_error("MIDI input: " + e.getMessage());
    }
}

void MidiInput::close() {
    if (m_impl->in) {
        m_impl->in->cancelCallback();
        m_impl->in->closePort();
        m_impl->in.reset();
    }
    m_open = false;
    // No callback can run now: retired tables may go.
    if (m_impl->tables.size() > 1)
        m_impl->tables.erase(m_impl->tables.begin(), m_impl->tables.end() - 1);
}

std::vector<std::string> MidiInput::setMappings(std::vector<MidiMapping> mappings) {
    for (const auto& m : mappings)
        validate(m);
    auto table = std::make_unique<MidiMapTable>(mappings, m_registry);
    auto unknown = table->unknown();
    m_table.store(table.get(), std::memory_order_release);
    // The MIDI thread may still read the previous table; it is kept until close().
    m_impl->tables.push_back(std::move(table));
    m_mappings = std::move(mappings);
    return unknown;
}

void MidiInput::setDrumNote(int track, int note) noexcept {
    if (track >= 0 && track < seq::kMaxTracks)
        m_drumNotes[static_cast<std::size_t>(track)].store(note);
}

int MidiInput::drumNote(int track) const noexcept {
    return track >= 0 && track < seq::kMaxTracks
               ? m_drumNotes[static_cast<std::size_t>(track)].load()
               : -1;
}

bool MidiInput::pollEvent(MidiEvent& event) noexcept {
    return m_impl->events.try_dequeue(event);
}

void MidiInput::post(const MidiEvent& e) noexcept {
    m_impl->events.try_enqueue(e);
}

std::uint64_t MidiInput::eventTime(double deltaSeconds) noexcept {
    const std::uint64_t now = engine::Engine::nowNs();
    std::uint64_t t = now;
    if (m_lastEventNs != 0 && deltaSeconds >= 0.0 && deltaSeconds < 1.0) {
        const std::uint64_t predicted =
            m_lastEventNs + static_cast<std::uint64_t>(deltaSeconds * 1e9);
        if (predicted <= now && now - predicted < 20'000'000)
            t = predicted;
    }
    m_lastEventNs = t;
    return t;
}

void MidiInput::handleMessage(const unsigned char* bytes, std::size_t size,
                              std::uint64_t timeNs) noexcept {
    using engine::Command;
    using engine::CommandType;
    const int status = bytes[0] & 0xF0;
    const int channel = bytes[0] & 0x0F; // 0 … 15
    const int d1 = size > 1 ? bytes[1] & 0x7F : 0;
    const int d2 = size > 2 ? bytes[2] & 0x7F : 0;
    if (status < 0x80 || status == 0xF0)
        return;
    if (m_learnChannel >= 0 &&
        !(status == 0xB0 && channel == m_learnChannel && d1 == m_learnCc + 32))
        finishLearn(false); // the controller did not follow its MSB with an LSB
    const int drumChannel = m_drumChannel.load(std::memory_order_relaxed);
    const int fmChannel = m_fmChannel.load(std::memory_order_relaxed);
    const bool isDrum = drumChannel != 0 && channel + 1 == drumChannel;
    const bool isFm = !isDrum && (fmChannel == 0 || channel + 1 == fmChannel);

    switch (status) {
    case 0x90:
    case 0x80: {
        const bool on = status == 0x90 && d2 > 0;
        if (isDrum && on) {
            for (int t = 0; t < seq::kMaxTracks; ++t)
                if (m_drumNotes[static_cast<std::size_t>(t)].load(std::memory_order_relaxed) == d1)
                    m_port.push(Command{CommandType::Audition, static_cast<std::int16_t>(t), 0,
                                        static_cast<float>(d2) / 127.0f, nullptr, timeNs});
        } else if (isFm) {
            m_port.push(Command{on ? CommandType::FmNoteOn : CommandType::FmNoteOff,
                                static_cast<std::int16_t>(d2), static_cast<std::int16_t>(d1), 0.0f,
                                nullptr, timeNs});
        }
        post(MidiEvent{MidiEvent::Type::Note, -1, on ? static_cast<float>(d2) : 0.0f, channel + 1,
                       d1, false});
        break;
    }
    case 0xE0:
        if (isFm) {
            const int bend = (d2 << 7 | d1) - 8192;
            m_port.push(Command{CommandType::FmPitchBend, 0, 0, static_cast<float>(bend) / 8192.0f,
                                nullptr, timeNs});
        }
        break;
    case 0xB0:
        controlChange(channel, d1, d2, timeNs);
        break;
    default:
        break;
    }
}

void MidiInput::controlChange(int channel, int cc, int value, std::uint64_t timeNs) noexcept {
    using engine::Command;
    using engine::CommandType;
    // Learning: remember the controller; a 14-bit pair shows itself by its LSB (cc + 32).
    if (m_learnChannel >= 0 && channel == m_learnChannel && cc == m_learnCc + 32) {
        finishLearn(true);
        return;
    }
    if (m_learnParameter.load(std::memory_order_relaxed) >= 0) {
        if (cc < 32) {
            m_learnChannel = channel;
            m_learnCc = cc;
        } else {
            m_learnChannel = channel;
            m_learnCc = cc;
            finishLearn(false);
        }
        return;
    }
    const MidiMapTable* table = m_table.load(std::memory_order_acquire);
    if (cc < 32)
        m_msb[static_cast<std::size_t>(channel)][static_cast<std::size_t>(cc)] =
            static_cast<std::uint8_t>(value);
    if (table) {
        const std::int16_t lsbIndex = table->forLsb(channel, cc);
        if (lsbIndex != MidiMapTable::kNone) {
            const int msb =
                m_msb[static_cast<std::size_t>(channel)][static_cast<std::size_t>(cc - 32)];
            applyMapping(*table, lsbIndex, static_cast<float>(msb << 7 | value) / 16383.0f);
            return;
        }
        const std::int16_t index = table->forController(channel, cc);
        if (index != MidiMapTable::kNone) {
            const bool hi = table->mapping(index).highResolution;
            applyMapping(*table, index,
                         hi ? static_cast<float>(value << 7) / 16383.0f
                            : static_cast<float>(value) / 127.0f);
            return;
        }
    }
    // Unmapped controllers with a fixed meaning.
    const int fmChannel = m_fmChannel.load(std::memory_order_relaxed);
    if (fmChannel != 0 && channel + 1 != fmChannel)
        return;
    if (cc == 1)
        m_port.push(Command{CommandType::FmModWheel, 0, 0, static_cast<float>(value) / 127.0f,
                            nullptr, timeNs});
    else if (cc == 64)
        m_port.push(
            Command{CommandType::FmSustain, 0, 0, value >= 64 ? 1.0f : 0.0f, nullptr, timeNs});
    else if (cc == 123 || cc == 120)
        m_port.push(Command{CommandType::FmAllNotesOff, 0, 0, 0.0f, nullptr});
}

void MidiInput::applyMapping(const MidiMapTable& table, int index, float controller) noexcept {
    // `table` is the one `index` came from: the owner may publish a new table meanwhile.
    const int parameter = table.parameterIndex(index);
    const float value = m_registry.fromNormalised(parameter, table.mapping(index).map(controller));
    m_registry.apply(parameter, value);
    post(MidiEvent{MidiEvent::Type::ParameterChanged, parameter, value, 0, 0, false});
}

void MidiInput::finishLearn(bool highResolution) noexcept {
    const int parameter = m_learnParameter.exchange(-1);
    if (parameter >= 0 && m_learnChannel >= 0)
        post(MidiEvent{MidiEvent::Type::Learned, parameter, 0.0f, m_learnChannel + 1, m_learnCc,
                       highResolution});
    m_learnChannel = -1;
    m_learnCc = -1;
}

} // namespace latentrack::core::control
