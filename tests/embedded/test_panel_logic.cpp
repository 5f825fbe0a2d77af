// The module's control logic in plain code: CV scaling and calibration, gates with hysteresis
// and a minimum time, the quadrature encoder, the scenario timeline, the menu.

#include <cmath>

#include <gtest/gtest.h>

#include "embedded/control/CvScaler.h"
#include "embedded/control/GateDetector.h"
#include "embedded/control/QuadratureDecoder.h"
#include "embedded/hw/Scenario.h"
#include "embedded/module/ModuleConfig.h"
#include "embedded/module/ModuleMenu.h"

using namespace latentrack::embedded;

TEST(CvScaler, TwoPointCalibrationMapsTheAdcToJackVoltsAndTheRangeToPlusMinusOne) {
    // An op-amp stage maps −5 … +5 V at the jack to 3.1 … 0.2 V at the ADC (inverting).
    control::Calibration cal{3.1f, -5.0f, 0.2f, 5.0f};
    control::CvScaler s(cal, control::CvRange::Bipolar, 0.0f);
    EXPECT_NEAR(s.process(3.1f, 0.002f), -1.0f, 1e-5);
    EXPECT_NEAR(s.process(0.2f, 0.002f), 1.0f, 1e-5);
    EXPECT_NEAR(s.process(1.65f, 0.002f), 0.0f, 1e-5);
    EXPECT_NEAR(s.volts(), 0.0f, 1e-4);
    EXPECT_NEAR(s.process(0.0f, 0.002f), 1.0f, 1e-6) << "beyond the range clamps";
    control::CvScaler uni({0.0f, 0.0f, 10.0f, 10.0f}, control::CvRange::Unipolar, 0.0f);
    EXPECT_NEAR(uni.process(0.0f, 0.002f), -1.0f, 1e-6);
    EXPECT_NEAR(uni.process(5.0f, 0.002f), 0.0f, 1e-6);
    EXPECT_NEAR(uni.process(10.0f, 0.002f), 1.0f, 1e-6);
    EXPECT_NEAR(uni.smoothedVolts(), 10.0f, 1e-5);
    EXPECT_NEAR(uni.process(2.5f, 0.002f), -0.5f, 1e-6);
    EXPECT_NEAR(uni.smoothedVolts(), 2.5f, 1e-5) << "unipolar: position back to 0 … 10 V";
    EXPECT_THROW(control::CvScaler({1.0f, 0.0f, 1.0f, 5.0f}), std::invalid_argument);
    EXPECT_NEAR(uni.process(NAN, 0.002f), -0.5f, 1e-6) << "a failed reading keeps the value";
}

TEST(CvScaler, SmoothsWithItsTimeConstant) {
    control::CvScaler s({}, control::CvRange::Bipolar, 0.01f);
    s.process(0.0f, 0.001f);
    float v = 0.0f;
    for (int i = 0; i < 10; ++i) // 10 ms of a step to +5 V
        v = s.process(5.0f, 0.001f);
    EXPECT_NEAR(v, 1.0f - std::exp(-1.0f), 0.01f);
    EXPECT_NEAR(s.volts(), 5.0f, 1e-5) << "the jack, unsmoothed";
    EXPECT_NEAR(s.smoothedVolts(), 5.0f * v, 1e-5) << "the smoothed position, in volts";
    for (int i = 0; i < 100; ++i)
        v = s.process(5.0f, 0.001f);
    EXPECT_NEAR(v, 1.0f, 1e-3);
}

TEST(GateDetector, HysteresisGivesOneEdgeForANoisyCrossing) {
    control::GateDetector g({2.5f, 1.0f, 0.0f});
    int rising = 0, falling = 0;
    // A slow ramp 0 → 5 V with ±0.6 V of noise, then back down.
    for (int i = 0; i < 2000; ++i) {
        const double t = i * 0.001;
        const float ramp = i < 1000 ? 5.0f * i / 1000.0f : 5.0f * (2000 - i) / 1000.0f;
        const float noise = 0.6f * std::sin(static_cast<float>(i) * 2.3f);
        const auto e = g.process(ramp + noise, t);
        rising += e == control::GateEdge::Rising;
        falling += e == control::GateEdge::Falling;
    }
    EXPECT_EQ(rising, 1);
    EXPECT_EQ(falling, 1);
}

TEST(GateDetector, AStateIsHeldForTheMinimumGateTime) {
    control::GateDetector g({2.5f, 1.0f, 0.005f});
    EXPECT_EQ(g.process(5.0f, 0.000), control::GateEdge::Rising);
    EXPECT_EQ(g.process(0.0f, 0.001), control::GateEdge::None) << "a 1 ms bounce is ignored";
    EXPECT_TRUE(g.high());
    EXPECT_EQ(g.process(0.0f, 0.006), control::GateEdge::Falling);
    EXPECT_THROW(control::GateDetector({1.0f, 2.0f, 0.0f}), std::invalid_argument);
}

TEST(QuadratureDecoder, CountsDetentsBothWaysAndIgnoresInvalidJumps) {
    control::QuadratureDecoder q(4);
    const bool cw[][2] = {{false, false}, {true, false}, {true, true}, {false, true}};
    int sum = q.process(false, false);
    for (int turn = 0; turn < 3; ++turn)
        for (int k = 1; k <= 4; ++k)
            sum += q.process(cw[k % 4][0], cw[k % 4][1]);
    EXPECT_EQ(sum, 3);
    int back = 0;
    for (int k = 3; k >= 0; --k)
        back += q.process(cw[k][0], cw[k][1]);
    EXPECT_EQ(back, -1);
    EXPECT_EQ(q.process(true, true), 0) << "00 → 11 skips a state: ignored";
}

TEST(Scenario, CsvAndJsonGiveTheSameTimeline) {
    const auto csv = hw::Scenario::parseCsv("t,kind,input,value\n"
                                            "# a ramp\n"
                                            "0.5,cv,2,-5\n"
                                            "4.5,cv,2,5\n"
                                            "0.0,gate,1,5\n"
                                            "2.0,encoder,0,2\n"
                                            "3.0,push,0,1\n"
                                            "end,6\n");
    const auto json = hw::Scenario::parseJson(
        R"({"duration": 6, "events": [{"t": 0.5, "kind": "cv", "input": 2, "value": -5},
             {"t": 4.5, "kind": "cv", "input": 2, "value": 5},
             {"t": 0, "kind": "gate", "input": 1, "value": 5},
             {"t": 2, "kind": "encoder", "value": 2}, {"t": 3, "kind": "push"}]})");
    for (const auto* s : {&csv, &json}) {
        EXPECT_DOUBLE_EQ(s->duration(), 6.0);
        EXPECT_FLOAT_EQ(s->cvAt(0.0)[1], 0.0f) << "0 V before the first keyframe";
        EXPECT_FLOAT_EQ(s->cvAt(2.5)[1], 0.0f);
        EXPECT_FLOAT_EQ(s->cvAt(9.0)[1], 5.0f);
        EXPECT_FLOAT_EQ(s->cvAt(2.5)[0], 0.0f);
        EXPECT_FLOAT_EQ(s->gatesAt(0.1)[0], 5.0f);
        EXPECT_EQ(s->detentsBetween(0.0, 2.0), 2);
        EXPECT_EQ(s->detentsBetween(2.0, 3.0), 0);
        EXPECT_FALSE(s->pushedAt(2.9));
        EXPECT_TRUE(s->pushedAt(3.0));
    }
}

TEST(Scenario, MistakesAreNamedWithTheirLine) {
    const auto fails = [](const std::string& text, const std::string& part) {
        try {
            hw::Scenario::parseCsv(text, "s.csv");
        } catch (const hw::ScenarioError& e) {
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
            return;
        }
        ADD_FAILURE() << "accepted: " << text;
    };
    fails("t,kind,input,value\n0,cv,5,1\n", "line 2: CV input 5");
    fails("t,kind,input,value\n0,knob,1,1\n", "unknown event kind \"knob\"");
    fails("t,kind,input,value\n0,cv,1,loud\n", "\"loud\" is not a number");
    fails("t,kind,input,value\n0,cv,1\n", "3 fields");
    fails("time,what\n", "header");
    fails("t,kind,input,value\n5,gate,1,1\nend,2\n", "duration ends before");
    EXPECT_THROW(hw::Scenario::parseJson("{\"events\": 3}"), hw::ScenarioError);
    EXPECT_THROW(hw::Scenario::parseJson("not json"), hw::ScenarioError);
}

TEST(ModuleMenu, TurnOpensPushEditsAndSilenceCloses) {
    module::MenuValues v;
    v.models = {"rave-percussion", "rave-strings"};
    v.targets[1] = module::CvTarget::fromName("rms");
    module::ModuleMenu m(v);
    EXPECT_EQ(m.handle(1, false, 0.0), 0u);
    EXPECT_TRUE(m.isOpen());
    EXPECT_EQ(m.item(), module::ModuleMenu::Item::Model) << "the first touch only opens";
    m.handle(2, false, 0.1); // → CV 2
    EXPECT_EQ(m.item(), module::ModuleMenu::Item::Cv2);
    m.handle(0, true, 0.2); // press: edit
    m.handle(0, false, 0.25);
    EXPECT_TRUE(m.editing());
    EXPECT_EQ(m.handle(1, false, 0.3), static_cast<unsigned>(module::ModuleMenu::Targets));
    EXPECT_EQ(m.values().targets[1].name(), "centroid");
    m.handle(4, false, 0.32); // past boominess: the pitch, then back to none
    EXPECT_EQ(m.values().targets[1].name(), "pitch");
    m.handle(1, false, 0.34);
    EXPECT_EQ(m.values().targets[1].name(), "none");
    m.handle(-5, false, 0.36);
    EXPECT_EQ(m.values().targets[1].name(), "centroid");
    m.handle(0, true, 0.4); // press: done
    m.handle(0, false, 0.45);
    m.handle(-2, false, 0.5); // back to the model
    m.handle(0, true, 0.6);
    m.handle(0, false, 0.65);
    EXPECT_EQ(m.handle(1, false, 0.7), static_cast<unsigned>(module::ModuleMenu::Model));
    EXPECT_EQ(m.values().model, 1);
    EXPECT_NE(m.lines()[0].find("rave-strings"), std::string::npos);
    m.handle(0, false, 0.7 + module::ModuleMenu::kCloseSeconds + 0.1);
    EXPECT_FALSE(m.isOpen());
}

TEST(ModuleConfig, ReadsEveryKeyAndRefusesBadValuesByName) {
    const auto c = module::ModuleConfig::fromJson(nlohmann::json::parse(R"({
        "model": "models/rave-strings", "volumeDb": -12,
        "audio": {"api": "alsa", "sampleRate": 44100, "bufferFrames": 128},
        "cv": [{"target": "latent"}, {"target": "sharpness", "range": "unipolar",
                "calibration": {"raw": [0, 3.3], "volts": [0, 10]}}],
        "gate": {"highVolts": 3, "lowVolts": 1.5, "releaseSeconds": 1},
        "hardware": "linux", "linux": {"i2c": "/dev/i2c-8", "adc": 73, "pins": {"gate1": 7}},
        "osc": 9000})"));
    EXPECT_EQ(c.model, "models/rave-strings");
    EXPECT_FLOAT_EQ(c.volumeDb, -12.0f);
    EXPECT_EQ(c.audio.sampleRate, 44100u);
    EXPECT_EQ(c.cv[1].target.name(), "sharpness");
    EXPECT_EQ(c.cv[1].range, control::CvRange::Unipolar);
    EXPECT_FLOAT_EQ(c.cv[1].calibration.volts(3.3f), 10.0f);
    EXPECT_EQ(c.cv[2].target.name(), "centroid") << "unlisted inputs keep their defaults";
    EXPECT_FLOAT_EQ(c.releaseSeconds, 1.0f);
    EXPECT_EQ(c.adcAddress, 73);
    EXPECT_EQ(c.pins.offsets[0], 7);
    EXPECT_EQ(c.oscPort, 9000);
    const auto round = module::ModuleConfig::fromJson(c.toJson());
    EXPECT_EQ(round.toJson(), c.toJson());
    const auto refused = [](const char* text, const std::string& part) {
        try {
            module::ModuleConfig::fromJson(nlohmann::json::parse(text), "m.json");
        } catch (const module::ModuleConfigError& e) {
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
            return;
        }
        ADD_FAILURE() << "accepted: " << text;
    };
    refused(R"({"cv": [{"target": "loudness"}]})", "CV target \"loudness\"");
    refused(R"({"volumeDb": 6})", "\"volumeDb\" = 6 is outside");
    refused(R"({"gate": {"highVolts": 1, "lowVolts": 2}})", "falling threshold");
    refused(R"({"hardware": "arduino"})", "hardware \"arduino\"");
    refused(R"({"linux": {"pins": {"gate3": 1}}})", "unknown pin \"gate3\"");
    refused(R"({"cv": [{"calibration": {"raw": [1, 1], "volts": [0, 5]}}]})", "no slope");
}
