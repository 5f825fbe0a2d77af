// The attribute-fader tab in the app (offscreen): a model folder loads, Play streams the voice
// through the engine while the drum machine plays, faders and MIDI move the attributes, a
// sound plays through the model, a bad folder is refused with the reason; a model given its
// pitch plays the Note and the live input's own pitch, transposed. The screenshot of the tab is
// a test artefact.

// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/rave/FaderScale.h"
#include "models/rave/RaveModelIo.h"
#include "models/rave/RaveVoice.h"
#include "models/torchscript/TorchScriptVoice.h"

#include <QApplication>
#include <QComboBox>
#include <QDial>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QUrl>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

#include "../core/EngineTestUtil.h"
#include "UiTestOptions.h"
#include "UiUnits.h"
#include "core/engine/Command.h"
#include "core/io/AudioFile.h"
#include "tests/models/TorchScriptFixtures.h"
#include "ui/MainWindow.h"
#include "ui/faders/FaderUnit.h"
#include "ui/faders/LatentKnobs.h"
#include "ui/midi/MidiHub.h"

using namespace latentrack;

namespace {

/// A small attribute-fader model with random weights, saved as a model folder; with
/// `pitchInput`, its oscillator (2 harmonics) is given its pitch.
std::filesystem::path tinyModel(bool pitchInput = false) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("latentrack-fader-panel-model-" + std::string(pitchInput ? "pitch-" : "") +
                      std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    models::rave::RaveConfig c;
    c.capacity = 4;
    c.latentDim = 4;
    c.ratios = {4, 4};
    c.windowSize = 4096;
    c.fftSizes = {512, 256, 128};
    c.harmonics = pitchInput ? 2 : 0;
    c.pitchInput = pitchInput;
    models::rave::RaveBundle b;
    torch::manual_seed(11);
    b.model = models::rave::RaveModel(c);
    b.range.min = {0.0f, 100.0f, 100.0f, 0.5f, 0.0f};
    b.range.max = {0.5f, 4000.0f, 3000.0f, 3.0f, 2.0f};
    models::rave::saveRaveModel(dir, b);
    return dir;
}

/// `blocks` blocks of 512 frames of a sine at `hz` as the device's input gives them to the
/// engine (captureInput), the engine processing each.
void captureTone(ui::MainWindow& w, double hz, int blocks) {
    std::vector<float> tone(512), l(512), r(512);
    for (int b = 0; b < blocks; ++b) {
        for (std::size_t i = 0; i < tone.size(); ++i)
            tone[i] = 0.5f * static_cast<float>(
                                 std::sin(2.0 * M_PI * hz * (b * 512.0 + static_cast<double>(i)) /
                                          w.engine().sampleRate()));
        w.engine().captureInput(tone.data(), 512);
        QTest::qWait(5);
        w.engine().process(l.data(), r.data(), 512);
    }
}

} // namespace

TEST(FaderPanel, AModelPlaysThroughTheEngineAndTheFadersMoveIt) {
    ui::MainWindow w(test::demoWindowOptions());
    w.resize(1280, 860);
    w.show();
    auto* faders = w.instrument<ui::FaderUnit>();
    ASSERT_NE(faders, nullptr) << "the shell lists the attribute faders";
    auto* tabs = w.centralWidget()->findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    tabs->setCurrentIndex(3);
    EXPECT_EQ(tabs->tabText(3), QStringLiteral("Attribute faders"));

    ASSERT_NE(faders->voice(), nullptr)
        << "the shipped model (assets/models/rave-percussion) loads";
    EXPECT_EQ(faders->voice()->bundle().config().name, "small");
    EXPECT_FALSE(faders->loadModel(QStringLiteral("/nonexistent")));
    EXPECT_TRUE(w.lastError().contains(QStringLiteral("model.json")))
        << w.lastError().toStdString();

    auto* note = w.findChild<QSpinBox*>(QStringLiteral("fader-note"));
    auto* transpose = w.findChild<QSpinBox*>(QStringLiteral("fader-transpose"));
    ASSERT_TRUE(note != nullptr && transpose != nullptr);
    EXPECT_FALSE(note->isEnabled()) << "the shipped percussion model has no pitch input";

    ASSERT_TRUE(faders->loadModel(QString::fromStdString(tinyModel().string())));
    faders->setPlaying(true);
    std::vector<float> l(512), r(512);
    float peak = 0.0f;
    for (int i = 0; i < 60; ++i) {
        QTest::qWait(10);
        w.engine().process(l.data(), r.data(), 512);
        peak = std::max(peak, faders->source().peak());
    }
    EXPECT_GT(peak, 0.0f) << "the voice reached the engine through its stream player";
    ASSERT_NE(faders->voice(), nullptr);
    EXPECT_GT(faders->voice()->blocks(), 0u);

    faders->fader(0)->setValue(60); // RMS fader at +0.6
    QTest::qWait(100);
    for (int i = 0; i < 10; ++i)
        w.engine().process(l.data(), r.data(), 512);
    QTest::qWait(50);
    for (int i = 0; i < 10; ++i)
        w.engine().process(l.data(), r.data(), 512);
    // Travel +0.6 plays 60 % of the way from the data's median RMS to its maximum.
    const latentrack::models::rave::FaderScale scale(faders->voice()->bundle().binEdges);
    EXPECT_NEAR(faders->voice()->targets()[0], scale.toAttribute(0, 0.6f), 1e-5);
    EXPECT_GT(scale.toAttribute(0, 0.6f), scale.centre(0));
    EXPECT_FLOAT_EQ(w.project().faders.positions[0], 0.6f) << "kept in the project";
    // A MIDI-mapped controller moves the centroid fader (the MIDI thread already applied it).
    EXPECT_TRUE(faders->mirrorParameter(QStringLiteral("fader.centroid"), -0.5f));
    EXPECT_EQ(faders->fader(1)->value(), -50);
    EXPECT_GE(w.midi()->registry().find("fader.sharpness"), 0) << "registered for MIDI learn";
    // OSC's /fader and /mod arrive on the GUI thread as instrument parameters.
    w.applyRemoteParameter(QStringLiteral("fader.bandwidth"), 0.3f);
    EXPECT_EQ(faders->fader(2)->value(), 30);
    w.applyRemoteParameter(QStringLiteral("mod.rms.shape"), 1.0f); // sine
    w.applyRemoteParameter(QStringLiteral("mod.rms.rate"), 2.0f);
    EXPECT_EQ(w.project().faders.modulators[0].shape, core::control::ModShape::Sine);
    EXPECT_FLOAT_EQ(w.project().faders.modulators[0].rateHz, 2.0f);
    w.applyRemoteParameter(QStringLiteral("mod.rms.bias"), -0.25f);
    EXPECT_FLOAT_EQ(w.project().faders.modulators[0].bias, -0.25f);
    w.applyRemoteParameter(QStringLiteral("mod.rms.rate"), 3.0f); // keeps the bias
    EXPECT_FLOAT_EQ(w.project().faders.modulators[0].bias, -0.25f);
    // Synced to the tempo: a quarter-note cycle at the project's BPM, following a tempo change.
    auto* sync = faders->fader(0)->parentWidget()->findChildren<QComboBox*>().at(1);
    sync->setCurrentIndex(sync->findText(QStringLiteral("1/4")));
    EXPECT_NEAR(w.project().faders.modulators[0].rateHz, w.project().bpm / 60.0, 1e-4);
    EXPECT_FLOAT_EQ(w.project().faders.syncBeats[0], 1.0f);
    w.applyRemoteBpm(150.0); // as /bpm over OSC
    QTest::qWait(100);       // the unit's poll
    EXPECT_NEAR(w.project().faders.modulators[0].rateHz, 2.5f, 1e-4);

    // A sound through the model.
    const auto snare = std::filesystem::path(
        "/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0/PearlSnare-Hard.wav");
    EXPECT_TRUE(faders->playThrough(QString::fromStdString(snare.string())));
    for (int i = 0; i < 20; ++i) {
        QTest::qWait(10);
        w.engine().process(l.data(), r.data(), 512);
    }
    QApplication::processEvents();
    ASSERT_TRUE(w.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/fader-panel.png")));

    // The centroid follows the snare's own centroid curve; the output is recorded to a WAV.
    ASSERT_TRUE(faders->setFollow(1, QString::fromStdString(snare.string())));
    EXPECT_EQ(w.project().faders.follow[1], snare.string());
    EXPECT_FALSE(faders->setFollow(2, QStringLiteral("/nonexistent.wav")));
    EXPECT_TRUE(w.project().faders.follow[2].empty());
    EXPECT_FALSE(faders->setRecording(false, QStringLiteral(LATENTRACK_ARTIFACTS "/x.wav")))
        << "nothing armed, nothing recorded";
    ASSERT_TRUE(faders->setRecording(true));
    EXPECT_TRUE(faders->recording());
    for (int i = 0; i < 40; ++i) {
        QTest::qWait(5);
        w.engine().process(l.data(), r.data(), 512);
    }
    const QString takeFile = QStringLiteral(LATENTRACK_ARTIFACTS "/fader-take.wav");
    ASSERT_TRUE(faders->setRecording(false, takeFile));
    const auto take = core::io::readAudioFile(takeFile.toStdString());
    EXPECT_DOUBLE_EQ(take.sampleRate, w.engine().sampleRate());
    EXPECT_GT(take.channel[0].size(), 40u * 512u / 2u);
    float takePeak = 0.0f;
    for (float v : take.channel[0])
        takePeak = std::max(takePeak, std::abs(v));
    EXPECT_GT(takePeak, 0.0f);
    ASSERT_TRUE(faders->setFollow(1, {}));

    // The live input through the F-RAVE model: what the device captures is encoded in blocks.
    ASSERT_TRUE(faders->setLiveInput(true));
    EXPECT_TRUE(w.engine().capture.load());
    const auto blocksBefore = faders->voice()->blocks();
    captureTone(w, 330.0, 40);
    for (int i = 0; i < 100 && faders->voice()->blocks() - blocksBefore < 20; ++i)
        QTest::qWait(10);
    // 40 · 512 samples at 48 kHz = 6827 at 16 kHz: 26 blocks of 2 frames of 128 samples.
    EXPECT_GE(faders->voice()->blocks() - blocksBefore, 20u);
    EXPECT_LE(faders->voice()->blocks() - blocksBefore, 27u) << "only as the input arrives";
    ASSERT_TRUE(faders->setLiveInput(false));
    EXPECT_FALSE(w.engine().capture.load());

    // A model given its pitch: the note plays from the prior; the live input's own pitch
    // (YIN), transposed; note and transposition are MIDI parameters kept in the project.
    ASSERT_TRUE(faders->loadModel(QString::fromStdString(tinyModel(true).string())));
    EXPECT_TRUE(note->isEnabled() && transpose->isEnabled());
    EXPECT_TRUE(faders->mirrorParameter(QStringLiteral("fader.note"), 57.0f));
    EXPECT_EQ(note->value(), 57);
    EXPECT_FLOAT_EQ(w.project().faders.note, 57.0f);
    for (int i = 0; i < 100 && std::abs(faders->voice()->pitch() - 57.0f) > 1e-3f; ++i) {
        QTest::qWait(10);
        w.engine().process(l.data(), r.data(), 512);
    }
    EXPECT_FLOAT_EQ(faders->voice()->pitch(), 57.0f) << "the prior plays the note";
    EXPECT_GE(w.midi()->registry().find("fader.transpose"), 0);
    w.applyRemoteParameter(QStringLiteral("fader.transpose"), 12.0f);
    EXPECT_EQ(transpose->value(), 12);
    ASSERT_TRUE(faders->setLiveInput(true));
    captureTone(w, 330.0, 40);
    for (int i = 0; i < 100 && std::abs(faders->voice()->pitch() - 76.0f) > 0.2f; ++i)
        captureTone(w, 330.0, 2);
    EXPECT_NEAR(faders->voice()->pitch(), 64.0f + 12.0f, 0.2f)
        << "the live input's E4, an octave up";
    ASSERT_TRUE(faders->setLiveInput(false));
    faders->setPlaying(false);

    // Saved and opened again: the faders come back where they were.
    const QString file = QStringLiteral(LATENTRACK_ARTIFACTS "/fader-project.json");
    ASSERT_TRUE(w.saveProject(file));
    faders->fader(0)->setValue(-90);
    ASSERT_TRUE(w.openProject(file));
    EXPECT_EQ(faders->fader(0)->value(), 60);
    EXPECT_EQ(faders->fader(1)->value(), -50);
    EXPECT_EQ(note->value(), 57);
    EXPECT_EQ(transpose->value(), 12);
}

// An nn~ / RAVE TorchScript file (RAVE v1 convention, written by the tests' fixture) in the same
// tab: it loads on a worker, latent knobs replace the faders, it generates through the engine,
// the knobs move by MIDI/OSC and are saved, a sound and the live input play through it, and a
// broken file is refused while the loaded model plays on.
TEST(FaderPanel, ATorchScriptModelPlaysWithLatentKnobsAndLiveInput) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("latentrack-fader-panel-ts-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "scripted-rave.ts";
    test::writeTsModel(file);
    ui::MainWindow w(test::demoWindowOptions());
    w.resize(1280, 860);
    w.show();
    auto* faders = w.instrument<ui::FaderUnit>();
    ASSERT_NE(faders, nullptr);
    w.centralWidget()->findChild<QTabWidget*>()->setCurrentIndex(3);

    // Dropped on the tab, as from a file manager.
    QWidget* tab = w.centralWidget()->findChild<QTabWidget*>()->currentWidget();
    QMimeData dropped;
    dropped.setUrls({QUrl::fromLocalFile(QString::fromStdString(file.string()))});
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &dropped, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tab, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &dropped, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(tab, &drop);
    EXPECT_TRUE(drop.isAccepted());
    EXPECT_TRUE(faders->scriptLoading());
    for (int i = 0; i < 500 && faders->scriptVoice() == nullptr; ++i)
        QTest::qWait(10); // loads on a worker; the GUI's poll picks it up
    ASSERT_NE(faders->scriptVoice(), nullptr) << w.lastError().toStdString();
    EXPECT_EQ(faders->voice(), nullptr);
    EXPECT_TRUE(faders->knobs()->isVisible());
    EXPECT_FALSE(faders->fader(0)->isVisible());
    EXPECT_EQ(faders->knobs()->dimensions(), 8);
    EXPECT_EQ(w.project().faders.model, file.string());

    faders->setPlaying(true);
    std::vector<float> l(512), r(512);
    const auto playFor = [&](int blocks) {
        float peak = 0.0f;
        for (int i = 0; i < blocks; ++i) {
            QTest::qWait(5);
            w.engine().process(l.data(), r.data(), 512);
            peak = std::max(peak, faders->source().peak());
        }
        return peak;
    };
    EXPECT_GT(playFor(60), 0.0f) << "the walk through decode reached the engine";
    EXPECT_EQ(faders->scriptVoice()->mode(), models::torchscript::StreamMode::Generate);

    // MIDI/OSC move a knob: the dial, the project and the voice follow.
    EXPECT_TRUE(faders->mirrorParameter(QStringLiteral("ts.z1.bias"), 2.0f));
    EXPECT_EQ(faders->knobs()->biasDial(0)->value(), 50);
    EXPECT_FLOAT_EQ(w.project().faders.knobs[0].bias, 2.0f);
    w.applyRemoteParameter(QStringLiteral("ts.z3.scale"), 0.5f);
    EXPECT_FLOAT_EQ(w.project().faders.knobs[2].scale, 0.5f);
    EXPECT_GE(w.midi()->registry().find("ts.z8.bias"), 0) << "registered for MIDI learn";

    // A sound through it: encode → knobs → decode, or forward.
    const auto snare = std::filesystem::path(
        "/usr/share/hydrogen/data/drumkits/The Black Pearl 1.0/PearlSnare-Hard.wav");
    EXPECT_TRUE(faders->openDropped(QString::fromStdString(snare.string()))); // a sound dropped
    EXPECT_EQ(w.project().faders.sound, snare.string());
    playFor(20);
    EXPECT_EQ(faders->scriptVoice()->mode(), models::torchscript::StreamMode::Transfer);
    faders->setForward(true);
    playFor(20);
    EXPECT_EQ(faders->scriptVoice()->mode(), models::torchscript::StreamMode::Forward);
    faders->setForward(false);

    // The live input: what the device captures plays through the model.
    ASSERT_TRUE(faders->setLiveInput(true));
    EXPECT_TRUE(w.engine().capture.load());
    const auto before = faders->scriptVoice()->buffers();
    captureTone(w, 220.0, 40);
    for (int i = 0; i < 100 && faders->scriptVoice()->buffers() - before < 4; ++i)
        QTest::qWait(10);
    // 40 · 512 samples at 48 kHz = 6827 at 16 kHz: 3 whole 2048-sample buffers.
    EXPECT_GE(faders->scriptVoice()->buffers() - before, 3u);
    QApplication::processEvents();
    ASSERT_TRUE(w.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/fader-panel-torchscript.png")));
    faders->setLiveInput(false);
    EXPECT_FALSE(w.engine().capture.load());

    // Saved and opened again: the knobs come back.
    const QString project = QStringLiteral(LATENTRACK_ARTIFACTS "/fader-ts-project.json");
    ASSERT_TRUE(w.saveProject(project));
    faders->setKnob(0, -1.0f, 1.0f);
    ASSERT_TRUE(w.openProject(project));
    for (int i = 0; i < 500 && (faders->scriptLoading() || faders->scriptVoice() == nullptr); ++i)
        QTest::qWait(10);
    EXPECT_EQ(faders->knobs()->biasDial(0)->value(), 50);
    ASSERT_NE(faders->scriptVoice(), nullptr);

    // A broken file: refused with its reason; the loaded model plays on.
    std::ofstream(dir / "broken.ts") << "not a model";
    ASSERT_TRUE(faders->loadModel(QString::fromStdString((dir / "broken.ts").string())));
    for (int i = 0; i < 500 && faders->scriptLoading(); ++i)
        QTest::qWait(10);
    EXPECT_TRUE(w.lastError().contains(QStringLiteral("not a TorchScript file")))
        << w.lastError().toStdString();
    EXPECT_NE(faders->scriptVoice(), nullptr);
    faders->setPlaying(false);
    std::filesystem::remove_all(dir);
}
