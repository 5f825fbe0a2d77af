#include "models/dataset/PerformanceDataset.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/dsp/Gain.h"
#include "core/engine/DrumMachine.h"
#include "core/engine/Engine.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "models/dataset/SoundFontRenderer.h"

namespace latentrack::models::dataset {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr float kPeak = 0.9f;
constexpr double kTailSeconds = 1.5;

struct Hit {
    std::string name;
    core::voice::Sample sample;
};

/// A hand-drum ensemble: its hits and where they come from.
struct Ensemble {
    std::string source;
    std::vector<const Hit*> hits;
};

class Writer {
public:
    Writer(const PerformanceDatasetOptions& o, std::string kind) : m_o(o), m_kind(std::move(kind)) {
        fs::create_directories(o.outDir / "audio" / "train");
        fs::create_directories(o.outDir / "audio" / "test");
    }
    void add(std::vector<float> audio, const std::string& split, const std::string& name,
             const std::string& source) {
        core::dsp::normalisePeak(audio, kPeak);
        const fs::path file = fs::path("audio") / split / (name + ".wav");
        core::io::writeAudioFile(m_o.outDir / file, {audio}, m_o.sampleRate,
                                 core::io::SampleFormat::Pcm16);
        const double seconds = static_cast<double>(audio.size()) / m_o.sampleRate;
        m_entries.push_back(
            {{"file", file.string()}, {"split", split}, {"source", source}, {"seconds", seconds}});
        ++m_report.entries;
        (split == "train" ? m_report.trainSeconds : m_report.testSeconds) += seconds;
    }
    PerformanceDatasetReport finish() {
        const json manifest = {
            {"version", 1},     {"kind", m_kind},       {"sampleRate", m_o.sampleRate},
            {"seed", m_o.seed}, {"entries", m_entries}, {"problems", m_report.problems}};
        core::io::writeFileAtomically(m_o.outDir / "manifest.json", manifest.dump(1) + "\n");
        return m_report;
    }
    PerformanceDatasetReport& report() { return m_report; }

private:
    const PerformanceDatasetOptions& m_o;
    std::string m_kind;
    json m_entries = json::array();
    PerformanceDatasetReport m_report;
};

Hit loadHit(const fs::path& file, double sampleRate) {
    auto s = core::io::resample(core::io::readAudioFile(file), sampleRate);
    return {file.stem().string(), std::move(s)};
}

std::vector<Hit> loadHits(const fs::path& folder, const std::string& prefix, double sampleRate) {
    if (!fs::is_directory(folder))
        throw std::runtime_error(folder.string() + " is missing (install its Debian package)");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder)) {
        const auto name = e.path().filename().string();
        const auto ext = e.path().extension().string();
        if (name.rfind(prefix, 0) == 0 && (ext == ".wav" || ext == ".flac"))
            files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Hit> hits;
    for (const auto& f : files)
        hits.push_back(loadHit(f, sampleRate));
    return hits;
}

struct TimedHit {
    double seconds;
    int track;
    float velocity;
};

/// A humanised hand-drum performance of `bars` bars of sixteenths on `tracks` sounds.
std::vector<TimedHit> performance(int tracks, int bars, double bpm, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> jitter(0.0, 0.006);
    std::normal_distribution<double> wobble(0.0, 0.08);
    const double step = 60.0 / bpm / 4.0;
    const double swing = 0.12 * u(rng) * step;
    std::vector<std::array<float, 16>> base(static_cast<std::size_t>(tracks));
    for (int t = 0; t < tracks; ++t) {
        const double density = t == 0 ? 0.25 + 0.15 * u(rng) : 0.1 + 0.3 * u(rng);
        for (int s = 0; s < 16; ++s) {
            const double onBeat = s % 4 == 0 ? 1.8 : (s % 2 == 0 ? 1.1 : 0.8);
            base[static_cast<std::size_t>(t)][static_cast<std::size_t>(s)] =
                u(rng) < density * onBeat ? static_cast<float>(0.55 + 0.45 * u(rng)) : 0.0f;
        }
    }
    std::vector<TimedHit> hits;
    for (int bar = 0; bar < bars; ++bar) {
        const bool fill = bar == bars - 1 || (bar % 4 == 3 && u(rng) < 0.5);
        for (int s = 0; s < 16; ++s) {
            const double at = (bar * 16 + s) * step + (s % 2 == 1 ? swing : 0.0);
            for (int t = 0; t < tracks; ++t) {
                float v = base[static_cast<std::size_t>(t)][static_cast<std::size_t>(s)];
                if (v > 0.0f && u(rng) < 0.1)
                    v = 0.0f; // a dropped stroke
                else if (v == 0.0f && u(rng) < (fill ? 0.25 : 0.05))
                    v = static_cast<float>(fill ? 0.5 + 0.4 * u(rng) : 0.15 + 0.2 * u(rng));
                if (v <= 0.0f)
                    continue;
                const float accent = s % 4 == 0 ? 1.0f : 0.85f;
                const float velocity =
                    std::clamp(static_cast<float>(v * accent + wobble(rng)), 0.05f, 1.0f);
                hits.push_back({std::max(0.0, at + jitter(rng)), t, velocity});
                if (fill && u(rng) < 0.08) // a flam
                    hits.push_back({at + 0.03, t, 0.6f * velocity});
            }
        }
    }
    std::sort(hits.begin(), hits.end(),
              [](const TimedHit& a, const TimedHit& b) { return a.seconds < b.seconds; });
    return hits;
}

/// Plays `hits` on `ensemble` through the drum machine, in blocks of 1 ms.
std::vector<float> renderPerformance(const Ensemble& ensemble, const std::vector<TimedHit>& hits,
                                     double seconds, double sampleRate) {
    core::engine::Engine engine;
    auto& drums = engine.add<core::engine::DrumMachine>();
    const int block = std::max(1, static_cast<int>(sampleRate / 1000.0));
    engine.prepare(sampleRate, block);
    auto& port = engine.openPort();
    for (std::size_t t = 0; t < ensemble.hits.size(); ++t)
        drums.setTrackSample(port, static_cast<int>(t),
                             std::make_unique<core::voice::Sample>(ensemble.hits[t]->sample));
    const auto total = static_cast<std::size_t>(seconds * sampleRate);
    std::vector<float> left(total), right(total);
    std::size_t next = 0;
    for (std::size_t done = 0; done < total;) {
        const int n = static_cast<int>(std::min<std::size_t>(block, total - done));
        const double blockEnd = static_cast<double>(done + n) / sampleRate;
        for (; next < hits.size() && hits[next].seconds < blockEnd; ++next)
            port.push({core::engine::CommandType::Audition,
                       static_cast<std::int16_t>(hits[next].track), 0, hits[next].velocity,
                       nullptr});
        engine.process(left.data() + done, right.data() + done, n);
        engine.collectGarbage();
        done += static_cast<std::size_t>(n);
    }
    for (std::size_t i = 0; i < total; ++i)
        left[i] = 0.5f * (left[i] + right[i]);
    return left;
}

std::string numbered(const std::string& stem, int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "_%03d", i);
    return stem + buf;
}

} // namespace

PerformanceDatasetReport
buildPercussionDataset(const PerformanceDatasetOptions& o,
                       const std::function<void(const std::string&)>& progress) {
    const double sr = o.sampleRate;
    const auto tabla = loadHits(o.sonicPiSamples, "tabla_", sr);
    const fs::path africa = o.hydrogenKits / "circAfrique v4";
    std::vector<std::vector<Hit>> djembes; // Djembe1 … Djembe5
    for (int d = 1; d <= 5; ++d)
        djembes.push_back(loadHits(africa, "Djembe" + std::to_string(d) + " ", sr));
    const auto dununba = loadHits(africa, "Dununba1", sr);
    const auto sangban = loadHits(africa, "Sangban1", sr);
    const auto kenkeni = loadHits(africa, "Kenkeni1", sr);
    if (tabla.size() < 8 || djembes[4].empty() || kenkeni.empty())
        throw std::runtime_error("percussion dataset: the tabla strokes (sonic-pi-samples) or "
                                 "circAfrique (hydrogen-drumkits) are incomplete");

    Writer writer(o, "percussion");
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto play = [&](const Ensemble& e, const std::string& split, const std::string& name) {
        const double bpm = 70.0 + 60.0 * u(rng);
        const int bars = 8;
        const auto hits = performance(static_cast<int>(e.hits.size()), bars, bpm, rng);
        const double seconds = bars * 4 * 60.0 / bpm + kTailSeconds;
        writer.add(renderPerformance(e, hits, seconds, sr), split, name, e.source);
    };
    for (int i = 0; i < o.trainCount; ++i) {
        Ensemble e;
        if (i % 2 == 0) { // tabla: five to eight of its strokes
            e.source = "sonic-pi-samples tabla strokes";
            std::vector<const Hit*> all;
            for (const auto& h : tabla)
                all.push_back(&h);
            std::shuffle(all.begin(), all.end(), rng);
            e.hits.assign(all.begin(), all.begin() + 5 + static_cast<int>(u(rng) * 4));
        } else { // two of the four training djembes and a dununba or sangban
            e.source = "hydrogen-drumkits circAfrique (Djembe1-4, Dununba1, Sangban1)";
            const auto a = static_cast<std::size_t>(u(rng) * 4);
            const auto b = (a + 1 + static_cast<std::size_t>(u(rng) * 3)) % 4;
            const std::vector<Hit>* extra = u(rng) < 0.5 ? &dununba : &sangban;
            for (const auto* set :
                 std::vector<const std::vector<Hit>*>{&djembes[a], &djembes[b], extra})
                for (const auto& h : *set)
                    e.hits.push_back(&h);
        }
        play(e, "train", numbered("performance", i));
        if (progress && (i + 1) % 8 == 0)
            progress(std::to_string(i + 1) + " of " + std::to_string(o.trainCount) +
                     " training performances");
    }
    Ensemble unseen{"hydrogen-drumkits circAfrique (Djembe5, Kenkeni1), held out", {}};
    for (const auto* set : std::vector<const std::vector<Hit>*>{&djembes[4], &kenkeni})
        for (const auto& h : *set)
            unseen.hits.push_back(&h);
    for (int i = 0; i < o.heldOutCount; ++i)
        play(unseen, "test", numbered("unseen_kit", i));
    const fs::path loop = o.sonicPiSamples / "loop_tabla.flac";
    try {
        writer.add(core::io::readMonoAudio(loop, sr), "test", "loop_tabla",
                   "sonic-pi-samples loop_tabla (a recorded performance)");
    } catch (const core::io::AudioFileError& e) {
        writer.report().problems.push_back(e.what());
    }
    if (progress)
        progress(std::to_string(o.heldOutCount) + " held-out performances and the tabla loop");
    return writer.finish();
}

namespace {

struct StringInstrument {
    const char* name;
    int program; ///< General MIDI
    int lowKey;
    int highKey;
};
constexpr StringInstrument kStrings[] = {
    {"violin", 40, 55, 88}, {"viola", 41, 48, 79}, {"cello", 42, 36, 69}};

/// A phrase: a melody in a major or minor scale with legato, rests, and dynamics drawn as
/// expression (CC 11) swells.
std::vector<SoundFontRenderer::Event> phrase(const StringInstrument& instrument,
                                             std::mt19937_64& rng, double& seconds) {
    using Event = SoundFontRenderer::Event;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    static constexpr int kMajor[] = {0, 2, 4, 5, 7, 9, 11};
    static constexpr int kMinor[] = {0, 2, 3, 5, 7, 8, 11};
    const int* scale = u(rng) < 0.5 ? kMajor : kMinor;
    const int tonic = instrument.lowKey + static_cast<int>(u(rng) * 12);
    const double beat = 60.0 / (60.0 + 45.0 * u(rng));
    const auto keyOf = [&](int degree) {
        const int octave = degree >= 0 ? degree / 7 : -((-degree + 6) / 7);
        return tonic + 12 * octave + scale[((degree % 7) + 7) % 7];
    };
    static constexpr double kDurations[] = {0.5, 1, 1, 1, 1.5, 2, 2, 3};
    std::vector<Event> events;
    const int notes = 10 + static_cast<int>(u(rng) * 11);
    int degree = 2 + static_cast<int>(u(rng) * 5);
    int previousKey = -1;
    double t = 0.1;
    for (int i = 0; i < notes; ++i) {
        if (u(rng) < 0.8)
            degree +=
                u(rng) < 0.5 ? -1 - static_cast<int>(u(rng) * 2) : 1 + static_cast<int>(u(rng) * 2);
        else // a leap of up to a sixth, never a repeated note (legato would cut it off)
            degree += (u(rng) < 0.5 ? -1 : 1) * (2 + static_cast<int>(u(rng) * 4));
        while (keyOf(degree) > instrument.highKey)
            degree -= 7;
        while (keyOf(degree) < instrument.lowKey)
            degree += 7;
        const double length = kDurations[static_cast<int>(u(rng) * 8)] * beat;
        if (keyOf(degree) == previousKey) // an octave fold landed on the last note
            degree += keyOf(degree) + 2 <= instrument.highKey ? 1 : -1;
        const int key = keyOf(degree);
        previousKey = key;
        const int velocity = 50 + static_cast<int>(u(rng) * 60);
        events.push_back({t, Event::Type::NoteOn, key, velocity});
        events.push_back({t + length + 0.02, Event::Type::NoteOff, key, 0}); // legato overlap
        t += length;
        if (u(rng) < 0.1)
            t += beat * (0.5 + u(rng)); // a breath
    }
    // Dynamics: a crescendo to a peak somewhere in the phrase, then a diminuendo.
    const double peakAt = t * (0.3 + 0.4 * u(rng));
    const double low = 50.0 + 30.0 * u(rng);
    const double high = 100.0 + 27.0 * u(rng);
    for (double at = 0.0; at < t + 0.5; at += 0.02) {
        const double x =
            at < peakAt ? at / peakAt : std::max(0.0, 1.0 - (at - peakAt) / (t - peakAt + 0.5));
        events.push_back({at, Event::Type::Controller, 11,
                          static_cast<int>(std::lround(low + (high - low) * x))});
    }
    seconds = t + kTailSeconds;
    return events;
}

} // namespace

PerformanceDatasetReport
buildStringsDataset(const PerformanceDatasetOptions& o,
                    const std::function<void(const std::string&)>& progress) {
    SoundFontRenderer fluid(o.soundFont, o.sampleRate);
    SoundFontRenderer unseen(o.heldOutSoundFont, o.sampleRate);
    Writer writer(o, "strings");
    std::mt19937_64 rng(o.seed);
    const auto render = [&](SoundFontRenderer& sf, const std::string& split,
                            const std::string& name, int i, const std::string& font) {
        const auto& instrument = kStrings[i % 3];
        double seconds = 0.0;
        const auto events = phrase(instrument, rng, seconds);
        writer.add(sf.renderPhrase(0, instrument.program, events, seconds), split,
                   numbered(std::string(instrument.name) + "_" + name, i),
                   std::string(instrument.name) + " phrase, " + font);
    };
    for (int i = 0; i < o.trainCount; ++i) {
        render(fluid, "train", "phrase", i, o.soundFont.filename().string());
        if (progress && (i + 1) % 12 == 0)
            progress(std::to_string(i + 1) + " of " + std::to_string(o.trainCount) +
                     " training phrases");
    }
    for (int i = 0; i < o.heldOutCount; ++i)
        render(fluid, "test", "unseen_phrase", i, o.soundFont.filename().string() + ", held out");
    for (int i = 0; i < o.heldOutCount; ++i)
        render(unseen, "test", "unseen_font", i,
               o.heldOutSoundFont.filename().string() + " (recordings never trained on)");
    if (progress)
        progress(std::to_string(2 * o.heldOutCount) + " held-out phrases");
    return writer.finish();
}

} // namespace latentrack::models::dataset
