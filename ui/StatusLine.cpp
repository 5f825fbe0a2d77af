#include "ui/StatusLine.h"

#include <QLabel>
#include <QStatusBar>
#include <algorithm>

namespace latentrack::ui {

StatusLine::StatusLine(QStatusBar* bar)
    : m_audio(new QLabel(bar)), m_osc(new QLabel(bar)), m_load(new QLabel(bar)) {
    bar->addWidget(m_audio, 1);
    bar->addPermanentWidget(m_osc);
    bar->addPermanentWidget(m_load);
}

void StatusLine::setOsc(const QString& text, const QString& tooltip) {
    m_osc->setText(text);
    m_osc->setToolTip(tooltip);
}

void StatusLine::update(const core::audio::AudioStatus& st, const core::engine::Snapshot& snap,
                        const QStringList& instruments) {
    m_audio->setText(
        st.running ? QObject::tr("Audio: %1 · %2 · %3 Hz · %4 frames")
                         .arg(QString::fromStdString(st.api), QString::fromStdString(st.device))
                         .arg(st.sampleRate)
                         .arg(st.bufferFrames)
                   : QObject::tr("Audio off: %1 (Audio → Audio settings)")
                         .arg(QString::fromStdString(st.error)));
    m_load->setText(QObject::tr("CPU %1 % (peak %2 %) · xruns %3 · %4")
                        .arg(std::clamp(snap.cpuLoad * 100.0f, 0.0f, 999.0f), 0, 'f', 1)
                        .arg(std::clamp(snap.cpuPeak * 100.0f, 0.0f, 999.0f), 0, 'f', 0)
                        .arg(snap.xruns)
                        .arg(instruments.join(QStringLiteral(" · "))));
}

} // namespace latentrack::ui
