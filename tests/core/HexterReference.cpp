#include "HexterReference.h"

#include <dlfcn.h>
#include <dssi.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "core/fm/DxPacking.h"

namespace latentrack::test {

namespace {

constexpr const char* kPluginPath = "/usr/lib/dssi/hexter.so";
constexpr unsigned long kBlock = 64;

/// The value a LADSPA host gives a control port by default (LADSPA 1.1 hint rules).
float defaultValue(const LADSPA_PortRangeHint& hint) {
    const auto h = hint.HintDescriptor;
    const float lo = hint.LowerBound, hi = hint.UpperBound;
    const bool log = LADSPA_IS_HINT_LOGARITHMIC(h) && lo > 0.0f && hi > 0.0f;
    auto between = [&](float t) {
        return log ? std::exp(std::log(lo) * (1.0f - t) + std::log(hi) * t)
                   : lo * (1.0f - t) + hi * t;
    };
    switch (h & LADSPA_HINT_DEFAULT_MASK) {
    case LADSPA_HINT_DEFAULT_MINIMUM:
        return lo;
    case LADSPA_HINT_DEFAULT_LOW:
        return between(0.25f);
    case LADSPA_HINT_DEFAULT_MIDDLE:
        return between(0.5f);
    case LADSPA_HINT_DEFAULT_HIGH:
        return between(0.75f);
    case LADSPA_HINT_DEFAULT_MAXIMUM:
        return hi;
    case LADSPA_HINT_DEFAULT_1:
        return 1.0f;
    case LADSPA_HINT_DEFAULT_100:
        return 100.0f;
    case LADSPA_HINT_DEFAULT_440:
        return 440.0f;
    default:
        return 0.0f;
    }
}

snd_seq_event_t noteEvent(int type, int note, int velocity) {
    snd_seq_event_t e{};
    e.type = static_cast<snd_seq_event_type_t>(type);
    e.data.note.channel = 0;
    e.data.note.note = static_cast<unsigned char>(note);
    e.data.note.velocity = static_cast<unsigned char>(velocity);
    e.time.tick = 0;
    return e;
}

} // namespace

std::string encodeHexterPatches(const std::vector<unsigned char>& bytes) {
    static const char* const kDigits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string text = std::to_string(bytes.size()) + " ";
    unsigned reg = 0, sum = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
        sum += b;
        reg = (reg << 7) | (b & 0x7Fu);
        bits += 7;
        while (bits >= 6) {
            bits -= 6;
            text += kDigits[(reg >> bits) & 63u];
        }
        reg &= (1u << bits) - 1u;
    }
    if (bits > 0)
        text += kDigits[(reg << (6 - bits)) & 63u];
    return text + " " + std::to_string(sum);
}

HexterReference::HexterReference() {
    m_library = dlopen(kPluginPath, RTLD_NOW | RTLD_LOCAL);
    if (!m_library) {
        m_why = std::string(kPluginPath) + " not found (install Debian's hexter)";
        return;
    }
    auto fn = reinterpret_cast<DSSI_Descriptor_Function>(dlsym(m_library, "dssi_descriptor"));
    const DSSI_Descriptor* d = fn ? fn(0) : nullptr;
    if (!d || !d->configure || !d->select_program || !d->run_synth) {
        m_why = std::string(kPluginPath) + " has no usable DSSI synth descriptor";
        return;
    }
    m_descriptor = d;
}

HexterReference::~HexterReference() {
    if (m_library)
        dlclose(m_library);
}

std::vector<float> HexterReference::render(const core::fm::DxVoice& voice, int note, int velocity,
                                           double holdSeconds, double releaseSeconds,
                                           double sampleRate) const {
    if (!available())
        throw std::runtime_error("hexter reference: " + m_why);
    const auto* dssi = static_cast<const DSSI_Descriptor*>(m_descriptor);
    const LADSPA_Descriptor* ladspa = dssi->LADSPA_Plugin;
    LADSPA_Handle h = ladspa->instantiate(ladspa, static_cast<unsigned long>(sampleRate));
    if (!h)
        throw std::runtime_error("hexter reference: the plugin refused to instantiate");
    std::vector<float> block(kBlock, 0.0f);
    std::vector<float> controls(ladspa->PortCount, 0.0f);
    for (unsigned long p = 0; p < ladspa->PortCount; ++p) {
        if (LADSPA_IS_PORT_AUDIO(ladspa->PortDescriptors[p])) {
            ladspa->connect_port(h, p, block.data());
        } else {
            controls[p] = defaultValue(ladspa->PortRangeHints[p]);
            ladspa->connect_port(h, p, &controls[p]);
        }
    }
    // Program 0 of the first 32-patch section is the voice under test; the rest repeat it.
    std::vector<unsigned char> bank;
    const core::fm::PackedVoice packed = core::fm::packVoice(voice);
    for (int i = 0; i < 32; ++i)
        bank.insert(bank.end(), packed.begin(), packed.end());
    if (char* reply = dssi->configure(h, "patches0", encodeHexterPatches(bank).c_str())) {
        const std::string message = reply;
        std::free(reply);
        ladspa->cleanup(h);
        throw std::runtime_error("hexter reference: patches refused: " + message);
    }
    if (ladspa->activate)
        ladspa->activate(h);
    dssi->select_program(h, 0, 0);

    const auto holdFrames = static_cast<long>(std::lround(holdSeconds * sampleRate));
    const auto totalFrames =
        holdFrames + static_cast<long>(std::lround(releaseSeconds * sampleRate));
    std::vector<float> out;
    out.reserve(static_cast<std::size_t>(totalFrames));
    snd_seq_event_t on = noteEvent(SND_SEQ_EVENT_NOTEON, note, velocity);
    snd_seq_event_t off = noteEvent(SND_SEQ_EVENT_NOTEOFF, note, 64);
    for (long done = 0; done < totalFrames;) {
        // Blocks end at the note-off, so it lands on its exact frame.
        unsigned long n = kBlock;
        if (done < holdFrames)
            n = std::min<unsigned long>(n, static_cast<unsigned long>(holdFrames - done));
        n = std::min<unsigned long>(n, static_cast<unsigned long>(totalFrames - done));
        snd_seq_event_t* events = nullptr;
        unsigned long count = 0;
        if (done == 0) {
            events = &on;
            count = 1;
        } else if (done == holdFrames) {
            events = &off;
            count = 1;
        }
        dssi->run_synth(h, n, events, count);
        out.insert(out.end(), block.begin(), block.begin() + static_cast<long>(n));
        done += static_cast<long>(n);
    }
    if (ladspa->deactivate)
        ladspa->deactivate(h);
    ladspa->cleanup(h);
    return out;
}

} // namespace latentrack::test
