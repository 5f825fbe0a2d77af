#include "models/preset/VocalSketch.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include <aubio/aubio.h>
#include <rubberband/RubberBandStretcher.h>

#include "models/preset/PresetInference.h"

namespace latentrack::models::preset {

namespace {

constexpr double kSilenceDb = -50.0;

std::vector<double> frameDb(std::span<const float> x, std::size_t frame) {
    std::vector<double> out;
    for (std::size_t i = 0; i < x.size(); i += frame) {
        const std::size_t end = std::min(x.size(), i + frame);
        double p = 0.0;
        for (std::size_t k = i; k < end; ++k)
            p += static_cast<double>(x[k]) * x[k];
        out.push_back(10.0 * std::log10(std::max(p / static_cast<double>(end - i), 1e-20)));
    }
    return out;
}

struct AubioPitch {
    aubio_pitch_t* pitch;
    fvec_t* in;
    fvec_t* out;
    AubioPitch(uint_t window, uint_t hop, uint_t rate)
        : pitch(new_aubio_pitch("yin", window, hop, rate)), in(new_fvec(hop)), out(new_fvec(1)) {
        aubio_pitch_set_unit(pitch, "midi");
        aubio_pitch_set_tolerance(pitch, 0.15f);
        aubio_pitch_set_silence(pitch, -90.0f);
    }
    ~AubioPitch() {
        del_aubio_pitch(pitch);
        del_fvec(in);
        del_fvec(out);
    }
    AubioPitch(const AubioPitch&) = delete;
    AubioPitch& operator=(const AubioPitch&) = delete;
};

} // namespace

std::pair<std::optional<int>, double> sungPitch(std::span<const float> audio, double sampleRate) {
    constexpr uint_t kWindow = 2048, kHop = 256;
    AubioPitch yin(kWindow, kHop, static_cast<uint_t>(std::lround(sampleRate)));
    const auto levels = frameDb(audio, kHop);
    const double peak = levels.empty() ? -200.0 : *std::max_element(levels.begin(), levels.end());
    std::map<int, int> votes;
    int loud = 0, pitched = 0;
    for (std::size_t h = 0; h * kHop + kHop <= audio.size(); ++h) {
        std::copy_n(audio.begin() + static_cast<std::ptrdiff_t>(h * kHop), kHop, yin.in->data);
        aubio_pitch_do(yin.pitch, yin.in, yin.out);
        if (levels[h] < peak + kSilenceDb)
            continue;
        ++loud;
        const double note = yin.out->data[0];
        if (aubio_pitch_get_confidence(yin.pitch) >= 0.8f && note > 20.0 && note < 110.0) {
            ++pitched;
            ++votes[static_cast<int>(std::lround(note))];
        }
    }
    const double share = loud > 0 ? static_cast<double>(pitched) / loud : 0.0;
    if (votes.empty() || share < 0.1)
        return {std::nullopt, share};
    const auto best =
        std::max_element(votes.begin(), votes.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    return {best->first, share};
}

PreparedSketch prepareSketch(std::span<const float> audio, double sampleRate, bool shiftToC4) {
    checkSound(audio, sampleRate);
    const auto frame = static_cast<std::size_t>(std::max(1.0, 0.01 * sampleRate));
    const auto levels = frameDb(audio, frame);
    const double peak = *std::max_element(levels.begin(), levels.end());
    std::size_t first = 0, last = levels.size();
    while (first < last && levels[first] < peak + kSilenceDb)
        ++first;
    while (last > first && levels[last - 1] < peak + kSilenceDb)
        --last;
    PreparedSketch p;
    p.trimmedStartSeconds = static_cast<double>(first * frame) / sampleRate;
    p.audio.assign(audio.begin() + static_cast<std::ptrdiff_t>(first * frame),
                   audio.begin() +
                       static_cast<std::ptrdiff_t>(std::min(audio.size(), last * frame)));
    checkSound(p.audio, sampleRate);
    const auto [note, share] = sungPitch(p.audio, sampleRate);
    p.sungNote = note;
    p.pitchedShare = share;
    if (!shiftToC4 || !note || *note == 60)
        return p;
    p.shiftSemitones = 60.0 - *note;
    using RB = RubberBand::RubberBandStretcher;
    RB rb(static_cast<std::size_t>(std::lround(sampleRate)), 1,
          RB::OptionProcessOffline | RB::OptionEngineFiner | RB::OptionFormantPreserved, 1.0,
          std::exp2(p.shiftSemitones / 12.0));
    rb.setExpectedInputDuration(p.audio.size());
    const float* in[1] = {p.audio.data()};
    rb.study(in, p.audio.size(), true);
    rb.process(in, p.audio.size(), true);
    std::vector<float> shifted;
    std::vector<float> chunk(4096);
    float* out[1] = {chunk.data()};
    for (int avail; (avail = rb.available()) > 0;) {
        const auto got =
            rb.retrieve(out, std::min<std::size_t>(chunk.size(), static_cast<std::size_t>(avail)));
        shifted.insert(shifted.end(), chunk.begin(),
                       chunk.begin() + static_cast<std::ptrdiff_t>(got));
    }
    shifted.resize(p.audio.size(), 0.0f);
    p.audio = std::move(shifted);
    return p;
}

} // namespace latentrack::models::preset
