#include "models/preset/PresetEval.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <random>

#include "models/image/SpectrogramFigure.h"
#include "models/preset/OutOfDomainSounds.h"
#include "models/preset/PresetInterpolation.h"
#include "models/preset/PresetRefinement.h"
#include "models/preset/PresetRepresentation.h"

namespace latentrack::models::preset {

namespace fm = core::fm;
using json = nlohmann::json;

AudioScores audioScores(const core::dsp::LogMel& a, const core::dsp::LogMel& b) {
    AudioScores s;
    s.logMelDb = core::dsp::logMelDistance(a, b);
    const int frames = std::min(a.frames, b.frames);
    const int mels = a.mels;
    double num = 0.0, den = 0.0;
    for (int t = 0; t < frames; ++t)
        for (int m = 0; m < mels; ++m) {
            const double x = std::pow(10.0, a.at(t, m) / 20.0);
            const double y = std::pow(10.0, b.at(t, m) / 20.0);
            num += (x - y) * (x - y);
            den += x * x;
        }
    s.spectralConvergence = std::sqrt(num / std::max(den, 1e-30));
    // MFCC-13: orthonormal DCT-II of each frame's log-mel values.
    constexpr int kCoefficients = 13;
    double sum = 0.0;
    for (int t = 0; t < frames; ++t)
        for (int k = 0; k < kCoefficients; ++k) {
            double ca = 0.0, cb = 0.0;
            for (int m = 0; m < mels; ++m) {
                const double w = std::cos(std::numbers::pi * k * (m + 0.5) / mels);
                ca += a.at(t, m) * w;
                cb += b.at(t, m) * w;
            }
            const double norm = std::sqrt((k == 0 ? 1.0 : 2.0) / mels);
            sum += std::abs(ca - cb) * norm;
        }
    s.mfccMae = sum / std::max(1, frames * kCoefficients);
    return s;
}

ParameterScores parameterScores(const fm::DxVoice& target, const fm::DxVoice& inferred) {
    const auto& rep = PresetRepresentation::shared();
    std::vector<float> nMask(static_cast<std::size_t>(rep.numericCount()));
    std::vector<float> cMask(static_cast<std::size_t>(rep.categoricalCount()));
    rep.mask(target, nMask, cMask);
    ParameterScores s;
    double err = 0.0, n = 0.0;
    for (std::size_t i = 0; i < nMask.size(); ++i) {
        if (nMask[i] < 0.5f)
            continue;
        const auto p = static_cast<std::size_t>(rep.numeric()[i]);
        err += std::abs(static_cast<double>(target.params[p]) - inferred.params[p]) * 99.0 /
               fm::paramMax(static_cast<int>(p));
        n += 1.0;
    }
    s.numericMae = n > 0 ? err / n : 0.0;
    double hit = 0.0, m = 0.0;
    for (std::size_t i = 0; i < cMask.size(); ++i) {
        if (cMask[i] < 0.5f)
            continue;
        const auto p = static_cast<std::size_t>(rep.categorical()[i].index);
        hit += target.params[p] == inferred.params[p];
        m += 1.0;
    }
    s.categoricalAccuracy = m > 0 ? hit / m : 0.0;
    s.algorithmAccuracy =
        target.get(fm::VoiceParam::Algorithm) == inferred.get(fm::VoiceParam::Algorithm) ? 1.0
                                                                                         : 0.0;
    return s;
}

PresetRetrieval::PresetRetrieval(const PresetDataset& data)
    : m_data(data), m_ids(data.indices(PresetSplit::Train)) {
    const auto& c = data.config();
    const int64_t bytes = static_cast<int64_t>(c.frames) * c.mels;
    m_mels = torch::empty({static_cast<int64_t>(m_ids.size()), bytes}, torch::kUInt8);
    for (std::size_t i = 0; i < m_ids.size(); ++i) {
        const auto m = data.mel(m_ids[i]);
        std::copy(m.begin(), m.end(), m_mels[static_cast<int64_t>(i)].data_ptr<std::uint8_t>());
    }
}

int PresetRetrieval::nearest(const core::dsp::LogMel& mel) const {
    torch::NoGradGuard g;
    const auto& c = m_data.config();
    auto q = torch::from_blob(const_cast<float*>(mel.db.data()),
                              {1, static_cast<int64_t>(mel.db.size())}, torch::kFloat32)
                 .clamp(c.floorDb, c.ceilingDb);
    const double scale = (c.ceilingDb - c.floorDb) / 255.0;
    double best = 1e300;
    int64_t bestRow = 0;
    constexpr int64_t kChunk = 2048;
    for (int64_t from = 0; from < m_mels.size(0); from += kChunk) {
        const auto rows = std::min(kChunk, m_mels.size(0) - from);
        const auto db = m_mels.narrow(0, from, rows).to(torch::kFloat32) * scale + c.floorDb;
        const auto d = (db - q).abs().mean(1);
        const auto [value, index] = d.min(0);
        if (value.item<double>() < best) {
            best = value.item<double>();
            bestRow = from + index.item<int64_t>();
        }
    }
    return m_ids[static_cast<std::size_t>(bestRow)];
}

namespace {

/// Running means of the scores of one method.
struct Tally {
    double logMel = 0, sc = 0, mfcc = 0, num = 0, cat = 0, alg = 0;
    int n = 0;
    void add(const AudioScores& a) {
        logMel += a.logMelDb;
        sc += a.spectralConvergence;
        mfcc += a.mfccMae;
        ++n;
    }
    void add(const AudioScores& a, const ParameterScores& p) {
        add(a);
        num += p.numericMae;
        cat += p.categoricalAccuracy;
        alg += p.algorithmAccuracy;
    }
    json audio() const {
        return {{"logMelDb", logMel / n}, {"spectralConvergence", sc / n}, {"mfcc13Mae", mfcc / n}};
    }
    json all() const {
        auto j = audio();
        j["numericMae99"] = num / n;
        j["categoricalAccuracy"] = cat / n;
        j["algorithmAccuracy"] = alg / n;
        return j;
    }
};

fm::DxVoice medianPreset(const PresetDataset& data) {
    const auto ids = data.indices(PresetSplit::Train);
    fm::DxVoice v = fm::DxVoice::initVoice();
    const auto& rep = PresetRepresentation::shared();
    for (int p : rep.numeric()) {
        std::vector<int> values;
        for (int i : ids)
            values.push_back(data.voice(i).params[static_cast<std::size_t>(p)]);
        std::nth_element(values.begin(),
                         values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                         values.end());
        v.params[static_cast<std::size_t>(p)] =
            static_cast<std::uint8_t>(values[values.size() / 2]);
    }
    for (const auto& c : rep.categorical()) {
        std::vector<int> counts(static_cast<std::size_t>(c.classes), 0);
        for (int i : ids)
            ++counts[std::min<std::size_t>(data.voice(i).params[static_cast<std::size_t>(c.index)],
                                           counts.size() - 1)];
        v.params[static_cast<std::size_t>(c.index)] = static_cast<std::uint8_t>(
            std::max_element(counts.begin(), counts.end()) - counts.begin());
    }
    v.set(fm::VoiceParam::Transpose, PresetRepresentation::kTranspose);
    v.setName("MEDIAN");
    return v;
}

/// A labelled figure of log-mel spectrograms side by side, one column per entry of `mels`.
void figure(const std::filesystem::path& path, const std::string& title,
            const std::vector<std::string>& labels,
            const std::vector<const core::dsp::LogMel*>& mels, const PresetConfig& c) {
    image::SpectrogramGrid g;
    g.title = title;
    g.columnLabels = labels;
    g.xScale = 2;
    g.yScale = 2;
    g.minDb = -100.0f;
    g.maxDb = 10.0f;
    std::vector<image::SpectrogramCell> row;
    for (const auto* m : mels)
        row.push_back({m->db, m->frames, m->mels});
    g.cells.push_back(std::move(row));
    const auto mc = c.melConfig();
    g.timeTicks = image::timeTicks(c.frames, mc.hop / mc.sampleRate);
    g.frequencyTicks = image::melFrequencyTicks(mc);
    g.frequencyLabel = "frequency (Hz, mel scale)";
    image::writeFigure(g, path);
}

} // namespace

json evaluatePresetModel(PresetInferencer& inf, const PresetDataset& data,
                         const PresetEvalOptions& o) {
    auto say = [&](const std::string& s) {
        if (o.progress)
            o.progress(s);
    };
    say("retrieval index over the training presets");
    const PresetRetrieval retrieval(data);
    const auto median = medianPreset(data);
    auto& renderer = inf.renderer();
    const auto medianMel = renderer.renderLogMel(median);
    if (!o.figures.empty())
        std::filesystem::create_directories(o.figures);

    Tally model, best, nearest, med, refined;
    int refinedWins = 0, refineTimeLimited = 0, refineEvaluations = 0;
    double refineSpent = 0.0;
    json perVoice = json::array();
    const auto test = data.indices(o.split);
    int wins = 0;
    for (std::size_t k = 0; k < test.size(); ++k) {
        const int i = test[k];
        const auto& target = data.voice(i);
        const auto targetMel = renderer.renderLogMel(target);
        const auto candidates = inf.infer(targetMel, std::max(1, o.candidates));
        const auto& mean = *std::find_if(candidates.begin(), candidates.end(),
                                         [](const auto& c) { return c.posteriorMean; });
        const auto& meanVoice = mean.voice;
        const auto& meanMel = mean.rendering;
        const auto& top = candidates.front();
        const auto& topMel = top.rendering;
        const auto& near = data.voice(retrieval.nearest(targetMel));
        const auto nearMel = renderer.renderLogMel(near);
        const auto sModel = audioScores(targetMel, meanMel);
        const auto sBest = audioScores(targetMel, topMel);
        const auto sNear = audioScores(targetMel, nearMel);
        model.add(sModel, parameterScores(target, meanVoice));
        best.add(sBest, parameterScores(target, top.voice));
        nearest.add(sNear, parameterScores(target, near));
        med.add(audioScores(targetMel, medianMel), parameterScores(target, median));
        wins += sBest.logMelDb < sNear.logMelDb;
        json row = {{"voice", data.sourceName(i)},
                    {"modelDb", sModel.logMelDb},
                    {"bestOfDb", sBest.logMelDb},
                    {"retrievalDb", sNear.logMelDb},
                    {"retrieved", near.name()}};
        core::dsp::LogMel refinedMel;
        if (o.refineSeconds > 0.0) {
            std::vector<fm::DxVoice> starts;
            for (std::size_t c = 0;
                 c < candidates.size() && c < static_cast<std::size_t>(o.refineStarts); ++c)
                starts.push_back(candidates[c].voice);
            RefinementOptions ro;
            ro.seconds = o.refineSeconds;
            ro.maxEvaluations = o.refineEvaluations;
            const auto rr = refinePreset(renderer, targetMel, starts, ro);
            refinedMel = renderer.renderLogMel(rr.voice);
            const auto sRef = audioScores(targetMel, refinedMel);
            refined.add(sRef, parameterScores(target, rr.voice));
            refinedWins += sRef.logMelDb < sNear.logMelDb;
            row["refinedDb"] = sRef.logMelDb;
            row["refineEvaluations"] = rr.evaluations;
            row["refineSeconds"] = rr.seconds;
            refineTimeLimited += rr.timeLimited;
            refineEvaluations += rr.evaluations;
            refineSpent += rr.seconds;
        }
        perVoice.push_back(row);
        if (!o.figures.empty() && k < 6) {
            // Left to right: the voice, the model's mean, its best candidate, (refined,)
            // the retrieved preset.
            std::vector<const core::dsp::LogMel*> panels{&targetMel, &meanMel, &topMel};
            std::vector<std::string> labels{"held-out voice", "model (posterior mean)",
                                            "model (best of " + std::to_string(o.candidates) + ")"};
            if (refinedMel.frames > 0) {
                panels.push_back(&refinedMel);
                labels.push_back("refined");
            }
            panels.push_back(&nearMel);
            labels.push_back("nearest training preset");
            figure(o.figures / ("heldout-" + std::to_string(k + 1) + ".png"),
                   "Held-out voice \"" + target.name() + "\" and the presets inferred for it",
                   labels, panels, data.config());
        }
        say("held-out voice " + std::to_string(k + 1) + "/" + std::to_string(test.size()));
    }
    json report = {{"heldOut",
                    {{"presets", test.size()},
                     {"model", model.all()},
                     {"modelBestOf", best.all()},
                     {"candidates", o.candidates},
                     {"retrieval", nearest.all()},
                     {"medianPreset", med.all()},
                     {"bestOfBeatsRetrievalOn", wins},
                     {"perVoice", perVoice}}}};
    if (refined.n > 0) {
        report["heldOut"]["refined"] = refined.all();
        report["heldOut"]["refineSeconds"] = o.refineSeconds;
        report["heldOut"]["refineStarts"] = o.refineStarts;
        report["heldOut"]["refineEvaluationBudget"] = o.refineEvaluations;
        // Reproducible on any machine when the evaluation budget ended every search.
        report["heldOut"]["refineTimeLimitedOn"] = refineTimeLimited;
        report["heldOut"]["refineMeanEvaluations"] =
            static_cast<double>(refineEvaluations) / refined.n;
        report["heldOut"]["refineMeanSeconds"] = refineSpent / refined.n;
        report["heldOut"]["refinedBeatsRetrievalOn"] = refinedWins;
        report["heldOut"]["refinedVsRetrievalLogMel"] = refined.logMel / nearest.logMel - 1.0;
    }
    if (o.interpolationPairs > 0 && test.size() >= 2) {
        say("interpolation between held-out voices");
        std::vector<std::pair<fm::DxVoice, fm::DxVoice>> pairs;
        std::mt19937_64 rng(17);
        std::uniform_int_distribution<std::size_t> pick(0, test.size() - 1);
        while (static_cast<int>(pairs.size()) < o.interpolationPairs) {
            const auto i = pick(rng), j = pick(rng);
            if (i == j)
                continue;
            auto a = data.voice(test[i]), b = data.voice(test[j]);
            a.set(fm::VoiceParam::Transpose, PresetRepresentation::kTranspose);
            b.set(fm::VoiceParam::Transpose, PresetRepresentation::kTranspose);
            pairs.emplace_back(a, b);
        }
        report["interpolation"] = compareInterpolations(inf, pairs, 9);
    }
    report["heldOut"]["beatsRetrieval"] =
        best.logMel < nearest.logMel && best.sc < nearest.sc && best.mfcc < nearest.mfcc;
    if (o.outOfDomain) {
        const auto ood = outOfDomainSounds(
            data.config().sampleRate, data.config().holdSeconds + data.config().releaseSeconds);
        Tally oModel, oNear;
        json sounds = json::array();
        int k = 0;
        for (const auto& s : ood.sounds) {
            const auto mel = inf.soundLogMel(s.audio);
            const auto top = inf.infer(mel, std::max(1, o.candidates)).front();
            const auto& topMel = top.rendering;
            const auto nearMel = renderer.renderLogMel(data.voice(retrieval.nearest(mel)));
            const auto a = audioScores(mel, topMel);
            const auto b = audioScores(mel, nearMel);
            oModel.add(a);
            oNear.add(b);
            sounds.push_back({{"sound", s.name},
                              {"source", s.source},
                              {"modelDb", a.logMelDb},
                              {"retrievalDb", b.logMelDb}});
            if (!o.figures.empty())
                figure(o.figures / ("ood-" + std::to_string(++k) + ".png"),
                       "Out of domain: " + s.name + " (" +
                           std::filesystem::path(s.source).filename().string() + ")",
                       {"sound",
                        "model (best of " + std::to_string(std::max(1, o.candidates)) + ")",
                        "nearest training preset"},
                       {&mel, &topMel, &nearMel}, data.config());
            say("out-of-domain sound " + s.name);
        }
        report["outOfDomain"] = {{"sounds", sounds},
                                 {"missing", ood.missing},
                                 {"modelBestOf", oModel.n ? oModel.audio() : json()},
                                 {"retrieval", oNear.n ? oNear.audio() : json()}};
    }
    return report;
}

} // namespace latentrack::models::preset
