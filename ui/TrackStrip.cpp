#include "ui/TrackStrip.h"

#include <QDial>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <cmath>

#include "ui/StepGrid.h"

namespace latentrack::ui {

TrackStrip::TrackStrip(int track, QWidget* parent) : QWidget(parent), m_track(track) {
    setFixedHeight(kRowHeight);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(4, 0, 4, 0);
    row->setSpacing(4);

    auto* play = new QToolButton(this);
    play->setText(QStringLiteral("▶"));
    play->setToolTip(tr("Audition this track's sound"));
    m_name = new QLabel(this);
    m_name->setFixedWidth(150);
    m_gain = new QSlider(Qt::Horizontal, this);
    m_gain->setRange(-600, 120); // tenths of a dB
    m_gain->setFixedWidth(90);
    m_pan = new QDial(this);
    m_pan->setRange(-100, 100);
    m_pan->setFixedSize(28, 28);
    m_pan->setToolTip(tr("Pan"));
    m_mute = new QToolButton(this);
    m_mute->setText(QStringLiteral("M"));
    m_mute->setCheckable(true);
    m_mute->setToolTip(tr("Mute"));
    m_solo = new QToolButton(this);
    m_solo->setText(QStringLiteral("S"));
    m_solo->setCheckable(true);
    m_solo->setToolTip(tr("Solo"));
    auto neuralButton = [this](const QString& text, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setEnabled(false);
        return b;
    };
    m_sampleNote = neuralButton(QStringLiteral("N"),
                                tr("sample_note: generate a new hit of this track's class from "
                                   "the neural model (Alt+track number)"));
    m_samplePath = neuralButton(QStringLiteral("P"),
                                tr("sample_path: generate a sound along a random linear path in "
                                   "the model's grain space (Alt+Shift+track number)"));
    m_keep = neuralButton(QStringLiteral("K"),
                          tr("Keep this sound when the others are re-sampled every N loops"));
    m_keep->setCheckable(true);
    m_meter = new QProgressBar(this);
    m_meter->setRange(0, 60);
    m_meter->setTextVisible(false);
    m_meter->setFixedWidth(40);
    m_meter->setFixedHeight(8);

    for (QWidget* w : std::initializer_list<QWidget*>{play, m_name, m_gain, m_pan, m_mute, m_solo,
                                                      m_sampleNote, m_samplePath, m_keep, m_meter})
        row->addWidget(w);

    connect(play, &QToolButton::clicked, this, [this] { emit auditioned(m_track); });
    connect(m_gain, &QSlider::valueChanged, this, [this](int v) {
        m_gain->setToolTip(tr("Gain %1 dB").arg(v / 10.0, 0, 'f', 1));
        emit gainChanged(m_track, static_cast<float>(v) / 10.0f);
    });
    connect(m_pan, &QDial::valueChanged, this,
            [this](int v) { emit panChanged(m_track, static_cast<float>(v) / 100.0f); });
    connect(m_mute, &QToolButton::toggled, this,
            [this](bool on) { emit muteChanged(m_track, on); });
    connect(m_solo, &QToolButton::toggled, this,
            [this](bool on) { emit soloChanged(m_track, on); });
    connect(m_sampleNote, &QToolButton::clicked, this,
            [this] { emit sampleNoteRequested(m_track); });
    connect(m_samplePath, &QToolButton::clicked, this,
            [this] { emit samplePathRequested(m_track); });
    connect(m_keep, &QToolButton::toggled, this,
            [this](bool on) { emit keepChanged(m_track, on); });
}

QWidget* TrackStrip::sampleNoteWidget() const {
    return m_sampleNote;
}
QWidget* TrackStrip::samplePathWidget() const {
    return m_samplePath;
}

void TrackStrip::setNeuralState(bool available, bool busy, bool keep) {
    const QSignalBlocker block(m_keep);
    m_sampleNote->setEnabled(available && !busy);
    m_samplePath->setEnabled(available && !busy);
    m_keep->setEnabled(available);
    m_keep->setChecked(keep);
}

void TrackStrip::setNames(const QString& trackName, const QString& instrument) {
    m_name->setText(QStringLiteral("<b>%1</b><br><small>%2</small>")
                        .arg(trackName.toHtmlEscaped(),
                             instrument.isEmpty() ? tr("(no sound)") : instrument.toHtmlEscaped()));
}

void TrackStrip::setState(float gainDb, float pan, bool mute, bool solo) {
    const QSignalBlocker b1(m_gain), b2(m_pan), b3(m_mute), b4(m_solo);
    m_gain->setValue(static_cast<int>(std::lround(gainDb * 10.0f)));
    m_gain->setToolTip(tr("Gain %1 dB").arg(gainDb, 0, 'f', 1));
    m_pan->setValue(static_cast<int>(std::lround(pan * 100.0f)));
    m_mute->setChecked(mute);
    m_solo->setChecked(solo);
}

void TrackStrip::setLevel(float peak) {
    // 60 dB meter scale; the snapshot value is clamped because it comes from another thread.
    const float db = peak > 1e-6f ? 20.0f * std::log10(peak) : -60.0f;
    m_meter->setValue(static_cast<int>(std::clamp(db + 60.0f, 0.0f, 60.0f)));
}

void TrackStrip::mousePressEvent(QMouseEvent*) {
    emit selected(m_track);
}

QWidget* TrackStrip::gainWidget() const {
    return m_gain;
}
QWidget* TrackStrip::panWidget() const {
    return m_pan;
}
QWidget* TrackStrip::muteWidget() const {
    return m_mute;
}
QWidget* TrackStrip::soloWidget() const {
    return m_solo;
}

} // namespace latentrack::ui
