#include "models/rave/RaveEval.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

#include "core/dsp/Correlation.h"
#include "models/analysis/PitchTrack.h"
#include "models/image/AudioFigure.h"
#include "models/rave/LatentDiscriminator.h"
#include "models/rave/RaveData.h"
#include "models/rave/RaveLoss.h"
#include "models/rave/RaveModelIo.h"
#include "models/training/ModelFiles.h"

namespace latentrack::models::rave {

namespace fs = std::filesystem;
using core::dsp::kNumDescriptors;

namespace {

using Curves = std::vector<std::array<float, kNumDescriptors>>; // [L][A]

/// Σ(a−ā)(b−b̄), Σ(a−ā)², Σ(b−b̄)² of two curves of one length.
struct Moments {
    double ab = 0.0, aa = 0.0, bb = 0.0;
};

Moments centredMoments(const std::vector<double>& a, const std::vector<double>& b) {
    const auto n = static_cast<double>(a.size());
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
    const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    Moments m;
    for (std::size_t i = 0; i < a.size(); ++i) {
        m.ab += (a[i] - ma) * (b[i] - mb);
        m.aa += (a[i] - ma) * (a[i] - ma);
        m.bb += (b[i] - mb) * (b[i] - mb);
    }
    return m;
}

using core::dsp::pearson;

/// Attribute `a`'s curve in a window's attributes [1, A, L]: L values.
std::vector<double> attributeCurve(const torch::Tensor& attributes, int a) {
    const auto row = attributes[0][a].to(torch::kFloat64).contiguous();
    return {row.data_ptr<double>(), row.data_ptr<double>() + row.numel()};
}

std::vector<float> toVector(const torch::Tensor& audio) {
    const auto a = audio.contiguous().to(torch::kFloat32);
    return {a.data_ptr<float>(), a.data_ptr<float>() + a.numel()};
}

struct Window {
    const RaveRecording* recording;
    int frame;
};

class Evaluator {
public:
    explicit Evaluator(RaveBundle& bundle)
        : m_b(bundle), m_c(bundle.config()), m_analyzer(latentDescriptorConfig(m_c)) {}

    /// A model with a pitch input plays `pitch` [1, L] (the window's, unvoiced frames filled)
    /// in every decode of the window, whatever z and attributes it is given.
    void setPitch(torch::Tensor pitch) { m_pitch = std::move(pitch); }

    torch::Tensor decode(const torch::Tensor& z, const torch::Tensor& attributes) {
        return m_b.model->decode(z, attributes, m_pitch);
    }

    Curves descriptors(const torch::Tensor& audio) {
        const auto frames = latentFrameDescriptors(m_analyzer, toVector(audio), m_c);
        Curves out;
        for (const auto& f : frames)
            out.push_back(m_b.range.normalise(f));
        return out;
    }

    /// Mean |ΔdB| over 128 mel bands of a 2048-point STFT: the loss's log-mel term (½·|Δ ln P|)
    /// in dB, × 20/ln 10.
    double melDb(const torch::Tensor& target, const torch::Tensor& output) {
        return 20.0 / std::log(10.0) *
               logMelDistance(target, output, m_c.sampleRate).item<double>();
    }

private:
    RaveBundle& m_b;
    const RaveConfig& m_c;
    core::dsp::DescriptorAnalyzer m_analyzer; ///< ~35 re-extractions per window: plans once
    torch::Tensor m_pitch;
};

/// The target curves of the control test, in normalised units, L frames each.
std::vector<std::vector<double>> targetCurves(int frames) {
    std::vector<std::vector<double>> t(4, std::vector<double>(static_cast<std::size_t>(frames)));
    for (int j = 0; j < frames; ++j) {
        const double x = static_cast<double>(j) / (frames - 1);
        t[0][static_cast<std::size_t>(j)] = -0.8 + 1.6 * x;                             // ramp up
        t[1][static_cast<std::size_t>(j)] = 0.8 - 1.6 * x;                              // ramp down
        t[2][static_cast<std::size_t>(j)] = 0.8 * std::sin(4.0 * std::numbers::pi * x); // sine
        t[3][static_cast<std::size_t>(j)] = -0.8 + 1.6 * std::fmod(2.0 * x, 1.0);       // saw
    }
    return t;
}

std::vector<double> column(const Curves& c, int a) {
    std::vector<double> out;
    for (const auto& f : c)
        out.push_back(f[static_cast<std::size_t>(a)]);
    return out;
}

/// |STFT| of each row of `audio` [N, T] at each FFT size: [N, F, frames] per size.
std::vector<torch::Tensor> spectra(const torch::Tensor& audio, const std::vector<int>& sizes) {
    std::vector<torch::Tensor> out;
    for (int n : sizes)
        out.push_back(magnitude(audio, n));
    return out;
}

/// The multi-scale STFT distance (RaveLoss.h) of one window's spectra against each of N
/// windows' spectra: [N].
torch::Tensor distances(const std::vector<torch::Tensor>& one,
                        const std::vector<torch::Tensor>& many) {
    constexpr double eps = 1e-7;
    auto total = torch::zeros({many.front().size(0)});
    for (std::size_t i = 0; i < one.size(); ++i) {
        const auto& s = one[i];     // [1, F, T]
        const auto& sHat = many[i]; // [N, F, T]
        const auto convergence = (s - sHat).flatten(1).norm(2, 1) / (s.flatten(1).norm(2, 1) + eps);
        const auto logDistance =
            (torch::log(s + eps) - torch::log(sHat + eps)).abs().flatten(1).mean(1);
        total = total + convergence + logDistance;
    }
    return total;
}

} // namespace

RaveEvalReport evaluateRave(const RaveEvalOptions& o) {
    torch::set_num_threads(std::max(1, o.threads));
    torch::NoGradGuard noGrad;
    auto bundle = loadRaveModel(o.modelDir);
    const auto& c = bundle.config();
    const auto data = loadRaveDataset(o.dataDir, c);
    if (data.test.empty())
        throw std::runtime_error(o.dataDir.string() + ": no held-out recording to evaluate on");
    Evaluator ev(bundle);
    const int frames = c.latentFrames();

    // Held-out windows, spread evenly over every non-overlapping window of the test split.
    // Windows of silence (a performance's last ring-out, below −60 dBFS RMS) are left out:
    // the spectral-convergence term divides by the target's energy.
    std::vector<Window> all;
    for (const auto& r : data.test)
        for (int f = 0; f + frames <= static_cast<int>(r.attributes.size()); f += frames) {
            double sq = 0.0;
            const auto start =
                static_cast<std::size_t>(f) * static_cast<std::size_t>(c.compression());
            for (int i = 0; i < c.windowSize; ++i)
                sq += static_cast<double>(r.audio[start + static_cast<std::size_t>(i)]) *
                      r.audio[start + static_cast<std::size_t>(i)];
            if (std::sqrt(sq / c.windowSize) >= 1e-3)
                all.push_back({&r, f});
        }
    if (all.empty())
        throw std::runtime_error(o.dataDir.string() + ": every held-out window is silent");
    std::vector<Window> windows;
    const int count = std::min<int>(o.maxWindows, static_cast<int>(all.size()));
    for (int i = 0; i < count; ++i)
        windows.push_back(
            all[static_cast<std::size_t>(i) * all.size() / static_cast<std::size_t>(count)]);

    // Baseline: random training windows (their PQMF reconstructions, like the targets).
    std::mt19937_64 rng(o.seed);
    std::vector<torch::Tensor> baseline;
    baseline.reserve(static_cast<std::size_t>(o.baselineWindows));
    for (int i = 0; i < o.baselineWindows; ++i) {
        const auto& r =
            data.train[std::uniform_int_distribution<std::size_t>(0, data.train.size() - 1)(rng)];
        const int f = std::uniform_int_distribution<int>(0, static_cast<int>(r.attributes.size()) -
                                                                frames)(rng);
        const auto audio = windowOf(r, f, data, c).audio;
        baseline.push_back(bundle.model->pqmf().synthesise(bundle.model->pqmf().analyse(audio)));
    }
    const auto baselineAudio = torch::cat(baseline, 0);
    const auto baselineSpectra = spectra(baselineAudio, c.fftSizes);

    RaveEvalReport report;
    report.windows = count;
    const int numAttributes = std::min(c.attributes, kNumDescriptors);
    // r, lower, upper, prior r, faders r, and the faders mode's Σ cov(target, output) and
    // Σ var(target) for its pooled slope.
    std::vector<std::array<double, 7>> sums(static_cast<std::size_t>(numAttributes));
    std::vector<int> counts(static_cast<std::size_t>(numAttributes), 0);
    std::array<double, 4> multiSum{};
    std::array<double, 4> jointSum{};
    std::vector<std::vector<double>> pooled(static_cast<std::size_t>(numAttributes));
    int pitchKept = 0, baselinePitchKept = 0;
    // The head's pitch against YIN's; a model given its pitch does not play the head's.
    report.hasOscillator = bundle.model->decoder().hasOscillator() && !c.pitchInput;
    std::vector<double> oscillatorCents;
    const auto targets = targetCurves(frames);
    for (int w = 0; w < count; ++w) {
        const auto& win = windows[static_cast<std::size_t>(w)];
        const auto batch = windowOf(*win.recording, win.frame, data, c);
        auto& pqmf = bundle.model->pqmf();
        const auto target = pqmf.synthesise(pqmf.analyse(batch.audio));
        const auto z = bundle.model->encode(batch.audio).mean;
        ev.setPitch(c.pitchInput ? fillUnvoiced(batch.pitch) : torch::Tensor());
        const auto own = ev.decode(z, batch.attributes);
        report.stft += multiScaleStftDistance(target, own, c.fftSizes).item<double>();
        report.melDb += ev.melDb(target, own);
        const auto d = distances(spectra(target, c.fftSizes), baselineSpectra);
        const auto nearest = d.argmin().item<int64_t>();
        report.baselineStft += d[nearest].item<double>();
        report.baselineMelDb += ev.melDb(target, baselineAudio.narrow(0, nearest, 1));
        {
            const auto reference = toVector(target);
            const auto kept = analysis::pitchAgreement(reference, toVector(own), c.sampleRate);
            report.pitchedFrames += kept.pitchedFrames;
            pitchKept += kept.keptFrames;
            baselinePitchKept +=
                analysis::pitchAgreement(reference, toVector(baselineAudio.narrow(0, nearest, 1)),
                                         c.sampleRate)
                    .keptFrames;
        }
        if (report.hasOscillator) {
            // The window's YIN pitch per latent frame, as the training targets (RaveData.h).
            const auto pitch = bundle.model->pitch(z, batch.attributes)[0].contiguous();
            const auto yin = batch.pitch[0].contiguous();
            const float* p = pitch.data_ptr<float>();
            const float* y = yin.data_ptr<float>();
            for (int64_t j = 0; j < yin.size(0); ++j)
                if (y[j] > 0.0f)
                    oscillatorCents.push_back(100.0 * std::abs(static_cast<double>(p[j]) - y[j]));
        }
        if (!o.figureDir.empty() && w < 3) {
            fs::create_directories(o.figureDir);
            image::writeMelFigure(o.figureDir / ("heldout_" + std::to_string(w) + ".png"),
                                  training::modelName(o.modelDir) + ": held-out window " +
                                      std::to_string(w + 1) + " of " +
                                      fs::path(win.recording->file).filename().string(),
                                  {{"held-out recording (through the PQMF)", toVector(target)},
                                   {"decoded with its own attributes", toVector(own)}},
                                  c.sampleRate);
        }
        if (numAttributes == 0)
            continue;
        const auto ownCurves = ev.descriptors(own);
        const auto& other = windows[static_cast<std::size_t>((w + count / 2 + 1) % count)];
        const auto otherAttributes = windowOf(*other.recording, other.frame, data, c).attributes;
        const auto shuffledCurves = ev.descriptors(ev.decode(z, otherAttributes));
        // Generate mode: a prior draw held over the window (the voice's slow walk), seeded.
        torch::manual_seed(o.seed * 7919ULL + static_cast<std::uint64_t>(w));
        const auto prior = torch::randn({1, c.latentDim, 1}).expand({1, c.latentDim, frames});
        // Faders mode: the other attributes held, each at its mean over the window.
        const auto held = batch.attributes.mean(2, true).expand_as(batch.attributes);
        for (int a = 0; a < numAttributes; ++a) {
            const auto ia = static_cast<std::size_t>(a);
            sums[ia][2] += pearson(column(ownCurves, a), attributeCurve(batch.attributes, a));
            auto curves = targets;
            curves.push_back(attributeCurve(otherAttributes, a));
            for (const auto& curve : curves) {
                auto attributes = batch.attributes.clone();
                attributes[0][a] = torch::tensor(curve).to(torch::kFloat32);
                const auto out = ev.descriptors(ev.decode(z, attributes));
                sums[ia][0] += pearson(curve, column(out, a));
                sums[ia][1] += pearson(curve, column(shuffledCurves, a));
                const auto generated = ev.descriptors(ev.decode(prior, attributes));
                sums[ia][3] += pearson(curve, column(generated, a));
                auto faders = held.clone();
                faders[0][a] = attributes[0][a];
                const auto played = column(ev.descriptors(ev.decode(prior, faders)), a);
                sums[ia][4] += pearson(curve, played);
                const auto m = centredMoments(curve, played);
                sums[ia][5] += m.ab;
                sums[ia][6] += m.aa;
                ++counts[ia];
            }
        }
        for (int a = 0; a < numAttributes; ++a) {
            const auto curve = attributeCurve(batch.attributes, a);
            auto& all = pooled[static_cast<std::size_t>(a)];
            all.insert(all.end(), curve.begin(), curve.end());
        }
        // Several attributes at once: the first k of a random order, each its own target; and
        // the same k following the other window's curves together (a sound's joint contour).
        std::vector<int> order(static_cast<std::size_t>(numAttributes));
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        for (int k = 1; k <= std::min(4, numAttributes); ++k) {
            auto joint = batch.attributes.clone();
            for (int i = 0; i < k; ++i) {
                const auto a = order[static_cast<std::size_t>(i)];
                joint[0][a] = otherAttributes[0][a];
            }
            const auto followed = ev.descriptors(ev.decode(z, joint));
            double rJoint = 0.0;
            for (int i = 0; i < k; ++i) {
                const auto a = order[static_cast<std::size_t>(i)];
                rJoint += pearson(attributeCurve(otherAttributes, a), column(followed, a));
            }
            jointSum[static_cast<std::size_t>(k - 1)] += rJoint / k;
            auto attributes = batch.attributes.clone();
            for (int i = 0; i < k; ++i)
                attributes[0][order[static_cast<std::size_t>(i)]] =
                    torch::tensor(targets[static_cast<std::size_t>((w + i) % 4)])
                        .to(torch::kFloat32);
            const auto out = ev.descriptors(ev.decode(z, attributes));
            double r = 0.0;
            for (int i = 0; i < k; ++i)
                r += pearson(targets[static_cast<std::size_t>((w + i) % 4)],
                             column(out, order[static_cast<std::size_t>(i)]));
            multiSum[static_cast<std::size_t>(k - 1)] += r / k;
        }
    }
    report.stft /= count;
    report.melDb /= count;
    report.baselineStft /= count;
    report.baselineMelDb /= count;
    const double pitched = std::max(1, report.pitchedFrames);
    report.pitchAgreement = pitchKept / pitched;
    report.baselinePitchAgreement = baselinePitchKept / pitched;
    report.oscillatorFrames = static_cast<int>(oscillatorCents.size());
    if (!oscillatorCents.empty()) {
        report.oscillatorWithin50Cents =
            static_cast<double>(std::count_if(oscillatorCents.begin(), oscillatorCents.end(),
                                              [](double cents) { return cents <= 50.0; })) /
            static_cast<double>(oscillatorCents.size());
        auto middle =
            oscillatorCents.begin() + static_cast<std::ptrdiff_t>(oscillatorCents.size() / 2);
        std::nth_element(oscillatorCents.begin(), middle, oscillatorCents.end());
        report.oscillatorMedianCents = *middle;
    }
    for (int a = 0; a < numAttributes; ++a) {
        const auto ia = static_cast<std::size_t>(a);
        AttributeControl ctl;
        ctl.name = core::dsp::descriptorName(static_cast<core::dsp::Descriptor>(a));
        ctl.r = sums[ia][0] / std::max(1, counts[ia]);
        ctl.score = (ctl.r + 1.0) / 2.0;
        ctl.lowerR = sums[ia][1] / std::max(1, counts[ia]);
        ctl.upperR = sums[ia][2] / count;
        ctl.priorR = sums[ia][3] / std::max(1, counts[ia]);
        ctl.fadersR = sums[ia][4] / std::max(1, counts[ia]);
        ctl.fadersSlope = sums[ia][6] > 1e-12 ? sums[ia][5] / sums[ia][6] : 0.0;
        report.control.push_back(ctl);
    }
    for (auto& m : multiSum)
        m /= count;
    report.multiAttributeR = multiSum;
    for (auto& m : jointSum)
        m /= count;
    report.multiAttributeFollowR = jointSum;
    for (const auto& x : pooled) {
        std::vector<double> row;
        for (const auto& y : pooled)
            row.push_back(pearson(x, y));
        report.attributeCorrelation.push_back(row);
    }

    // The latent discriminator on held-out z (F-RAVE).
    for (const auto& file :
         {o.modelDir / "latent_discriminator.pt", o.modelDir / "checkpoint" / "discriminator.pt"}) {
        if (!fs::exists(file) || numAttributes == 0)
            continue;
        LatentDiscriminator d(c.latentDim, c.attributes, c.attributeBins);
        torch::load(d, file.string());
        d->eval();
        std::vector<torch::Tensor> zs, bins;
        for (const auto& win : windows) {
            const auto batch = windowOf(*win.recording, win.frame, data, c);
            zs.push_back(bundle.model->encode(batch.audio).mean);
            bins.push_back(batch.bins);
        }
        const auto z = torch::cat(zs, 0);
        const auto b = torch::cat(bins, 0);
        const auto accuracy = d->accuracy(z, b);
        for (int a = 0; a < c.attributes; ++a) {
            report.discriminatorAccuracy.push_back(accuracy[a].item<double>());
            const auto counted = torch::bincount(b.select(1, a).flatten(), {}, c.attributeBins);
            report.majorityRate.push_back(counted.max().item<double>() /
                                          static_cast<double>(b.select(1, a).numel()));
        }
        report.hasDiscriminator = true;
        break;
    }
    return report;
}

nlohmann::json toJson(const RaveEvalReport& r) {
    nlohmann::json control = nlohmann::json::array();
    for (const auto& c : r.control)
        control.push_back({{"attribute", c.name},
                           {"pearsonR", c.r},
                           {"neuroraveScore", c.score},
                           {"shuffledR", c.lowerR},
                           {"ownAttributesR", c.upperR},
                           {"generateModeR", c.priorR},
                           {"fadersModeR", c.fadersR},
                           {"fadersModeSlope", c.fadersSlope}});
    double meanR = 0.0, meanPrior = 0.0, meanFaders = 0.0;
    const auto n = static_cast<double>(std::max<std::size_t>(1, r.control.size()));
    for (const auto& c : r.control) {
        meanR += c.r / n;
        meanPrior += c.priorR / n;
        meanFaders += c.fadersR / n;
    }
    nlohmann::json j = {{"heldOutWindows", r.windows},
                        {"reconstruction",
                         {{"multiScaleStft", r.stft},
                          {"logMelDb", r.melDb},
                          {"nearestTrainingWindowStft", r.baselineStft},
                          {"nearestTrainingWindowLogMelDb", r.baselineMelDb},
                          {"pitchedFrames", r.pitchedFrames},
                          {"pitchAgreement", r.pitchAgreement},
                          {"nearestTrainingWindowPitchAgreement", r.baselinePitchAgreement}}},
                        {"control", control},
                        {"meanSingleAttributeR", meanR},
                        {"meanSingleAttributeRGenerateMode", meanPrior},
                        {"meanSingleAttributeRFadersMode", meanFaders},
                        {"multiAttributeR",
                         {{"1", r.multiAttributeR[0]},
                          {"2", r.multiAttributeR[1]},
                          {"3", r.multiAttributeR[2]},
                          {"4", r.multiAttributeR[3]}}},
                        {"multiAttributeFollowR",
                         {{"1", r.multiAttributeFollowR[0]},
                          {"2", r.multiAttributeFollowR[1]},
                          {"3", r.multiAttributeFollowR[2]},
                          {"4", r.multiAttributeFollowR[3]}}},
                        {"heldOutAttributeCorrelation", r.attributeCorrelation}};
    if (r.hasOscillator)
        j["oscillator"] = {{"pitchedFrames", r.oscillatorFrames},
                           {"within50Cents", r.oscillatorWithin50Cents},
                           {"medianCents", r.oscillatorMedianCents}};
    if (r.hasDiscriminator)
        j["latentDiscriminator"] = {{"heldOutAccuracy", r.discriminatorAccuracy},
                                    {"majorityBinRate", r.majorityRate}};
    return j;
}

} // namespace latentrack::models::rave
