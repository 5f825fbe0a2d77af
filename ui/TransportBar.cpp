#include "ui/TransportBar.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <cmath>

#include "core/seq/Pattern.h"
#include "core/seq/StepClock.h"

namespace latentrack::ui {

TransportBar::TransportBar(QWidget* parent) : QWidget(parent) {
    auto* row = new QHBoxLayout(this);
    m_play = new QToolButton(this);
    m_play->setCheckable(true);
    m_play->setText(tr("▶ Play"));
    m_play->setToolTip(tr("Play / stop (Space)"));
    m_play->setMinimumWidth(80);
    m_bpm = new QDoubleSpinBox(this);
    m_bpm->setRange(core::seq::kMinBpm, core::seq::kMaxBpm);
    m_bpm->setDecimals(1);
    m_bpm->setSuffix(tr(" BPM"));
    m_swing = new QSpinBox(this);
    m_swing->setRange(50, 75);
    m_swing->setSuffix(tr(" % swing"));
    m_steps = new QSpinBox(this);
    m_steps->setRange(1, core::seq::kMaxSteps);
    m_steps->setSuffix(tr(" steps"));
    m_kit = new QComboBox(this);
    m_kit->setMinimumWidth(200);
    row->addWidget(m_play);
    row->addWidget(m_bpm);
    row->addWidget(m_swing);
    row->addWidget(m_steps);
    row->addSpacing(20);
    row->addWidget(new QLabel(tr("Kit:"), this));
    row->addWidget(m_kit);
    row->addStretch(1);

    connect(m_play, &QToolButton::toggled, this, [this](bool on) {
        showPlaying(on);
        emit playToggled(on);
    });
    connect(m_bpm, &QDoubleSpinBox::valueChanged, this, &TransportBar::bpmChanged);
    connect(m_swing, &QSpinBox::valueChanged, this,
            [this](int percent) { emit swingChanged(percent / 100.0); });
    connect(m_steps, &QSpinBox::valueChanged, this, &TransportBar::stepsChanged);
    connect(m_kit, &QComboBox::textActivated, this, &TransportBar::kitChosen);
}

void TransportBar::setKits(const QStringList& kits, const QString& current) {
    const QSignalBlocker block(m_kit);
    m_kit->clear();
    m_kit->addItems(kits);
    if (!kits.contains(current) && !current.isEmpty())
        m_kit->addItem(current);
    m_kit->setCurrentText(current);
}

void TransportBar::setValues(double bpm, double swing, int steps) {
    const QSignalBlocker b1(m_bpm), b2(m_swing), b3(m_steps);
    m_bpm->setValue(bpm);
    m_swing->setValue(static_cast<int>(std::lround(swing * 100.0)));
    m_steps->setValue(steps);
}

void TransportBar::setPlaying(bool playing) {
    const QSignalBlocker block(m_play);
    m_play->setChecked(playing);
    showPlaying(playing);
}

void TransportBar::requestPlaying(bool play) {
    setPlaying(play);
    emit playToggled(play);
}

void TransportBar::showPlaying(bool playing) {
    m_play->setText(playing ? tr("■ Stop") : tr("▶ Play"));
}

QWidget* TransportBar::bpmWidget() const {
    return m_bpm;
}
QWidget* TransportBar::swingWidget() const {
    return m_swing;
}
QWidget* TransportBar::playWidget() const {
    return m_play;
}

} // namespace latentrack::ui
