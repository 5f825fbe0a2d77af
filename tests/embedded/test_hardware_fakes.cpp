// The Linux backends against register-level fakes: the bytes the ADS1115 and SSD1306 drivers
// write to and read from the I²C bus, and the GPIO panel's pin logic. The simulated backend:
// OSC in, the screen as PNG and text.

#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <thread>

#include <gtest/gtest.h>
#include <lo/lo.h>

#include "embedded/hw/Ads1115.h"
#include "embedded/hw/GpioPanel.h"
#include "embedded/hw/I2cBus.h"
#include "embedded/hw/SimulatedHardware.h"
#include "embedded/hw/Ssd1306.h"
#include "embedded/module/ModuleScreen.h"

using namespace latentrack::embedded;
using Bytes = std::vector<std::uint8_t>;

namespace {

/// Records every write; answers reads from a register model of an ADS1115 (pointer register,
/// config with its OS bit, conversion) or from a queue.
class FakeBus final : public hw::I2cBus {
public:
    std::vector<std::pair<std::uint8_t, Bytes>> writes;
    bool fail = false;
    // ADS1115 model: input volts per AIN, conversions finish after `busyReads` config polls.
    std::array<double, 4> ain{0.5, 1.0, 2.0, 3.0};
    int busyReads = 1;

    void write(std::uint8_t address, std::span<const std::uint8_t> bytes) override {
        if (fail)
            throw hw::HardwareError("fake bus: no ACK");
        writes.emplace_back(address, Bytes(bytes.begin(), bytes.end()));
        m_pointer = bytes[0];
        if (bytes.size() == 3 && bytes[0] == 0x01) {
            m_config = static_cast<std::uint16_t>(bytes[1] << 8 | bytes[2]);
            m_busy = busyReads;
            const int channel = (m_config >> 12) & 0x3;
            m_conversion = static_cast<std::int16_t>(ain[static_cast<std::size_t>(channel)] /
                                                     hw::Ads1115::kVoltsPerCode);
        }
    }
    void read(std::uint8_t, std::span<std::uint8_t> into) override {
        if (fail)
            throw hw::HardwareError("fake bus: no ACK");
        std::uint16_t word = 0;
        if (m_pointer == 0x01) {
            word = m_busy > 0 ? static_cast<std::uint16_t>(m_config & 0x7FFF)
                              : static_cast<std::uint16_t>(m_config | 0x8000);
            --m_busy;
        } else {
            word = static_cast<std::uint16_t>(m_conversion);
        }
        into[0] = static_cast<std::uint8_t>(word >> 8);
        into[1] = static_cast<std::uint8_t>(word & 0xFF);
    }

private:
    std::uint8_t m_pointer = 0;
    std::uint16_t m_config = 0x8583; // power-on default
    int m_busy = 0;
    std::int16_t m_conversion = 0;
};

class FakeLines final : public hw::GpioLines {
public:
    std::map<hw::Pin, bool> level;
    std::map<hw::Pin, bool> driven;
    bool get(hw::Pin p) override { return level[p]; }
    void set(hw::Pin p, bool high) override { driven[p] = high; }
};

} // namespace

TEST(Ads1115, ConfigWordFollowsTheDatasheet) {
    // OS=1, MUX=100 (AIN0/GND), PGA=001 (±4.096 V), MODE=1, DR=111 (860 SPS), COMP_QUE=11.
    EXPECT_EQ(hw::Ads1115::configWord(0), 0xC3E3);
    EXPECT_EQ(hw::Ads1115::configWord(3), 0xF3E3);
}

TEST(Ads1115, ReadsTheFourInputsRoundRobinInAdcVolts) {
    FakeBus bus;
    hw::Ads1115 adc(bus, 0x49);
    ASSERT_EQ(bus.writes.size(), 1u) << "the constructor reads the config register";
    EXPECT_EQ(bus.writes[0], (std::pair<std::uint8_t, Bytes>{0x49, {0x01}}));
    std::array<float, 4> raw{};
    for (int i = 0; i < 12; ++i)
        ASSERT_TRUE(adc.read(0.0, raw));
    EXPECT_NEAR(raw[0], 0.5, 2e-4);
    EXPECT_NEAR(raw[1], 1.0, 2e-4);
    EXPECT_NEAR(raw[2], 2.0, 2e-4);
    EXPECT_NEAR(raw[3], 3.0, 2e-4);
    // The first start: config 0xC3E3 written to register 1 of the device at 0x49.
    EXPECT_EQ(bus.writes[1], (std::pair<std::uint8_t, Bytes>{0x49, {0x01, 0xC3, 0xE3}}));
    bus.fail = true;
    EXPECT_FALSE(adc.read(0.0, raw)) << "a bus error is reported, the last values kept";
    EXPECT_NEAR(raw[2], 2.0, 2e-4);
    FakeBus dead;
    dead.fail = true;
    EXPECT_THROW(hw::Ads1115 adc2(dead), hw::HardwareError);
}

TEST(Ssd1306, SendsThePowerUpSequenceThenTheFrameInDataChunks) {
    FakeBus bus;
    {
        hw::Ssd1306 oled(bus, 0x3C);
        ASSERT_EQ(bus.writes.size(), 1u);
        const auto& init = bus.writes[0].second;
        EXPECT_EQ(bus.writes[0].first, 0x3C);
        EXPECT_EQ(init[0], hw::Ssd1306::kCommand);
        EXPECT_EQ(Bytes(init.begin() + 1, init.end()), hw::Ssd1306::initSequence());
        EXPECT_EQ(init[1], 0xAE) << "off while configuring";
        EXPECT_EQ(init.back(), 0xAF) << "on at the end";
        hw::Frame frame;
        frame.set(0, 0, true);
        frame.set(127, 63, true);
        frame.set(5, 9, true);
        bus.writes.clear();
        ASSERT_TRUE(oled.show(frame));
        ASSERT_GE(bus.writes.size(), 2u);
        EXPECT_EQ(bus.writes[0].second, (Bytes{0x00, 0x21, 0, 127, 0x22, 0, 7}));
        Bytes data;
        for (std::size_t i = 1; i < bus.writes.size(); ++i) {
            EXPECT_EQ(bus.writes[i].second[0], hw::Ssd1306::kData);
            EXPECT_LE(bus.writes[i].second.size(), hw::Ssd1306::kChunk + 1u);
            data.insert(data.end(), bus.writes[i].second.begin() + 1, bus.writes[i].second.end());
        }
        ASSERT_EQ(data.size(), 1024u);
        EXPECT_EQ(data[0], 0x01);             // page 0, column 0, bit 0
        EXPECT_EQ(data[1 * 128 + 5], 0x02);   // y 9: page 1, bit 1
        EXPECT_EQ(data[7 * 128 + 127], 0x80); // y 63: page 7, bit 7
        bus.writes.clear();
    }
    ASSERT_EQ(bus.writes.size(), 1u);
    EXPECT_EQ(bus.writes[0].second, (Bytes{0x00, 0xAE})) << "off when the module stops";
    bus.fail = true;
    EXPECT_THROW(hw::Ssd1306 oled2(bus), hw::HardwareError);
}

TEST(GpioPanel, ActiveLowGatesEncoderAndLedLines) {
    FakeLines lines;
    hw::PinMap map;
    hw::GpioPanel panel(lines, map);
    lines.level[hw::Pin::Gate1] = false; // pulled low by the transistor: gate high
    lines.level[hw::Pin::Gate2] = true;
    std::array<float, 2> volts{};
    ASSERT_TRUE(panel.read(0.0, volts));
    EXPECT_FLOAT_EQ(volts[0], 5.0f);
    EXPECT_FLOAT_EQ(volts[1], 0.0f);
    // One detent clockwise: (A, B) active low 00 → 10 → 11 → 01 → 00 on the wire inverted.
    const bool seq[][2] = {
        {false, false}, {true, false}, {true, true}, {false, true}, {false, false}};
    int detents = 0, sum = 0;
    bool pushed = true;
    lines.level[hw::Pin::EncoderPush] = true; // released (pull-up)
    for (const auto& s : seq) {
        lines.level[hw::Pin::EncoderA] = !s[0];
        lines.level[hw::Pin::EncoderB] = !s[1];
        ASSERT_TRUE(panel.read(0.0, detents, pushed));
        sum += detents;
    }
    EXPECT_EQ(sum, 1);
    EXPECT_FALSE(pushed);
    ASSERT_TRUE(panel.set({255, 0, 200}));
    EXPECT_TRUE(lines.driven[hw::Pin::LedRed]);
    EXPECT_FALSE(lines.driven[hw::Pin::LedGreen]);
    EXPECT_TRUE(lines.driven[hw::Pin::LedBlue]);
}

TEST(LibgpiodLines, AMissingChipIsAClearError) {
    hw::PinMap map;
    map.chip = "no-such-gpiochip";
    map.offsets[0] = 3;
    try {
        hw::openLibgpiodLines(map);
        FAIL() << "opened a chip that does not exist";
    } catch (const hw::HardwareError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-gpiochip"), std::string::npos) << e.what();
    }
    EXPECT_THROW(hw::LinuxI2cBus("/dev/no-such-i2c-bus"), hw::HardwareError);
}

TEST(SimulatedInputs, OscSetsInputsOverTheScenarioAndAnswersMistakes) {
    auto scenario = hw::Scenario::parseCsv("t,kind,input,value\n0,cv,1,2\n");
    hw::SimulatedInputs in(scenario, 17345);
    ASSERT_EQ(in.oscPort(), 17345);
    lo_server reply = lo_server_new("17346", nullptr);
    ASSERT_NE(reply, nullptr);
    lo_address to = lo_address_new("127.0.0.1", "17345");
    lo_send_from(to, reply, LO_TT_IMMEDIATE, "/cv", "if", 3, -2.5f);
    lo_send_from(to, reply, LO_TT_IMMEDIATE, "/gate", "ii", 2, 1);
    lo_send_from(to, reply, LO_TT_IMMEDIATE, "/encoder", "i", -2);
    lo_send_from(to, reply, LO_TT_IMMEDIATE, "/push", "i", 1);
    lo_send_from(to, reply, LO_TT_IMMEDIATE, "/cv", "if", 9, 1.0f);   // no such input
    lo_send_from(to, reply, LO_TT_IMMEDIATE, "/volume", "f", 1.0f);   // unknown address
    lo_send_from(to, reply, LO_TT_IMMEDIATE, "/cv", "is", 1, "loud"); // not a number
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (in.oscAccepted() + in.oscRefused() < 7 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(in.oscAccepted(), 4);
    EXPECT_EQ(in.oscRefused(), 3);
    std::array<float, 4> cv{};
    in.read(1.0, cv);
    EXPECT_FLOAT_EQ(cv[0], 2.0f) << "from the scenario";
    EXPECT_FLOAT_EQ(cv[2], -2.5f) << "from OSC";
    std::array<float, 2> gates{};
    in.read(1.0, gates);
    EXPECT_FLOAT_EQ(gates[1], 5.0f);
    int detents = 0;
    bool pushed = false;
    in.read(1.0, detents, pushed);
    EXPECT_EQ(detents, -2);
    EXPECT_TRUE(pushed);
    // Three /error replies reached the sender.
    int errors = 0;
    lo_server_add_method(
        reply, "/error", "ss",
        [](const char*, const char*, lo_arg**, int, lo_message, void* n) {
            ++*static_cast<int*>(n);
            return 0;
        },
        &errors);
    for (int i = 0; i < 20 && errors < 3; ++i)
        lo_server_recv_noblock(reply, 50);
    EXPECT_EQ(errors, 3);
    lo_address_free(to);
    lo_server_free(reply);
}

TEST(SimulatedDisplay, TheScreenBecomesAPngAndText) {
    latentrack::embedded::module::ScreenState s;
    s.model = "rave-percussion";
    s.numAttributes = 5;
    s.attributeNames = {"rms", "centroid", "bandwidth", "sharpness", "boominess"};
    s.attributes = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f};
    hw::Frame frame;
    latentrack::embedded::module::drawScreen(frame, s);
    int lit = 0;
    for (auto b : frame.bytes)
        lit += __builtin_popcount(b);
    EXPECT_GT(lit, 300) << "text and bars are drawn";
    EXPECT_TRUE(frame.get(127, 59)) << "boominess at +1: its bar reaches the right edge";
    const auto png = std::filesystem::path(LATENTRACK_ARTIFACTS) / "module-screen.png";
    hw::SimulatedDisplay display(png, false);
    ASSERT_TRUE(display.show(frame));
    EXPECT_GT(std::filesystem::file_size(png), 200u);
    const auto text = hw::frameAsText(frame);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 32);
    s.error = "ADS1115 (CV inputs): no answer";
    drawScreen(frame, s);
    EXPECT_FALSE(frame.get(127, 59)) << "the error replaces the bars";
}
