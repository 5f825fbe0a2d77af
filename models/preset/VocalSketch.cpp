#include "models/preset/VocalSketch.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include <rubberband/RubberBandStretcher.h>

#include "models/analysis/PitchTrack.h"
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

} // namespace

std::pair<std::optional<int>, double> sungPitch(std::span<const float> audio, double sampleRate) {
    constexpr int kWindow = 2048, kHop = 256;
    const auto track = analysis::yinPitch(audio, sampleRate, kWindow, kHop);
    const double peak = analysis::loudestLevelDb(track);
    std::map<int, int> votes;
    int loud = 0, pitched = 0;
    for (const auto& e : track) {
        if (e.levelDb < peak + kSilenceDb)
            continue;
        ++loud;
        if (analysis::isConfidentNote(e)) {
            ++pitched;
            ++votes[static_cast<int>(std::lround(e.midi))];
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
