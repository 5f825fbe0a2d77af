#include "models/analysis/PitchTrack.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <aubio/aubio.h>

namespace latentrack::models::analysis {

namespace {

struct AubioYin {
    aubio_pitch_t* pitch;
    fvec_t* in;
    fvec_t* out;
    AubioYin(uint_t window, uint_t hop, uint_t rate)
        : pitch(new_aubio_pitch("yin", window, hop, rate)), in(new_fvec(hop)), out(new_fvec(1)) {
        if (pitch == nullptr || in == nullptr || out == nullptr) {
            release();
            throw std::invalid_argument("aubio YIN: cannot track with window " +
                                        std::to_string(window) + ", hop " + std::to_string(hop));
        }
        aubio_pitch_set_unit(pitch, "midi");
        aubio_pitch_set_tolerance(pitch, 0.15f);
        aubio_pitch_set_silence(pitch, -90.0f);
    }
    ~AubioYin() { release(); }
    AubioYin(const AubioYin&) = delete;
    AubioYin& operator=(const AubioYin&) = delete;

private:
    void release() {
        if (pitch != nullptr)
            del_aubio_pitch(pitch);
        if (in != nullptr)
            del_fvec(in);
        if (out != nullptr)
            del_fvec(out);
        pitch = nullptr;
        in = out = nullptr;
    }
};

} // namespace

std::vector<PitchEstimate> yinPitch(std::span<const float> audio, double sampleRate, int window,
                                    int hop) {
    if (hop <= 0 || window < hop || sampleRate <= 0.0)
        throw std::invalid_argument("yinPitch: window " + std::to_string(window) + " and hop " +
                                    std::to_string(hop) + " must be positive, window ≥ hop");
    AubioYin yin(static_cast<uint_t>(window), static_cast<uint_t>(hop),
                 static_cast<uint_t>(std::lround(sampleRate)));
    const auto h = static_cast<std::size_t>(hop);
    std::vector<PitchEstimate> track;
    for (std::size_t at = 0; at + h <= audio.size(); at += h) {
        double power = 0.0;
        for (std::size_t k = 0; k < h; ++k) {
            yin.in->data[k] = audio[at + k];
            power += static_cast<double>(audio[at + k]) * audio[at + k];
        }
        aubio_pitch_do(yin.pitch, yin.in, yin.out);
        track.push_back({yin.out->data[0], aubio_pitch_get_confidence(yin.pitch),
                         10.0 * std::log10(std::max(power / static_cast<double>(h), 1e-20))});
    }
    return track;
}

double loudestLevelDb(const std::vector<PitchEstimate>& track) {
    double loudest = -200.0;
    for (const auto& e : track)
        loudest = std::max(loudest, e.levelDb);
    return loudest;
}

bool isConfidentNote(const PitchEstimate& e) {
    return e.confidence >= 0.8 && e.midi >= 20.0 && e.midi <= 110.0;
}

PitchAgreement pitchAgreement(std::span<const float> reference, std::span<const float> rendering,
                              double sampleRate) {
    constexpr int kWindow = 1024, kHop = 256;
    const auto n = std::min(reference.size(), rendering.size());
    const auto ref = yinPitch(reference.first(n), sampleRate, kWindow, kHop);
    const auto out = yinPitch(rendering.first(n), sampleRate, kWindow, kHop);
    const double peak = loudestLevelDb(ref);
    PitchAgreement a;
    for (std::size_t i = 0; i < ref.size() && i < out.size(); ++i) {
        const auto& r = ref[i];
        if (!isConfidentNote(r) || r.levelDb < peak - 40.0)
            continue;
        ++a.pitchedFrames;
        a.keptFrames += std::abs(out[i].midi - r.midi) <= 0.5;
    }
    return a;
}

} // namespace latentrack::models::analysis
