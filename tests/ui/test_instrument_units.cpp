// Instrument units stand on their own: each is built on a bare host (an engine, a port, a
// project, a MIDI hub and a transport bar — no main window), adds its own engine source,
// builds its tab and plays through the engine.

#include <QApplication>
#include <QMenuBar>
#include <QStatusBar>
#include <QTest>

#include <gtest/gtest.h>

#include "../core/EngineTestUtil.h"
#include "core/project/Project.h"
#include "ui/TransportBar.h"
#include "ui/drums/DrumMachineUnit.h"
#include "ui/fm/FmPanel.h"
#include "ui/fm/FmUnit.h"
#include "ui/midi/MidiHub.h"

using namespace latentrack;
using core::engine::CommandType;

namespace {

class BareHost final : public ui::InstrumentHost {
public:
    BareHost() : m_port(&m_engine.openPort()), m_midiPort(&m_engine.openPort()) {}
    /// After the units have added their sources: the MIDI hub registers them.
    void start() {
        m_midi = std::make_unique<ui::MidiHub>(m_engine, *m_midiPort);
        m_engine.prepare(48000.0, 512);
    }
    core::engine::Engine& engine() override { return m_engine; }
    core::engine::CommandPort& port() override { return *m_port; }
    core::project::Project& project() override { return m_project; }
    void markModified() override { ++modified; }
    ui::MidiHub& midi() override { return *m_midi; }
    ui::TransportBar& transport() override { return m_transport; }
    core::audio::AudioStatus audioStatus() const override { return {}; }
    void showStatus(const QString& text, int) override { status = text; }
    void showError(const QString& text) override { error = text; }

    int modified = 0;
    QString status;
    QString error;

private:
    core::engine::Engine m_engine;
    core::engine::CommandPort* m_port;
    core::engine::CommandPort* m_midiPort;
    core::project::Project m_project;
    std::unique_ptr<ui::MidiHub> m_midi;
    ui::TransportBar m_transport;
};

} // namespace

TEST(InstrumentUnits, TheFmUnitPlaysOnABareHost) {
    BareHost host;
    ui::FmUnit fm(host);
    host.start();
    ASSERT_EQ(host.engine().numSources(), 1) << "the unit added its own source, nothing else";
    QWidget parent;
    ASSERT_NE(fm.buildTab(&parent), nullptr);
    host.project().fm.voice =
        fm.panel()->bank().empty() ? host.project().fm.voice : fm.panel()->bank().at(10);
    fm.applyProject();
    test::renderPeak(host.engine(), 2);
    host.send(CommandType::FmNoteOn, 100, 60);
    EXPECT_GT(test::renderPeak(host.engine(), 20), 0.02f);
    EXPECT_EQ(fm.source().activeVoices(), 1);
    EXPECT_EQ(fm.statusText(), QStringLiteral("FM 1"));
    EXPECT_TRUE(fm.mirrorParameter(QStringLiteral("fm.gain"), -6.0f));
    EXPECT_FLOAT_EQ(host.project().fm.gainDb, -6.0f);
    EXPECT_FALSE(fm.mirrorParameter(QStringLiteral("track.1.gain"), -6.0f))
        << "another unit's parameter is left alone";
    EXPECT_TRUE(host.error.isEmpty()) << host.error.toStdString();
}

TEST(InstrumentUnits, TheDrumMachinePlaysItsPatternOnABareHost) {
    BareHost host;
    ui::DrumMachineUnit drums(host, QStringLiteral("none-such-model"));
    host.start();
    ASSERT_EQ(host.engine().numSources(), 1);
    QWidget window;
    drums.buildTab(&window);
    QMenuBar bar;
    drums.buildMenus(&bar);
    auto& project = host.project();
    project.kit = "The Black Pearl 1.0";
    project.pattern.set(0, 0, 1.0f); // kick on the downbeat
    drums.applyProject();
    EXPECT_TRUE(host.error.isEmpty()) << host.error.toStdString();
    EXPECT_FALSE(drums.neural().available(0)) << "no such model: nothing to generate";
    host.send(CommandType::Play);
    EXPECT_GT(test::renderPeak(host.engine(), 10, 512), 0.05f) << "the kick plays";
    drums.poll(host.engine().snapshot());
    EXPECT_TRUE(drums.mirrorParameter(QStringLiteral("track.1.gain"), -12.0f));
    EXPECT_FLOAT_EQ(project.tracks[0].gainDb, -12.0f);
    drums.shutdown();
}
