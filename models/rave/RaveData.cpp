#include "models/rave/RaveData.h"

#include <algorithm>
#include <span>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "models/analysis/PitchTrack.h"
#include "models/rave/HarmonicOscillator.h"

namespace latentrack::models::rave {

namespace fs = std::filesystem;
using core::dsp::kNumDescriptors;

core::dsp::DescriptorConfig latentDescriptorConfig(const RaveConfig& c) {
    core::dsp::DescriptorConfig dc;
    dc.sampleRate = c.sampleRate;
    dc.hop = c.compression();
    dc.frameSize = std::max(16, std::min(2048, 4 * c.compression()));
    dc.loudnessFrameSize = 4096;
    return dc;
}

int descriptorLagFrames(const RaveConfig& c) {
    const int half = latentDescriptorConfig(c).loudnessFrameSize / 2;
    return (half + c.compression() - 1) / c.compression();
}

std::size_t descriptorHistorySamples(const RaveConfig& c, int frames) {
    return static_cast<std::size_t>(latentDescriptorConfig(c).loudnessFrameSize +
                                    (descriptorLagFrames(c) + frames + 1) * c.compression());
}

std::vector<core::dsp::DescriptorFrame> latentFrameDescriptors(const std::vector<float>& audio,
                                                               const RaveConfig& c) {
    core::dsp::DescriptorAnalyzer analyzer(latentDescriptorConfig(c));
    return latentFrameDescriptors(analyzer, audio, c);
}

std::vector<core::dsp::DescriptorFrame>
latentFrameDescriptors(core::dsp::DescriptorAnalyzer& analyzer, const std::vector<float>& audio,
                       const RaveConfig& c) {
    const int hop = c.compression();
    // Centred on each latent frame's middle: start the analysis half a frame in.
    const std::size_t offset = std::min(audio.size(), static_cast<std::size_t>(hop / 2));
    auto frames = analyzer.analyse(std::span<const float>(audio).subspan(offset));
    frames.resize(audio.size() / static_cast<std::size_t>(hop));
    return frames;
}

namespace {

/// A YIN estimate the oscillator can play: a confident note within its range (24 … 108).
bool isOscillatorNote(const analysis::PitchEstimate& e) {
    return analysis::isConfidentNote(e) && e.midi >= HarmonicOscillatorImpl::kLowestMidi &&
           e.midi <= HarmonicOscillatorImpl::kLowestMidi + HarmonicOscillatorImpl::kMidiSpan;
}

} // namespace

std::vector<float> latentFramePitch(const std::vector<float>& audio, const RaveConfig& c) {
    const int hop = c.compression();
    const int window = std::max(1024, 2 * hop);
    const auto track = analysis::yinPitch(audio, c.sampleRate, window, hop);
    const double loudest = analysis::loudestLevelDb(track);
    // Estimate i covers [(i + 1)·hop − window, (i + 1)·hop): centred on frame j's end at
    // i = j + window / (2·hop).
    const std::size_t lead = static_cast<std::size_t>(window / (2 * hop));
    std::vector<float> pitch(audio.size() / static_cast<std::size_t>(hop), 0.0f);
    for (std::size_t j = 0; j < pitch.size() && j + lead < track.size(); ++j) {
        const auto& e = track[j + lead];
        if (isOscillatorNote(e) && e.levelDb >= loudest - 40.0)
            pitch[j] = static_cast<float>(e.midi);
    }
    return pitch;
}

std::vector<float> liveFramePitch(const std::vector<float>& history, int frames,
                                  const RaveConfig& c) {
    const int hop = c.compression();
    const std::size_t window = static_cast<std::size_t>(std::max(1024, 2 * hop));
    constexpr double quietestDb = -60.0;
    std::vector<float> pitch(static_cast<std::size_t>(std::max(0, frames)), 0.0f);
    for (std::size_t j = 0; j < pitch.size(); ++j) {
        // Frame j of the newest `frames` ends (frames − 1 − j) hops before the history's end.
        const std::size_t back = (pitch.size() - 1 - j) * static_cast<std::size_t>(hop);
        if (history.size() < back + window)
            continue;
        const auto end = history.size() - back;
        const std::span<const float> span(history.data() + end - window, window);
        const auto track = analysis::yinPitch(span, c.sampleRate, static_cast<int>(window),
                                              static_cast<int>(window));
        if (track.empty())
            continue;
        const auto& e = track.back();
        if (isOscillatorNote(e) && e.levelDb >= quietestDb)
            pitch[j] = static_cast<float>(e.midi);
    }
    return pitch;
}

std::vector<float> fillUnvoiced(std::vector<float> pitch) {
    const auto first = std::find_if(pitch.begin(), pitch.end(), [](float p) { return p > 0.0f; });
    if (first == pitch.end())
        return pitch;
    float last = *first;
    for (auto& p : pitch) {
        if (p > 0.0f)
            last = p;
        else
            p = last;
    }
    return pitch;
}

torch::Tensor fillUnvoiced(const torch::Tensor& pitch) {
    auto rows = pitch.to(torch::kCPU, torch::kFloat32).contiguous().clone();
    const auto length = rows.size(1);
    auto* p = rows.data_ptr<float>();
    for (int64_t b = 0; b < rows.size(0); ++b) {
        const auto filled = fillUnvoiced(std::vector<float>(p + b * length, p + (b + 1) * length));
        std::copy(filled.begin(), filled.end(), p + b * length);
    }
    return rows;
}

RaveDataset loadRaveDataset(const fs::path& dir, const RaveConfig& c) {
    const auto manifestPath = dir / "manifest.json";
    if (!fs::exists(manifestPath))
        throw std::runtime_error(dir.string() +
                                 ": no manifest.json (build one with latentrack-cli dataset "
                                 "percussion|strings)");
    const auto manifest = nlohmann::json::parse(core::io::readFile(manifestPath));
    RaveDataset data;
    std::vector<std::vector<core::dsp::DescriptorFrame>> raw[2];
    for (const auto& e : manifest.at("entries")) {
        RaveRecording r;
        r.file = e.at("file").get<std::string>();
        r.source = e.value("source", std::string());
        const bool test = e.value("split", std::string("train")) == "test";
        auto sample = core::io::resample(core::io::readAudioFile(dir / r.file), c.sampleRate);
        r.audio = core::io::toMono(sample);
        r.audio.resize(r.audio.size() / static_cast<std::size_t>(c.compression()) *
                       static_cast<std::size_t>(c.compression()));
        if (static_cast<int>(r.audio.size()) < c.windowSize)
            continue; // shorter than a window: nothing to train or test on
        raw[test ? 1 : 0].push_back(latentFrameDescriptors(r.audio, c));
        if (c.harmonics > 0)
            r.pitch = latentFramePitch(r.audio, c);
        (test ? data.testSeconds : data.trainSeconds) +=
            static_cast<double>(r.audio.size()) / c.sampleRate;
        (test ? data.test : data.train).push_back(std::move(r));
    }
    if (data.train.empty())
        throw std::runtime_error(dir.string() + ": no training recording is at least " +
                                 std::to_string(c.windowSize) + " samples long");
    std::vector<core::dsp::DescriptorFrame> all;
    for (const auto& frames : raw[0])
        all.insert(all.end(), frames.begin(), frames.end());
    data.range = core::dsp::DescriptorRange::fit(all);
    for (int split = 0; split < 2; ++split) {
        auto& recordings = split == 0 ? data.train : data.test;
        for (std::size_t i = 0; i < recordings.size(); ++i)
            for (const auto& f : raw[split][i])
                recordings[i].attributes.push_back(data.range.normalise(f));
    }
    // Equal-population bins of each normalised descriptor over the training frames.
    data.binEdges.resize(kNumDescriptors);
    for (int d = 0; d < kNumDescriptors; ++d) {
        std::vector<float> values;
        for (const auto& r : data.train)
            for (const auto& a : r.attributes)
                values.push_back(a[static_cast<std::size_t>(d)]);
        std::sort(values.begin(), values.end());
        for (int b = 1; b < c.attributeBins; ++b)
            data.binEdges[static_cast<std::size_t>(d)].push_back(
                values[values.size() * static_cast<std::size_t>(b) /
                       static_cast<std::size_t>(c.attributeBins)]);
    }
    return data;
}

namespace {

void fill(RaveBatch& batch, int row, const RaveRecording& r, int frame, const RaveDataset& data,
          const RaveConfig& c) {
    const int frames = c.latentFrames();
    const auto start = static_cast<std::size_t>(frame) * static_cast<std::size_t>(c.compression());
    auto audio = batch.audio.accessor<float, 2>();
    for (int i = 0; i < c.windowSize; ++i)
        audio[row][i] = r.audio[start + static_cast<std::size_t>(i)];
    auto attributes = batch.attributes.accessor<float, 3>();
    auto bins = batch.bins.accessor<int64_t, 3>();
    for (int a = 0; a < c.attributes; ++a)
        for (int j = 0; j < frames; ++j) {
            const float v = r.attributes[static_cast<std::size_t>(frame + j)]
                                        [static_cast<std::size_t>(a % kNumDescriptors)];
            attributes[row][a][j] = v;
            const auto& edges = data.binEdges[static_cast<std::size_t>(a % kNumDescriptors)];
            bins[row][a][j] = std::upper_bound(edges.begin(), edges.end(), v) - edges.begin();
        }
    if (!r.pitch.empty()) {
        auto pitch = batch.pitch.accessor<float, 2>();
        for (int j = 0; j < frames; ++j)
            pitch[row][j] = r.pitch[static_cast<std::size_t>(frame + j)];
    }
}

RaveBatch emptyBatch(int rows, const RaveConfig& c) {
    return {torch::zeros({rows, c.windowSize}),
            torch::zeros({rows, c.attributes, c.latentFrames()}),
            torch::zeros({rows, c.attributes, c.latentFrames()}, torch::kLong),
            torch::zeros({rows, c.latentFrames()})};
}

} // namespace

RaveBatch sampleBatch(const RaveDataset& data, const RaveConfig& c, std::mt19937_64& rng) {
    auto batch = emptyBatch(c.batchSize, c);
    std::uniform_int_distribution<std::size_t> pick(0, data.train.size() - 1);
    for (int b = 0; b < c.batchSize; ++b) {
        const auto& r = data.train[pick(rng)];
        const int frames = static_cast<int>(r.attributes.size());
        std::uniform_int_distribution<int> at(0, frames - c.latentFrames());
        fill(batch, b, r, at(rng), data, c);
    }
    return batch;
}

RaveBatch windowOf(const RaveRecording& r, int frame, const RaveDataset& data,
                   const RaveConfig& c) {
    if (frame < 0 || frame + c.latentFrames() > static_cast<int>(r.attributes.size()))
        throw std::invalid_argument("rave data: window outside " + r.file);
    auto batch = emptyBatch(1, c);
    fill(batch, 0, r, frame, data, c);
    return batch;
}

} // namespace latentrack::models::rave
