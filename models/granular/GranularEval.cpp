#include "models/granular/GranularEval.h"

#include <ATen/CPUGeneratorImpl.h>
#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/dsp/Gain.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "models/granular/AudioMetrics.h"
#include "models/granular/GrainSynthesis.h"
#include "models/granular/GranularData.h"
#include "models/granular/GranularModelImpl.h"
#include "models/granular/LatentRefinement.h"
#include "models/granular/SpectralLoss.h"
#include "models/image/SpectrogramFigure.h"
#include "models/training/ModelFiles.h"

namespace latentrack::models::granular {

namespace {

constexpr std::uint64_t kNoiseSeed = 20211;
constexpr int kFigureFft = 512;

torch::Tensor stack(const std::vector<GranularExample>& examples, torch::Tensor* classes) {
    auto audio = torch::zeros(
        {static_cast<int64_t>(examples.size()), static_cast<int64_t>(examples.at(0).audio.size())});
    *classes = torch::zeros({audio.size(0)}, torch::kLong);
    for (std::size_t i = 0; i < examples.size(); ++i) {
        audio[static_cast<int64_t>(i)] = torch::tensor(examples[i].audio);
        (*classes)[static_cast<int64_t>(i)] = examples[i].classIndex;
    }
    return audio;
}

constexpr int64_t kRefineBatch = 8;

/// The encoder's μ of each example [B, N, z], and the same refined in batches of
/// kRefineBatch (each batch's noise seeded by options.seed + its first row).
std::pair<torch::Tensor, torch::Tensor> inferLatents(GranularModel::Impl& m,
                                                     const torch::Tensor& audio,
                                                     const torch::Tensor& classes,
                                                     const RefineOptions& options) {
    std::vector<torch::Tensor> means;
    for (int64_t i = 0; i < audio.size(0); ++i)
        means.push_back(m.grain->encode(audio.narrow(0, i, 1), classes.narrow(0, i, 1)).mean);
    const auto mu = torch::cat(means, 0);
    if (options.steps == 0)
        return {mu, mu};
    std::vector<torch::Tensor> refined;
    for (int64_t i = 0; i < audio.size(0); i += kRefineBatch) {
        const auto n = std::min(kRefineBatch, audio.size(0) - i);
        auto batch = options;
        batch.seed = options.seed + static_cast<std::uint64_t>(i);
        refined.push_back(refineLatents(*m.grain, audio.narrow(0, i, n), classes.narrow(0, i, n),
                                        mu.narrow(0, i, n), batch));
    }
    return {mu, torch::cat(refined, 0)};
}

/// decode(z) of each example with the noise seed kNoiseSeed + row → [B, T].
torch::Tensor reconstruct(GranularModel::Impl& m, const torch::Tensor& z,
                          const torch::Tensor& classes) {
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < z.size(0); ++i)
        out.push_back(m.grain->decode(z.narrow(0, i, 1), classes.narrow(0, i, 1),
                                      at::detail::createCPUGenerator(kNoiseSeed + i)));
    return torch::cat(out, 0);
}

torch::Tensor nearestTraining(const torch::Tensor& test, const torch::Tensor& train) {
    const auto trainSpectra = metricSpectra(train);
    const auto testSpectra = metricSpectra(test);
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < test.size(0); ++i) {
        const auto best =
            multiScaleSpectralDistanceTo(testSpectra, i, trainSpectra).argmin().item<int64_t>();
        out.push_back(train.narrow(0, best, 1));
    }
    return torch::cat(out, 0);
}

/// Uniform noise shaped per grain by `mags` [N, L/2+1] and overlap-added like the decoder's
/// synthesis (no post filter), seeded by `seed` → [1, (N−1)·hop + L].
torch::Tensor shapedNoise(const GranularConfig& config, const torch::Tensor& mags,
                          std::uint64_t seed) {
    const auto noise =
        torch::rand({mags.size(0), config.grainSize}, at::detail::createCPUGenerator(seed)) * 2.0 -
        1.0;
    return overlapAdd(filterNoise(mags, noise).unsqueeze(0), config.hop, true);
}

torch::Tensor classMeanNoise(const GranularConfig& config, int numClasses,
                             const torch::Tensor& train, const torch::Tensor& trainClasses,
                             const torch::Tensor& testClasses) {
    const auto power = grainSpectrum(train, config.grainSize, config.hop).pow(2); // [M, N, L/2+1]
    std::vector<torch::Tensor> perClass;
    for (int c = 0; c < numClasses; ++c) {
        const auto rows = power.index_select(0, torch::nonzero(trainClasses == c).flatten());
        perClass.push_back(rows.mean(0).sqrt());
    }
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < testClasses.size(0); ++i)
        out.push_back(
            shapedNoise(config, perClass[static_cast<std::size_t>(testClasses[i].item<int64_t>())],
                        kNoiseSeed + static_cast<std::uint64_t>(i)));
    return torch::cat(out, 0);
}

/// Each held-out example re-synthesised as filtered noise shaped by its own grain spectra
/// (grainSpectrum(): power-matched through the decoder's noise and overlap-add; no network).
torch::Tensor ownSpectrumNoise(const GranularConfig& config, const torch::Tensor& test) {
    const auto mags = grainSpectrum(test, config.grainSize, config.hop); // [B, N, L/2+1]
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < test.size(0); ++i)
        out.push_back(shapedNoise(config, mags[i], kNoiseSeed + static_cast<std::uint64_t>(i)));
    return torch::cat(out, 0);
}

MetricSet mean(const torch::Tensor& spectral, const torch::Tensor& lsd, const torch::Tensor& rmse) {
    return {spectral.mean().item<double>(), lsd.mean().item<double>(), rmse.mean().item<double>()};
}

/// Mean multi-scale spectral distance over all pairs of rows of x [K ≥ 2, T].
double meanPairwiseDistance(const torch::Tensor& x) {
    std::vector<int64_t> a, b;
    for (int64_t i = 0; i < x.size(0); ++i)
        for (int64_t j = i + 1; j < x.size(0); ++j) {
            a.push_back(i);
            b.push_back(j);
        }
    if (a.empty())
        return 0.0;
    return multiScaleSpectralDistance(x.index_select(0, torch::tensor(a)),
                                      x.index_select(0, torch::tensor(b)))
        .mean()
        .item<double>();
}

MetricSet score(const torch::Tensor& x, const torch::Tensor& y) {
    return mean(multiScaleSpectralDistance(x, y), logSpectralDistance(x, y), waveformRmse(x, y));
}

std::vector<float> spectrogramDb(const torch::Tensor& audio) {         // [T] → frame-major dB
    const auto mag = stftMagnitude(audio.unsqueeze(0), kFigureFft)[0]; // [F, frames]
    const auto db = (20.0 * (mag / (kFigureFft / 4.0) + 1e-6).log10()).t().contiguous();
    return {db.data_ptr<float>(), db.data_ptr<float>() + db.numel()};
}

/// A labelled figure: one column per tensor of `columns` (each [rows, T] at `sampleRate`), one
/// row per entry of `rowLabels` (the class names).
void writeFigure(const std::filesystem::path& path, const std::string& title,
                 const std::vector<std::string>& columnLabels,
                 const std::vector<std::string>& rowLabels,
                 const std::vector<torch::Tensor>& columns, int sampleRate) {
    image::SpectrogramGrid g;
    g.title = title;
    g.columnLabels = columnLabels;
    g.rowLabels = rowLabels;
    g.xScale = 2;
    g.minDb = -100.0f;
    g.maxDb = 0.0f;
    const int bins = kFigureFft / 2 + 1;
    for (int64_t r = 0; r < columns.at(0).size(0); ++r) {
        std::vector<image::SpectrogramCell> row;
        for (const auto& c : columns) {
            auto db = spectrogramDb(c[r]);
            const int frames = static_cast<int>(db.size()) / bins;
            row.push_back({std::move(db), frames, bins});
        }
        g.cells.push_back(std::move(row));
    }
    g.timeTicks = image::timeTicks(g.cells[0][0].frames, (kFigureFft / 4.0) / sampleRate);
    g.frequencyTicks = image::linearFrequencyTicks(bins, sampleRate, kFigureFft);
    image::writeFigure(g, path);
}

bool beats(const MetricSet& m, const MetricSet& nearest, const MetricSet& classMean) {
    return m.spectral < nearest.spectral && m.spectral < classMean.spectral &&
           m.lsd < nearest.lsd && m.lsd < classMean.lsd;
}

} // namespace

bool EvalReport::beatsBaselines() const {
    return beats(refined, nearest, classMean);
}

bool EvalReport::encoderBeatsBaselines() const {
    return beats(model, nearest, classMean);
}

EvalReport evaluateGranular(const EvalOptions& o) {
    auto model = GranularModel::load(o.modelDir);
    auto& m = model->impl();
    torch::set_num_threads(std::max(1, o.threads));
    c10::InferenceMode inference;
    const auto dataDir = o.dataDir.empty()
                             ? std::filesystem::path(m.provenance.value("data", std::string()))
                             : o.dataDir;
    const auto classKey =
        o.classKey.empty() ? m.provenance.value("classKey", std::string("class8")) : o.classKey;
    const auto data = loadGranularDataset(dataDir, classKey, m.classes, m.config.sampleRate,
                                          m.config.exampleLength());
    if (data.test.empty())
        throw DatasetError(dataDir.string() + ": the held-out split is empty");

    torch::Tensor testClasses, trainClasses;
    const auto test = stack(data.test, &testClasses);
    const auto train = stack(data.train, &trainClasses);
    const auto refineStart = std::chrono::steady_clock::now();
    const auto [mu, zRefined] = inferLatents(m, test, testClasses, o.refine);
    const double refineSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - refineStart).count();
    const auto recon = reconstruct(m, mu, testClasses);
    const auto refined = o.refine.steps == 0 ? recon : reconstruct(m, zRefined, testClasses);
    const auto nearest = nearestTraining(test, train);
    const auto noise = classMeanNoise(m.config, m.numClasses(), train, trainClasses, testClasses);

    EvalReport report;
    report.examples = static_cast<int>(data.test.size());
    report.testKits = data.testKits;
    report.model = score(test, recon);
    report.refined = score(test, refined);
    report.refinement = o.refine;
    report.refineSecondsPerSecond =
        o.refine.steps == 0
            ? 0.0
            : refineSeconds / (static_cast<double>(test.numel()) / m.config.sampleRate);
    report.nearest = score(test, nearest);
    report.classMean = score(test, noise);
    const auto own = ownSpectrumNoise(m.config, test);
    report.ownSpectrum = score(test, own);
    for (int c = 0; c < m.numClasses(); ++c) {
        const auto idx = torch::nonzero(testClasses == c).flatten();
        if (idx.numel() == 0)
            continue;
        const auto& name = m.classes[static_cast<std::size_t>(c)];
        const auto target = test.index_select(0, idx);
        report.modelPerClass[name] = score(target, recon.index_select(0, idx));
        report.refinedPerClass[name] = score(target, refined.index_select(0, idx));
        report.nearestPerClass[name] = score(target, nearest.index_select(0, idx));
        report.ownSpectrumPerClass[name] = score(target, own.index_select(0, idx));
    }

    // Diversity of sample_note against the natural spread of the class.
    int spreadClasses = 0;
    for (int c = 0; c < m.numClasses(); ++c) {
        const auto idx = torch::nonzero(testClasses == c).flatten();
        if (idx.numel() < 2)
            continue;
        std::vector<torch::Tensor> notes;
        for (int k = 0; k < 6; ++k) {
            auto audio = model->sampleNote(c, 1000 + static_cast<std::uint64_t>(k));
            core::dsp::normalisePeak(audio, 0.9f, 1e-4f);
            notes.push_back(torch::tensor(audio).unsqueeze(0));
        }
        Spread sp;
        sp.notes = meanPairwiseDistance(torch::cat(notes));
        sp.data = meanPairwiseDistance(
            test.index_select(0, idx.narrow(0, 0, std::min<int64_t>(8, idx.numel()))));
        report.spreadPerClass[m.classes[static_cast<std::size_t>(c)]] = sp;
        report.spread.notes += sp.notes;
        report.spread.data += sp.data;
        ++spreadClasses;
    }
    if (spreadClasses > 0) {
        report.spread.notes /= spreadClasses;
        report.spread.data /= spreadClasses;
    }

    torch::set_num_threads(1);
    constexpr int kRuns = 24;
    model->sampleNote(0, 1); // warm-up
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRuns; ++i)
        model->sampleNote(i % m.numClasses(), static_cast<std::uint64_t>(i));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.sampleNoteMsPerSecond =
        1000.0 * seconds / kRuns / (m.config.exampleLength() / double(m.config.sampleRate));

    const auto dir = o.figuresDir.empty() ? o.modelDir / "eval" : o.figuresDir;
    std::filesystem::create_directories(dir);
    std::vector<int64_t> firstOfClass;
    for (int c = 0; c < m.numClasses(); ++c) {
        const auto idx = torch::nonzero(testClasses == c).flatten();
        if (idx.numel() > 0)
            firstOfClass.push_back(idx[0].item<int64_t>());
    }
    const auto rows = torch::tensor(firstOfClass, torch::kLong);
    std::vector<std::string> rowNames;
    for (const auto row : firstOfClass)
        rowNames.push_back(m.classes[static_cast<std::size_t>(testClasses[row].item<int64_t>())]);
    writeFigure(
        dir / "reconstructions.png",
        training::modelName(o.modelDir) + ": held-out examples and their reconstructions",
        {"original", "encoder", "refined", "nearest training", "class-mean noise"}, rowNames,
        {test.index_select(0, rows), recon.index_select(0, rows), refined.index_select(0, rows),
         nearest.index_select(0, rows), noise.index_select(0, rows)},
        m.config.sampleRate);
    report.figures.push_back((dir / "reconstructions.png").string());
    if (o.writeAudio) {
        std::filesystem::create_directories(dir / "audio");
        for (const auto row : firstOfClass) {
            const auto& name =
                m.classes[static_cast<std::size_t>(testClasses[row].item<int64_t>())];
            const std::pair<const char*, const torch::Tensor*> versions[] = {{"original", &test},
                                                                             {"model", &recon},
                                                                             {"refined", &refined},
                                                                             {"nearest", &nearest}};
            for (const auto& [what, audio] : versions) {
                const auto x = (*audio)[row].contiguous();
                const auto path = dir / "audio" / (name + "-" + what + ".wav");
                core::io::writeAudioFile(
                    path,
                    {std::vector<float>(x.data_ptr<float>(), x.data_ptr<float>() + x.numel())},
                    m.config.sampleRate);
                report.figures.push_back(path.string());
            }
        }
    }
    std::vector<torch::Tensor> samples[2];
    for (int c = 0; c < m.numClasses(); ++c)
        for (int s = 0; s < 2; ++s)
            samples[s].push_back(torch::tensor(model->sampleNote(c, 100 + 7 * s)).unsqueeze(0));
    writeFigure(dir / "sample_note.png",
                training::modelName(o.modelDir) +
                    ": sample_note from the prior, two seeds per class",
                {"seed 100", "seed 107"}, m.classes,
                {torch::cat(samples[0]), torch::cat(samples[1])}, m.config.sampleRate);
    report.figures.push_back((dir / "sample_note.png").string());
    return report;
}

void to_json(nlohmann::json& j, const Spread& s) {
    j = {{"sampleNotePairwiseSpectral", s.notes}, {"heldOutPairwiseSpectral", s.data}};
}

void to_json(nlohmann::json& j, const MetricSet& m) {
    j = {{"spectralDistance", m.spectral}, {"lsdDb", m.lsd}, {"rmse", m.rmse}};
}

void to_json(nlohmann::json& j, const EvalReport& r) {
    j = {{"heldOutExamples", r.examples},
         {"heldOutKits", r.testKits},
         {"model", r.model},
         {"modelRefined", r.refined},
         {"refinement",
          {{"steps", r.refinement.steps},
           {"learningRate", r.refinement.learningRate},
           {"seed", r.refinement.seed},
           {"secondsPerSecondOfAudio", r.refineSecondsPerSecond},
           {"method", "LatentRefinement.h: Adam on the encoder's z series, weights frozen, "
                      "training objective of the one sound (semi-amortised inference)"}}},
         {"baselineNearestTraining", r.nearest},
         {"baselineClassMeanNoise", r.classMean},
         {"referenceOwnSpectrumNoise", r.ownSpectrum},
         {"modelPerClass", r.modelPerClass},
         {"modelRefinedPerClass", r.refinedPerClass},
         {"baselineNearestTrainingPerClass", r.nearestPerClass},
         {"referenceOwnSpectrumNoisePerClass", r.ownSpectrumPerClass},
         {"sampleNoteMsPerSecondOfAudio", r.sampleNoteMsPerSecond},
         {"diversity", r.spread},
         {"diversityPerClass", r.spreadPerClass},
         {"beatsBothBaselines", r.beatsBaselines()},
         {"encoderAloneBeatsBothBaselines", r.encoderBeatsBaselines()},
         {"metrics", "AudioMetrics.h: spectral = multi-scale spectral distance (FFT 2048…128, "
                     "lin + ln magnitudes), lsdDb = log-spectral distance (FFT 1024), rmse = "
                     "waveform RMSE; all on peak-normalised held-out examples"}};
}

void writeModelCard(const std::filesystem::path& modelDir, const EvalReport& report,
                    const std::string& evalCommand) {
    const auto modelJson = nlohmann::json::parse(core::io::readFile(modelDir / "model.json"));
    const auto& prov = modelJson.value("provenance", nlohmann::json::object());
    const nlohmann::json card = {{"name", modelDir.filename().string()},
                                 {"model",
                                  "neural granular synthesis: grain VAE (filtered-noise decoder) + "
                                  "latent-series LSTM VAE (Bitton, Esling, Harada, ICMC 2021)"},
                                 {"sampleRate", modelJson.at("config").at("sampleRate")},
                                 {"classes", modelJson.at("classes")},
                                 {"config", modelJson.at("config")},
                                 {"trainedWith", prov.value("command", std::string())},
                                 {"training", prov},
                                 {"evaluatedWith", evalCommand},
                                 {"evaluation", report}};
    core::io::writeFileAtomically(modelDir / "card.json", card.dump(2) + "\n");
}

} // namespace latentrack::models::granular
