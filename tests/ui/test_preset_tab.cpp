// The preset-inference tab in the app (offscreen): a model folder loads (another kind is
// refused with the reason), a real sound becomes a DX7 voice that the FM synth plays at once,
// a silent or corrupt file changes nothing, refinement runs on its worker and improves the
// voice, and the voice saves as a .syx that loads back identically. The screenshot of the tab
// is a test artefact.

// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/preset/PresetDataset.h"
#include "models/preset/PresetInference.h"
#include "models/preset/PresetTrainer.h"

#include <QElapsedTimer>
#include <QTabWidget>
#include <QTest>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <lo/lo.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "UiTestOptions.h"
#include "UiUnits.h"
#include "core/fm/SysEx.h"
#include "core/io/AudioFile.h"
#include "ui/MainWindow.h"
#include "ui/fm/FmPanel.h"
#include "ui/presets/PresetUnit.h"

using namespace latentrack;
namespace fs = std::filesystem;

namespace {

/// A preset model trained for a few steps on ROM1A–4B, as a model folder.
fs::path tinyModel() {
    const auto root =
        fs::temp_directory_path() / ("latentrack-preset-tab-" + std::to_string(::getpid()));
    fs::remove_all(root);
    models::preset::PresetDatasetOptions d;
    d.outDir = root / "data";
    d.banks = {"/usr/share/hexter/dx7_roms.dx7"};
    d.trainPresets = 120;
    models::preset::buildPresetDataset(d, {});
    models::preset::PresetTrainOptions t;
    t.dataDir = d.outDir;
    t.outDir = root / "model";
    t.config.steps = 3;
    t.config.batchSize = 8;
    t.threads = 1;
    t.device = "cpu";
    models::preset::trainPreset(t);
    return t.outDir;
}

/// Receives OSC replies on a loopback UDP socket.
class ReplyInbox {
public:
    ReplyInbox() {
        m_in = ::socket(AF_INET, SOCK_DGRAM, 0);
        m_out = ::socket(AF_INET, SOCK_DGRAM, 0);
        m_addr.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.0.0.1", &m_addr.sin_addr);
        ::bind(m_in, reinterpret_cast<sockaddr*>(&m_addr), sizeof m_addr);
        socklen_t len = sizeof m_addr;
        ::getsockname(m_in, reinterpret_cast<sockaddr*>(&m_addr), &len);
    }
    ~ReplyInbox() {
        ::close(m_in);
        ::close(m_out);
    }
    core::control::OscReply reply() const { return {m_out, &m_addr, sizeof m_addr}; }
    /// Path, float arguments and the first string argument of the next reply.
    struct Message {
        std::string path;
        std::vector<float> floats;
        std::string text;
    };
    Message next() {
        pollfd p{m_in, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0)
            return {};
        std::vector<char> buf(65536);
        const auto n = ::recv(m_in, buf.data(), buf.size(), 0);
        int err = 0;
        lo_message m = lo_message_deserialise(buf.data(), static_cast<std::size_t>(n), &err);
        if (m == nullptr)
            return {"undecodable", {}, {}};
        Message out{lo_get_path(buf.data(), n), {}, {}};
        const char* types = lo_message_get_types(m);
        lo_arg** argv = lo_message_get_argv(m);
        for (int i = 0; types[i] != '\0'; ++i) {
            if (types[i] == 'f')
                out.floats.push_back(argv[i]->f);
            else if (types[i] == 's')
                out.text += std::string(&argv[i]->s) + " ";
        }
        lo_message_free(m);
        return out;
    }

private:
    int m_in = -1, m_out = -1;
    sockaddr_in m_addr{};
};

} // namespace

TEST(PresetTab, ASoundBecomesAVoiceThatTheFmSynthPlays) {
    ui::MainWindow w(test::demoWindowOptions());
    w.resize(1280, 860);
    w.show();
    auto* unit = w.instrument<ui::PresetUnit>();
    ASSERT_NE(unit, nullptr) << "the shell lists preset inference";
    auto* tabs = w.centralWidget()->findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    const int index = tabs->count() - 1;
    EXPECT_EQ(tabs->tabText(index), QStringLiteral("Preset inference"));
    tabs->setCurrentIndex(index);

    const QString rave = QStringLiteral(LATENTRACK_SOURCE_DIR "/assets/models/rave-percussion");
    EXPECT_FALSE(unit->hasModel()) << "the shipped model is not read at start-up";
    EXPECT_TRUE(unit->ensureModel()) << "assets/models/preset-small loads on first use";
    EXPECT_FALSE(unit->loadModel(rave));
    EXPECT_TRUE(w.lastError().contains(QStringLiteral("not a preset-inference")))
        << w.lastError().toStdString();
    const auto model = tinyModel();
    ASSERT_TRUE(unit->loadModel(QString::fromStdString(model.string())));

    // A real recording: a GM-free one, a Hydrogen tom.
    const QString tom =
        QStringLiteral("/usr/share/hydrogen/data/drumkits/ColomboAcousticDrumkit/tom-mid-1.flac");
    // From the end of the recording to the voice sounding in the FM synth: measured, reported
    // (speed is measured in benchmarks and notes, not asserted).
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(unit->openSound(tom)) << w.lastError().toStdString();
    const auto ms = clock.elapsed();
    RecordProperty("sketch_to_voice_ms", static_cast<int>(ms));
    std::printf("sound → voice in the FM synth: %lld ms\n", static_cast<long long>(ms));
    ASSERT_EQ(unit->candidates().size(), 8u);
    EXPECT_EQ(test::fm(w).panel()->voice(), unit->currentVoice()) << "the FM tab shows it";
    EXPECT_EQ(w.project().fm.voice, unit->currentVoice()) << "and the project holds it";

    // Bad input changes nothing.
    const auto before = w.project().fm.voice;
    const auto dir =
        fs::temp_directory_path() / ("latentrack-preset-tab-in-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    core::io::writeAudioFile(dir / "silence.wav", {std::vector<float>(22050, 0.0f)}, 22050.0);
    EXPECT_FALSE(unit->openSound(QString::fromStdString((dir / "silence.wav").string())));
    EXPECT_TRUE(w.lastError().contains(QStringLiteral("silent"))) << w.lastError().toStdString();
    std::ofstream(dir / "corrupt.wav") << "RIFF....WAVEfmt broken";
    EXPECT_FALSE(unit->openSound(QString::fromStdString((dir / "corrupt.wav").string())));
    EXPECT_TRUE(w.lastError().contains(QStringLiteral("corrupt.wav")))
        << w.lastError().toStdString();
    EXPECT_EQ(w.project().fm.voice, before);

    // Refinement on its worker; the GUI keeps running meanwhile.
    const double start = unit->currentDistanceDb();
    unit->refine(1.0);
    EXPECT_TRUE(unit->refining());
    for (int i = 0; i < 300 && unit->refining(); ++i)
        QTest::qWait(20);
    QTest::qWait(100); // the 30 Hz poll picks the result up
    EXPECT_FALSE(unit->refining());
    EXPECT_LE(unit->currentDistanceDb(), start);
    EXPECT_EQ(w.project().fm.voice, unit->currentVoice());

    // OSC in the Flow Synthesizer's vocabulary (the server hands these to the unit).
    using Kind = core::control::PresetRequest::Kind;
    ReplyInbox inbox;
    unit->oscRequest({Kind::Encode, tom.toStdString(), {}, 0}, inbox.reply());
    const auto params = inbox.next();
    EXPECT_EQ(params.path, "/params");
    EXPECT_EQ(params.floats.size(), 144u);
    const auto z = inbox.next();
    EXPECT_EQ(z.path, "/z_pos");
    ASSERT_EQ(z.floats.size(), 610u);
    unit->oscRequest({Kind::Decode, {}, z.floats, 0}, inbox.reply());
    EXPECT_EQ(inbox.next().path, "/params");
    EXPECT_EQ(w.project().fm.voice, unit->currentVoice());
    unit->oscRequest({Kind::Decode, {}, {0.1f, 0.2f}, 0}, inbox.reply());
    const auto bad = inbox.next();
    EXPECT_EQ(bad.path, "/error");
    EXPECT_NE(bad.text.find("610"), std::string::npos) << bad.text;
    unit->oscRequest({Kind::Encode, (dir / "silence.wav").string(), {}, 0}, inbox.reply());
    const auto silent = inbox.next();
    EXPECT_EQ(silent.path, "/error");
    EXPECT_NE(silent.text.find("silent"), std::string::npos) << silent.text;
    const auto bankSize = test::fm(w).bankVoices().size();
    ASSERT_GT(bankSize, 3u);
    unit->oscRequest({Kind::LoadPreset, {}, {}, 3}, inbox.reply());
    EXPECT_EQ(inbox.next().path, "/params");
    const auto loaded = inbox.next();
    ASSERT_EQ(loaded.path, "/z_pos");
    // Its latent point decodes back to the voice itself.
    unit->oscRequest({Kind::Decode, {}, loaded.floats, 0}, inbox.reply());
    EXPECT_EQ(inbox.next().path, "/params");
    auto decoded = unit->currentVoice();
    decoded.setName(test::fm(w).bankVoices()[3].name());
    EXPECT_EQ(decoded, test::fm(w).bankVoices()[3]);
    unit->oscRequest({Kind::LoadPreset, {}, {}, static_cast<int>(bankSize)}, inbox.reply());
    EXPECT_EQ(inbox.next().path, "/error") << "past the bank's end";

    const auto syx = dir / "voice.syx";
    ASSERT_TRUE(unit->saveVoice(QString::fromStdString(syx.string())));
    const auto back = core::fm::loadBankFile(syx);
    ASSERT_EQ(back.voices.size(), 1u);
    EXPECT_EQ(back.voices[0], unit->currentVoice());
    ASSERT_TRUE(w.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/preset-tab.png")));
    fs::remove_all(dir);
    fs::remove_all(model.parent_path());
}
