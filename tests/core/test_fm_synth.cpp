// The FM engine asserted on its signal: pitch, detune, transpose, envelope timing against the
// DX7's measured rates, output-level steps, algorithm topology by spectrum, the 432 factory
// voices, polyphony/sustain, and the realtime guard.

#include <cmath>

#include <gtest/gtest.h>

#include "FmTestUtil.h"
#include "core/engine/Engine.h"
#include "core/engine/FmInstrument.h"
#include "core/fm/DxTables.h"
#include "core/fm/FmSynth.h"
#include "core/fm/SysEx.h"
#include "core/rt/RealtimeGuard.h"

using namespace latentrack;
using namespace latentrack::core::fm;

namespace {
constexpr double kSr = 48000.0;
double cents(double hz, double reference) {
    return 1200.0 * std::log2(hz / reference);
}
double midiHz(int note) {
    return 440.0 * std::exp2((note - 69) / 12.0);
}
float rmsOf(const std::vector<float>& x, std::size_t from, std::size_t to) {
    double acc = 0.0;
    for (std::size_t i = from; i < to; ++i)
        acc += static_cast<double>(x[i]) * x[i];
    return static_cast<float>(std::sqrt(acc / static_cast<double>(to - from)));
}
/// Seconds from the start until the peak envelope (1 ms windows) first goes below/above db.
double timeToCross(const std::vector<float>& env, float reference, double db, bool falling,
                   std::size_t from = 0) {
    const float threshold = reference * static_cast<float>(std::pow(10.0, db / 20.0));
    for (std::size_t i = from; i < env.size(); ++i)
        if (falling ? env[i] < threshold : env[i] >= threshold)
            return static_cast<double>(i) * 0.001;
    return -1.0;
}
} // namespace

TEST(FmPitch, RatioModeNote60IsMiddleCWithinOneCent) {
    const auto x = test::renderFm(test::sineVoice(), 60, 100, 1.0);
    EXPECT_NEAR(cents(test::zeroCrossingHz(x, 4800, 48000), midiHz(60)), 0.0, 1.0);
    DxVoice v = test::sineVoice();
    v.setOp(1, OpParam::Coarse, 2);
    v.setOp(1, OpParam::Fine, 50); // ratio 2 × 1.50 = 3.00
    const auto y = test::renderFm(v, 60, 100, 1.0);
    EXPECT_NEAR(cents(test::zeroCrossingHz(y, 4800, 48000), 3.0 * midiHz(60)), 0.0, 1.0);
    v.setOp(1, OpParam::Coarse, 0); // 0.5 × 1.5
    const auto z = test::renderFm(v, 60, 100, 1.0);
    EXPECT_NEAR(cents(test::zeroCrossingHz(z, 4800, 48000), 0.75 * midiHz(60)), 0.0, 1.0);
}

TEST(FmPitch, FixedFrequencyOperatorsIgnoreTheKey) {
    DxVoice v = test::sineVoice();
    v.setOp(1, OpParam::Mode, 1);
    v.setOp(1, OpParam::Coarse, 2); // 100 Hz
    v.setOp(1, OpParam::Fine, 0);
    for (int note : {36, 60, 84}) {
        const auto x = test::renderFm(v, note, 100, 1.0);
        EXPECT_NEAR(cents(test::zeroCrossingHz(x, 4800, 48000), 100.0), 0.0, 1.0) << note;
    }
    v.setOp(1, OpParam::Fine, 50); // 10^2.5 = 316.2 Hz
    const auto y = test::renderFm(v, 60, 100, 1.0);
    EXPECT_NEAR(cents(test::zeroCrossingHz(y, 4800, 48000), std::pow(10.0, 2.5)), 0.0, 1.0);
}

TEST(FmPitch, DetuneAndTransposeInCents) {
    DxVoice v = test::sineVoice();
    v.setOp(1, OpParam::Detune, 14); // +7 steps
    const auto x = test::renderFm(v, 60, 100, 1.0);
    const double expected = detuneCents(14, static_cast<float>(midiHz(60)));
    EXPECT_NEAR(expected, 8.4, 0.05) << "1.2 cents per step at middle C";
    EXPECT_NEAR(cents(test::zeroCrossingHz(x, 4800, 48000), midiHz(60)), expected, 0.3);
    v.setOp(1, OpParam::Detune, 0); // −7 steps
    const auto y = test::renderFm(v, 60, 100, 1.0);
    EXPECT_NEAR(cents(test::zeroCrossingHz(y, 4800, 48000), midiHz(60)), -expected, 0.3);
    // The shift is set by the key, not by the operator's frequency (msfa's DX7 measurement).
    v.setOp(1, OpParam::Detune, 14);
    v.setOp(1, OpParam::Coarse, 4);
    const auto w = test::renderFm(v, 60, 100, 1.0);
    EXPECT_NEAR(cents(test::zeroCrossingHz(w, 4800, 48000), 4.0 * midiHz(60)), expected, 0.3);

    DxVoice t = test::sineVoice();
    t.set(VoiceParam::Transpose, 24 + 7); // a fifth up
    const auto z = test::renderFm(t, 60, 100, 1.0);
    EXPECT_NEAR(cents(test::zeroCrossingHz(z, 4800, 48000), midiHz(60)), 700.0, 1.0);
}

// Decay speed of the 6-bit rate q in dB/s, from msfa's envelope (env.cc): the level moves
// (4 + q mod 4)·2^(⌊q/4⌋ + 8) / 2^16 counts (of 6.02/256 dB) every 64 samples at 44.1 kHz.
namespace {
double msfaDecayDbPerSecond(int q) {
    const double countsPerBlock = (4 + q % 4) * std::exp2(q / 4 + 8) / 65536.0;
    return countsPerBlock * (44100.0 / 64.0) * (6.0206 / 256.0);
}
} // namespace

// Decay: q = rate·41/64 and msfa's decay speed above. The rendered signal's −10 dB to −50 dB
// fall must take 40 dB at that speed, within 10 %.
TEST(FmEnvelope, DecayTimesFollowTheDx7WithinTenPercent) {
    for (int rate : {25, 40, 50, 60, 70, 80}) {
        DxVoice v = test::sineVoice();
        v.setOp(1, OpParam::Rate2, rate);
        v.setOp(1, OpParam::Level2, 0);
        v.setOp(1, OpParam::Level3, 0);
        const int q = rate * 41 / 64;
        const double dbPerSecond = msfaDecayDbPerSecond(q);
        const double expected = 40.0 / dbPerSecond;
        const auto x = test::renderFm(v, 60, 100, 1.2 * 50.0 / dbPerSecond + 0.5);
        const auto env = test::peakEnvelope(x, 48);
        const auto peak = std::max_element(env.begin(), env.end());
        const auto from = static_cast<std::size_t>(peak - env.begin()); // after the attack
        const double t10 = timeToCross(env, *peak, -10.0, true, from);
        const double t50 = timeToCross(env, *peak, -50.0, true, from);
        ASSERT_GT(t10, 0.0) << rate;
        ASSERT_GT(t50, 0.0) << rate;
        EXPECT_NEAR((t50 - t10) / expected, 1.0, 0.10)
            << "rate " << rate << ": measured " << t50 - t10 << " s, DX7 " << expected << " s";
    }
}

// Rate scaling: the DX7 raises the 6-bit rate by ⌊group·RS/8⌋, group = ⌊note/3⌋ − 7 (0 … 31),
// per msfa's analysis of the DX7 (dx7note.cc). Rate 25 (q = 15), RS 7: at note 36 the rate
// rises by 4, at 60 by 11, at 96 by 21; the −10 … −40 dB fall must take 30 dB at the measured
// decay speed of the raised rate, within 10 %.
TEST(FmEnvelope, RateScalingRaisesTheRateByKeyGroup) {
    for (int note : {36, 60, 96}) {
        DxVoice v = test::sineVoice();
        v.setOp(1, OpParam::Rate2, 25);
        v.setOp(1, OpParam::Level2, 0);
        v.setOp(1, OpParam::Level3, 0);
        v.setOp(1, OpParam::RateScaling, 7);
        const int q = std::min(63, 25 * 41 / 64 + std::clamp(note / 3 - 7, 0, 31) * 7 / 8);
        const double dbPerSecond = msfaDecayDbPerSecond(q);
        const auto x = test::renderFm(v, note, 100, 45.0 / dbPerSecond + 0.3);
        // Peaks over one period of the note, so that low notes have no ripple.
        const int window = static_cast<int>(std::ceil(kSr / midiHz(note)));
        const auto env = test::peakEnvelope(x, window);
        const auto peak = std::max_element(env.begin(), env.end());
        const auto from = static_cast<std::size_t>(peak - env.begin()); // after the attack
        const double perIndex = window / kSr / 0.001; // timeToCross counts 1 ms per index
        const double t10 = timeToCross(env, *peak, -10.0, true, from) * perIndex;
        const double t40 = timeToCross(env, *peak, -40.0, true, from) * perIndex;
        ASSERT_GT(t40, t10) << note;
        EXPECT_NEAR((t40 - t10) * dbPerSecond / 30.0, 1.0, 0.10)
            << "note " << note << ": measured " << t40 - t10 << " s for 30 dB";
    }
}

// Attack: the level jumps to 40 dB above the floor, then rises at the decay speed times
// 2 + ⌊(full scale − level)/256⌋ counts. The test integrates that rule on its own and compares
// the time to reach −1 dB of full scale.
TEST(FmEnvelope, AttackTimesFollowTheDx7WithinTenPercent) {
    for (int rate : {30, 45, 55, 65}) {
        DxVoice v = test::sineVoice();
        v.setOp(1, OpParam::Rate1, rate);
        const int q = rate * 41 / 64;
        const double countsPerSecond = msfaDecayDbPerSecond(q) / (6.0206 / 256.0);
        double level = 4272.0 + 1700.0;
        double t = 0.0;
        const double dt = 1e-5;
        while (level < 8096.0 - 1.0 / (6.0206 / 256.0)) {
            level += countsPerSecond * (2.0 + std::floor((8096.0 - level) / 256.0)) * dt;
            t += dt;
        }
        const auto x = test::renderFm(v, 60, 100, t * 1.5 + 0.1);
        const auto env = test::peakEnvelope(x, 48);
        const double measured = timeToCross(env, 1.0f * FmSynth::kCarrierGain, -1.0, false);
        ASSERT_GT(measured, 0.0) << rate;
        EXPECT_NEAR(measured / t, 1.0, 0.10)
            << "rate " << rate << ": measured " << measured << " s, DX7 rule " << t << " s";
    }
}

TEST(FmLevels, OutputLevelStepsAreThreeQuartersOfADecibel) {
    auto levelDb = [](int ol) {
        DxVoice v = test::sineVoice();
        v.setOp(1, OpParam::OutputLevel, ol);
        const auto x = test::renderFm(v, 60, 100, 0.5);
        return 20.0 * std::log10(rmsOf(x, 12000, 24000));
    };
    const double at99 = levelDb(99);
    EXPECT_NEAR(levelDb(98) - at99, -0.75, 0.05);
    EXPECT_NEAR(levelDb(90) - at99, -6.75, 0.1);
    EXPECT_NEAR(levelDb(59) - at99, -30.0, 0.2);
    EXPECT_NEAR(levelDb(20) - at99, -59.25, 0.3);
    EXPECT_LT(levelDb(0), -120.0);
}

double levelDbOf(const DxVoice& v, int note, int velocity) {
    const auto x = test::renderFm(v, note, velocity, 0.5);
    return 20.0 * std::log10(rmsOf(x, 12000, 24000));
}

// Key velocity sensitivity against the TX7 measurement: per unit of sensitivity −1.94 output-
// level steps (0.75 dB each) at velocity 64, +0.96 at 127, −10.3 at 1; never above full scale.
TEST(FmStages, VelocityCurveFollowsTheMeasuredTx7) {
    DxVoice v = test::sineVoice();
    v.setOp(1, OpParam::VelocitySens, 7);
    v.setOp(1, OpParam::OutputLevel, 80);
    const double at100 = levelDbOf(v, 60, 100);
    EXPECT_NEAR(levelDbOf(v, 60, 64) - at100, 7 * -1.94 * 0.7526, 0.4);
    EXPECT_NEAR(levelDbOf(v, 60, 127) - at100, 7 * 0.96 * 0.7526, 0.4);
    v.setOp(1, OpParam::OutputLevel, 99); // velocity 1 then stays above level 20
    EXPECT_NEAR(levelDbOf(v, 60, 1) - levelDbOf(v, 60, 100), 7 * -10.3 * 0.7526, 1.0);
    EXPECT_NEAR(levelDbOf(v, 60, 127) - levelDbOf(v, 60, 100), 0.0, 0.2) << "full scale holds";
    v.setOp(1, OpParam::VelocitySens, 0);
    EXPECT_NEAR(levelDbOf(v, 60, 20) - levelDbOf(v, 60, 100), 0.0, 0.05);
}

// Keyboard level scaling, each curve at several notes, from an independent statement of the
// measured curves: keys counted from MIDI 21 + break point in groups of three; linear
// depth·keys/45 and exponential depth·exp((keys − 72)/13.5) output-level steps.
TEST(FmStages, KeyboardLevelScalingCurvesAtSeveralNotes) {
    auto expectedSteps = [](int note, int bp, int depth, int curve) {
        const int breakNote = 21 + bp;
        const int grouped = (note + 2) / 3 * 3;
        const int keys = note > breakNote ? grouped - breakNote : breakNote - grouped;
        const double steps =
            curve == 0 || curve == 3 ? depth * keys / 45.0 : depth * std::exp((keys - 72) / 13.5);
        return curve < 2 ? -steps : steps;
    };
    for (int curve = 0; curve < 4; ++curve) {
        for (int note : {36, 48, 69, 84, 96}) {
            DxVoice k = test::sineVoice();
            k.setOp(1, OpParam::OutputLevel, 60); // room for the + curves
            k.setOp(1, OpParam::BreakPoint, 39);  // C3 = MIDI 60
            k.setOp(1, OpParam::LeftDepth, 40);
            k.setOp(1, OpParam::RightDepth, 30);
            k.setOp(1, OpParam::LeftCurve, curve);
            k.setOp(1, OpParam::RightCurve, curve);
            DxVoice flat = k;
            flat.setOp(1, OpParam::LeftDepth, 0);
            flat.setOp(1, OpParam::RightDepth, 0);
            const double steps =
                std::clamp(expectedSteps(note, 39, note < 60 ? 40 : 30, curve), -60.0, 39.0);
            EXPECT_NEAR(levelDbOf(k, note, 100) - levelDbOf(flat, note, 100), steps * 0.7526, 0.6)
                << "curve " << curve << " note " << note;
        }
    }
}

TEST(FmAlgorithms, AlgorithmThirtyTwoWithSixCarriersGivesSixPartials) {
    DxVoice v = DxVoice::initVoice();
    v.set(VoiceParam::Algorithm, 31);
    for (int op = 1; op <= 6; ++op) {
        v.setOp(op, OpParam::OutputLevel, 90);
        v.setOp(op, OpParam::Coarse, op);
    }
    const auto x = test::renderFm(v, 48, 100, 1.0); // C2, 130.8 Hz
    const double f0 = midiHz(48);
    for (int k = 1; k <= 6; ++k)
        EXPECT_NEAR(test::spectrumDbAt(x, 9600, 48000, k * f0), 20.0 * std::log10(0.125) - 6.75,
                    1.0)
            << "partial " << k;
    for (double k : {1.5, 2.5, 7.0, 8.0})
        EXPECT_LT(test::spectrumDbAt(x, 9600, 48000, k * f0), -80.0)
            << "no energy at " << k << "·f0";
}

TEST(FmAlgorithms, TwoOperatorStackGivesSidebandsAtCarrierPlusMinusModulator) {
    // Algorithm 1: 2 → 1; operators 3 … 6 silent. Carrier at f, modulator at 3f: sidebands at
    // |f ± 3kf| = f, 2f, 4f, 5f, 7f, 8f …; nothing at 3f or 6f.
    DxVoice v = DxVoice::initVoice();
    v.set(VoiceParam::Algorithm, 0);
    v.setOp(2, OpParam::OutputLevel, 75);
    v.setOp(2, OpParam::Coarse, 3);
    const auto x = test::renderFm(v, 48, 100, 1.0);
    const double f = midiHz(48);
    for (int k : {1, 2, 4, 5})
        EXPECT_GT(test::spectrumDbAt(x, 9600, 48000, k * f), -60.0) << "sideband at " << k << "·f";
    for (int k : {3, 6})
        EXPECT_LT(test::spectrumDbAt(x, 9600, 48000, k * f), -80.0)
            << "no partial at " << k << "·f";
    // With the modulator off, only the carrier remains.
    v.setOp(2, OpParam::OutputLevel, 0);
    const auto pure = test::renderFm(v, 48, 100, 1.0);
    EXPECT_LT(test::spectrumDbAt(pure, 9600, 48000, 2 * f), -80.0);
}

TEST(FmAlgorithms, ChartMatchesTheDx7) {
    EXPECT_EQ(algorithm(1).numCarriers(), 2);
    EXPECT_TRUE(algorithm(1).modulates(2, 1));
    EXPECT_TRUE(algorithm(1).modulates(6, 5));
    EXPECT_EQ(algorithm(5).numCarriers(), 3);
    EXPECT_EQ(algorithm(16).numCarriers(), 1);
    EXPECT_TRUE(algorithm(16).modulates(3, 1) && algorithm(16).modulates(5, 1));
    EXPECT_EQ(algorithm(4).feedbackFrom, 4);
    EXPECT_EQ(algorithm(4).feedbackTo, 6);
    EXPECT_EQ(algorithm(6).feedbackFrom, 5);
    EXPECT_TRUE(algorithm(20).modulates(3, 1) && algorithm(20).modulates(3, 2));
    EXPECT_EQ(algorithm(32).numCarriers(), 6);
    for (int a = 1; a <= 32; ++a)
        for (int op = 1; op <= 6; ++op)
            for (int m = 1; m <= op; ++m)
                EXPECT_FALSE(algorithm(a).modulates(m, op)) << a << ": modulators are higher ops";
}

// No hexter voice is silent at note 60 by design, so every one of the 432 must sound.
TEST(FmVoices, All432HexterVoicesRenderWithoutNanClippingOrSilence) {
    int checked = 0;
    for (const auto& path : findHexterBanks()) {
        const auto bank = loadBankFile(path);
        for (std::size_t i = 0; i < bank.voices.size(); ++i) {
            const auto x = test::renderFm(bank.voices[i], 60, 100, 2.0);
            float peak = 0.0f;
            bool finite = true;
            for (float s : x) {
                finite = finite && std::isfinite(s);
                peak = std::max(peak, std::abs(s));
            }
            const std::string who = path.filename().string() + " #" + std::to_string(i + 1) +
                                    " \"" + bank.voices[i].name() + "\"";
            EXPECT_TRUE(finite) << who;
            EXPECT_LT(peak, 1.0f) << who << " clips";
            EXPECT_GT(rmsOf(x, 0, x.size()), 1e-4f) << who << " is silent";
            ++checked;
        }
    }
    EXPECT_EQ(checked, 432);
}

TEST(FmSynth, PolyphonyStealingSustainAndBend) {
    FmSynth synth;
    synth.prepare(kSr);
    synth.setVoice(test::sineVoice());
    for (int n = 0; n < 17; ++n)
        synth.noteOn(40 + n, 100);
    std::vector<float> buf(256);
    synth.render(buf.data(), 256);
    EXPECT_EQ(synth.activeVoices(), FmSynth::kDefaultPolyphony) << "the 17th note stole one";
    synth.setPolyphony(64);
    synth.allSoundOff();
    synth.setSustain(true);
    synth.noteOn(60, 100);
    synth.noteOff(60);
    std::vector<float> hold(48000);
    synth.render(hold.data(), 48000);
    EXPECT_GT(rmsOf(hold, 24000, 48000), 0.05f) << "sustain keeps the note";
    synth.setSustain(false);
    std::vector<float> after(48000);
    synth.render(after.data(), 48000);
    EXPECT_LT(rmsOf(after, 24000, 48000), 1e-4f) << "pedal up releases it";

    synth.allSoundOff();
    synth.setPitchBend(1.0f);
    synth.noteOn(60, 100);
    std::vector<float> bent(48000);
    synth.render(bent.data(), 48000);
    EXPECT_NEAR(cents(test::zeroCrossingHz(bent, 4800, 48000), midiHz(60)), 200.0, 1.0);
}

TEST(FmSynth, EngineRendersFmWithoutAllocatingOrLocking) {
    core::engine::Engine engine;
    auto& fm = engine.add<core::engine::FmInstrument>();
    engine.prepare(kSr, 64);
    auto& port = engine.openPort();
    const auto bank = loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    fm.loadVoice(port, bank.voices[10]);
    using core::engine::Command;
    using core::engine::CommandType;
    for (int n : {60, 64, 67, 72})
        port.push(Command{CommandType::FmNoteOn, 100, static_cast<std::int16_t>(n), 0.0f, nullptr});
    ASSERT_TRUE(core::rt::guardInstalled());
    const auto before = core::rt::violations().total();
    std::vector<float> l(64), r(64);
    float peak = 0.0f;
    int chordVoices = 0;
    float chordPeak = 0.0f;
    for (int b = 0; b < 750; ++b) {
        if (b == 50) {
            chordVoices = fm.activeVoices();
            chordPeak = fm.peak();
        }
        if (b == 100)
            port.push(Command{CommandType::FmSetParam, 3, 134, 0.0f, nullptr}); // algorithm 4
        if (b == 200)
            fm.loadVoice(port, bank.voices[0]);
        if (b == 300)
            port.push(Command{CommandType::FmAllNotesOff, 0, 0, 0.0f, nullptr});
        engine.process(l.data(), r.data(), 64);
        for (float s : l)
            peak = std::max(peak, std::abs(s));
    }
    EXPECT_EQ(core::rt::violations().total(), before);
    EXPECT_GT(peak, 0.05f);
    EXPECT_EQ(chordVoices, 4) << "the snapshot counts the four sounding notes";
    EXPECT_GT(chordPeak, 0.05f) << "and shows the FM bus level";
    EXPECT_EQ(fm.activeVoices(), 0) << "all notes released and finished";
    engine.collectGarbage();
}
