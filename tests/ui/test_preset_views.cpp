// The preset tab's interpolation view and macro knobs on the shipped model (offscreen), and a
// sketch recorded from the audio input through JACK's dummy backend:
// - interpolation: two bank voices, the rows computed off the GUI thread (a second request
//   while it runs is answered once, after it; the morph moved meanwhile waits for the path),
//   7 latent and 7 naive steps with both ends exact, a click
//   plays a step, the morph slider (and its MIDI parameter) loads the voice between them, the
//   steps export as a cartridge that loads back; screenshot;
// - macros: the model's sweep labels the knobs; a knob moves the FM synth's voice along its
//   dimension and back, another voice in the synth becomes the knobs' new start, the project
//   keeps the knobs; screenshot;
// - a tone sung into the input becomes a voice (measured from the end of the recording), A/B
//   feeds the unit's stream player, "Add to bank" stores it, "Send to DX7" without a MIDI
//   output says why.

// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/preset/PresetInference.h"
#include "models/preset/PresetInterpolation.h"
#include "models/preset/PresetMacros.h"

#include <QDial>
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

#include "UiTestOptions.h"
#include "UiUnits.h"
#include "core/fm/SysEx.h"
#include "core/project/Project.h"
#include "tests/core/JackServer.h"
#include "tests/core/JackTone.h"
#include "ui/MainWindow.h"
#include "ui/fm/FmPanel.h"
#include "ui/presets/InterpolationView.h"
#include "ui/presets/MacroKnobs.h"
#include "ui/presets/PresetUnit.h"

using namespace latentrack;
namespace fs = std::filesystem;
namespace fm = core::fm;
namespace preset = models::preset;

namespace {

ui::PresetUnit* showPresetTab(ui::MainWindow& w, int page) {
    w.resize(1280, 900);
    w.show();
    auto* tabs = w.centralWidget()->findChild<QTabWidget*>();
    tabs->setCurrentIndex(tabs->count() - 1);
    auto* unit = w.instrument<ui::PresetUnit>();
    for (QWidget* p = unit->interpolation(); p != nullptr; p = p->parentWidget())
        if (auto* pages = qobject_cast<QTabWidget*>(p)) {
            pages->setCurrentIndex(page);
            break;
        }
    return unit;
}

fs::path tempDir(const char* name) {
    const auto d = fs::temp_directory_path() /
                   (std::string("latentrack-preset-views-") + name + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

} // namespace

TEST(PresetViews, InterpolationRowsPlayMorphAndExport) {
    ui::MainWindow w(test::demoWindowOptions());
    auto* unit = showPresetTab(w, 1);
    ASSERT_TRUE(unit->ensureModel());
    auto* view = unit->interpolation();
    const auto& bank = test::fm(w).bankVoices();
    ASSERT_GE(bank.size(), 11u);
    const fm::DxVoice a = bank[0], b = bank[10];
    view->setEnd(0, a);
    view->setEnd(1, b); // both ends set: the rows are computed on the worker
    EXPECT_TRUE(view->interpolating());
    EXPECT_TRUE(view->row(ui::InterpolationView::Latent).empty())
        << "the GUI thread is back before the rows are (they arrive through its event loop)";
    // The morph slider moved before the path has arrived loads its voice when it does.
    view->morphSlider()->setValue(ui::InterpolationView::kMorphSteps / 4);
    // A request while the worker runs is answered after it, and only the newest is shown.
    QSignalSpy done(view, &ui::InterpolationView::interpolated);
    ASSERT_TRUE(view->interpolate());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->interpolating(); }, 30000));
    ASSERT_EQ(done.size(), 1) << "the stale result is dropped, not shown";
    EXPECT_TRUE(done.front().front().toBool());
    const auto& latent = view->row(ui::InterpolationView::Latent);
    const auto& naive = view->row(ui::InterpolationView::Naive);
    ASSERT_EQ(latent.size(), 7u);
    ASSERT_EQ(naive.size(), 7u);
    auto sameSound = [](fm::DxVoice x, const fm::DxVoice& y) {
        x.setName(y.name());
        return x == y;
    };
    EXPECT_TRUE(sameSound(latent.front(), a) && sameSound(latent.back(), b))
        << "the latent path starts at A and ends at B";
    EXPECT_TRUE(sameSound(naive.front(), a) && sameSound(naive.back(), b));
    EXPECT_NE(latent[3], naive[3]) << "the two paths differ between the ends";
    EXPECT_EQ(view->findChildren<QToolButton*>().size(), 14);
    {
        preset::PresetInferencer inf(
            preset::loadPresetModel(LATENTRACK_SOURCE_DIR "/assets/models/preset-small"));
        EXPECT_EQ(view->morphVoice().params,
                  preset::LatentPath(inf, a, b).voiceAt(inf, 0.25, "MORPH").params)
            << "the slider's early position is loaded when the path arrives";
    }

    auto* step = view->findChild<QToolButton*>(QStringLiteral("step-0-3"));
    ASSERT_NE(step, nullptr);
    step->click();
    EXPECT_EQ(w.project().fm.voice, latent[3]) << "a click loads the step into the FM synth";

    // The morph: half-way in latent, then through its MIDI parameter all the way to B.
    view->morphSlider()->setValue(ui::InterpolationView::kMorphSteps / 2);
    const auto middle = w.project().fm.voice;
    EXPECT_EQ(middle, view->morphVoice());
    {
        // The slider plays the app's latent path (the parameter line at the model's even latent
        // pace, PresetInterpolation.h), as the card measures.
        preset::PresetInferencer inf(
            preset::loadPresetModel(LATENTRACK_SOURCE_DIR "/assets/models/preset-small"));
        EXPECT_EQ(middle.params, preset::LatentPath(inf, a, b).voiceAt(inf, 0.5, "MORPH").params);
    }
    EXPECT_FALSE(sameSound(middle, a));
    EXPECT_FALSE(sameSound(middle, b));
    w.applyRemoteParameter(QStringLiteral("preset.morph"), 1.0f);
    EXPECT_EQ(view->morphSlider()->value(), ui::InterpolationView::kMorphSteps);
    EXPECT_TRUE(sameSound(w.project().fm.voice, b));
    EXPECT_FLOAT_EQ(w.project().presets.morph, 1.0f);

    const auto dir = tempDir("cart");
    ASSERT_TRUE(view->exportCartridge(QString::fromStdString((dir / "steps.syx").string())));
    const auto cart = fm::loadBankFile(dir / "steps.syx");
    ASSERT_EQ(cart.voices.size(), 32u);
    EXPECT_EQ(cart.voices[3], latent[3]);
    EXPECT_EQ(cart.voices[7 + 3], naive[3]);

    // The project keeps the ends and the morph.
    const auto again = core::project::projectFromJson(core::project::toJson(w.project()), "test");
    ASSERT_TRUE(again.presets.morphA && again.presets.morphB);
    EXPECT_EQ(*again.presets.morphA, a);
    EXPECT_EQ(*again.presets.morphB, b);
    EXPECT_EQ(again.presets.morphSteps, 7);
    QTest::qWait(50);
    ASSERT_TRUE(w.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/preset-interpolation.png")));
    fs::remove_all(dir);
}

TEST(PresetViews, MacroKnobsMoveTheVoiceAndAreKeptInTheProject) {
    ui::MainWindow w(test::demoWindowOptions());
    auto* unit = showPresetTab(w, 0);
    ASSERT_TRUE(unit->ensureModel());
    ASSERT_EQ(unit->macros().size(), 8u) << "the shipped model carries its sweep";
    auto* knobs = unit->macroKnobs();
    EXPECT_TRUE(knobs->dial(7)->isEnabled());
    const auto labels = knobs->findChildren<QLabel*>();
    const auto first = QString::fromStdString(models::preset::macroLabel(unit->macros()[0]));
    EXPECT_TRUE(std::any_of(labels.begin(), labels.end(), [&first](QLabel* l) {
        return l->text() == first;
    })) << first.toStdString();

    const auto& bank = test::fm(w).bankVoices();
    test::fm(w).playVoice(bank[0]);
    const auto base = w.project().fm.voice;
    knobs->dial(0)->setValue(80); // as the musician turns it
    const auto turned = w.project().fm.voice;
    EXPECT_NE(turned, base) << "the knob moves the voice";
    ASSERT_TRUE(w.project().presets.macroBase.has_value());
    EXPECT_EQ(*w.project().presets.macroBase, base);
    EXPECT_FLOAT_EQ(w.project().presets.macros[0], 0.8f);
    // Two knobs add up; back to 0 they give the start again (its latent point, decoded).
    w.applyRemoteParameter(QStringLiteral("preset.macro.2"), -0.5f);
    EXPECT_EQ(knobs->dial(1)->value(), -50);
    EXPECT_NE(w.project().fm.voice, turned);
    knobs->dial(0)->setValue(0);
    knobs->dial(1)->setValue(0);
    auto back = w.project().fm.voice;
    back.setName(base.name());
    EXPECT_EQ(back, base);

    // The project keeps the knobs and their start.
    knobs->dial(2)->setValue(30);
    const auto saved = core::project::projectFromJson(core::project::toJson(w.project()), "test");
    EXPECT_FLOAT_EQ(saved.presets.macros[2], 0.3f);
    EXPECT_EQ(*saved.presets.macroBase, base);

    // Another voice in the FM synth: the knobs start again from it.
    test::fm(w).playVoice(bank[5]);
    knobs->dial(4)->setValue(-40);
    EXPECT_EQ(*w.project().presets.macroBase, bank[5]);
    EXPECT_FLOAT_EQ(w.project().presets.macros[2], 0.0f) << "the other knobs were reset";
    EXPECT_EQ(knobs->dial(2)->value(), 0);
    QTest::qWait(50);
    ASSERT_TRUE(w.grab().save(QStringLiteral(LATENTRACK_ARTIFACTS "/preset-macros.png")));
}

TEST(PresetViews, ASungToneRecordedFromTheInputBecomesAVoice) {
    test::JackServer server(48000, 256);
    ASSERT_TRUE(server.running()) << server.log();
    ui::MainWindow w(test::demoWindowOptions({}, true));
    auto* unit = showPresetTab(w, 0);
    ASSERT_TRUE(unit->ensureModel());
    EXPECT_FALSE(unit->playComparison(false)) << "no sound yet";
    EXPECT_FALSE(unit->sendToSynth()) << "no MIDI output";
    EXPECT_FALSE(w.lastError().isEmpty());

    test::ToneClient tone(220.0, 0.3f); // A3, MIDI 57
    ASSERT_TRUE(tone.ok());
    ASSERT_EQ(tone.connect("LatentRack:inport 0"), 0);
    ASSERT_TRUE(unit->startRecording()) << w.statusBar()->currentMessage().toStdString();
    QTest::qWait(1200);
    const auto before = w.project().fm.voice;
    QElapsedTimer clock;
    clock.start();
    unit->stopRecording();
    const auto ms = clock.elapsed();
    RecordProperty("recording_to_voice_ms", static_cast<int>(ms));
    std::printf("end of the recording → voice in the FM synth: %lld ms\n",
                static_cast<long long>(ms));
    EXPECT_FALSE(unit->recording());
    ASSERT_EQ(unit->candidates().size(), 8u) << unit->lastProblem().toStdString();
    EXPECT_NE(w.project().fm.voice, before);
    EXPECT_EQ(w.project().fm.voice, unit->currentVoice());
    const auto info = unit->interpolation()->window()->findChildren<QLabel*>();
    EXPECT_TRUE(std::any_of(info.begin(), info.end(), [](QLabel* l) {
        return l->text().contains(QStringLiteral("MIDI 57"));
    })) << "the sung key is found";

    // A/B through the unit's stream player: the 30 Hz poll feeds it, the audio thread plays it.
    auto& ring = unit->comparisonPlayer().ring();
    const auto written = ring.totalWritten(), read = ring.totalRead();
    ASSERT_TRUE(unit->playComparison(false));
    QTest::qWait(300);
    ASSERT_TRUE(unit->playComparison(true));
    QTest::qWait(300);
    EXPECT_GT(ring.totalWritten(), written + 24000u) << "half a second of each, at least";
    EXPECT_GT(ring.totalRead(), read) << "the audio thread played it";

    const int number = unit->addToBank();
    ASSERT_GE(number, 1);
    EXPECT_EQ(test::fm(w).bankVoices()[static_cast<std::size_t>(number - 1)], unit->currentVoice());
}
