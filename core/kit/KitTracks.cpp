#include "core/kit/KitTracks.h"

#include <algorithm>

#include "core/dsp/Trim.h"
#include "core/io/AudioFile.h"

namespace latentrack::core::kit {

std::string trackName(seq::TrackLayout layout, int track) {
    if (layout == seq::TrackLayout::Drums8)
        return track >= 0 && track < kDrumClassCount
                   ? std::string(displayName(static_cast<DrumClass>(track)))
                   : std::string();
    return track >= 0 && track < kDnbClassCount
               ? std::string(displayName(static_cast<DnbClass>(track)))
               : std::string();
}

std::string trackClassId(seq::TrackLayout layout, int track) {
    if (layout == seq::TrackLayout::Drums8)
        return track >= 0 && track < kDrumClassCount
                   ? std::string(name(static_cast<DrumClass>(track)))
                   : std::string();
    return track >= 0 && track < kDnbClassCount ? std::string(name(static_cast<DnbClass>(track)))
                                                : std::string();
}

bool fitsTrack(const InstrumentClass& c, seq::TrackLayout layout, int track) {
    if (layout == seq::TrackLayout::Drums8)
        return c.drums8 && static_cast<int>(*c.drums8) == track;
    return c.dnb10 && static_cast<int>(*c.dnb10) == track;
}

std::array<int, seq::kMaxTracks> assignInstruments(const HydrogenKit& kit,
                                                   seq::TrackLayout layout) {
    std::array<int, seq::kMaxTracks> chosen;
    chosen.fill(-1);
    const int n = seq::trackCount(layout);
    for (int t = 0; t < n; ++t) {
        int fallback = -1;
        for (int i = 0; i < static_cast<int>(kit.instruments.size()); ++i) {
            const auto c = classifyInstrument(kit.instruments[i].name);
            if (!fitsTrack(c, layout, t))
                continue;
            bool preferred = true;
            if (layout == seq::TrackLayout::DrumAndBass10) {
                const auto dnb = static_cast<DnbClass>(t);
                if (dnb == DnbClass::Hat)
                    preferred = c.drums8 == DrumClass::ClosedHat;
                else if (dnb == DnbClass::Cymbal)
                    preferred = c.drums8 == DrumClass::Crash;
                else if (dnb == DnbClass::Perc)
                    preferred = !c.drums8.has_value();
            }
            if (preferred) {
                chosen[t] = i;
                break;
            }
            if (fallback < 0)
                fallback = i;
        }
        if (chosen[t] < 0)
            chosen[t] = fallback;
    }
    return chosen;
}

namespace {
/// One layer's audio at `sampleRate`, scaled by instrument volume × layer gain, leading
/// silence trimmed.
voice::Sample loadLayer(const KitInstrument& instrument, const KitLayer& layer, double sampleRate) {
    voice::Sample s = io::resample(io::readAudioFile(layer.file), sampleRate);
    const float gain = instrument.volume * layer.gain;
    for (int c = 0; c < s.numChannels; ++c)
        for (auto& v : s.channel[c])
            v *= gain;
    dsp::trimLeadingSilence(s);
    s.name = instrument.name;
    return s;
}
} // namespace

voice::Sample loadInstrumentSample(const KitInstrument& instrument, double sampleRate) {
    const auto loudest = std::max_element(
        instrument.layers.begin(), instrument.layers.end(),
        [](const KitLayer& a, const KitLayer& b) { return a.maxVelocity < b.maxVelocity; });
    if (loudest == instrument.layers.end())
        throw io::AudioFileError(instrument.name + ": instrument has no sample layers");
    voice::Sample s = loadLayer(instrument, *loudest, sampleRate);
    for (auto it = instrument.layers.begin(); it != instrument.layers.end(); ++it)
        if (it != loudest)
            s.layers.push_back(
                {it->minVelocity, it->maxVelocity,
                 std::make_shared<const voice::Sample>(loadLayer(instrument, *it, sampleRate))});
    // Softer layers first, so that on overlapping ranges the softer recording wins below the
    // loudest layer's own range.
    std::sort(s.layers.begin(), s.layers.end(),
              [](const auto& a, const auto& b) { return a.maxVelocity < b.maxVelocity; });
    return s;
}

} // namespace latentrack::core::kit
