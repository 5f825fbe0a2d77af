#include "ui/faders/LatentKnobs.h"

#include <QDial>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <cmath>

namespace latentrack::ui {

LatentKnobs::LatentKnobs(QWidget* parent) : QGroupBox(tr("Latent knobs"), parent) {
    setToolTip(tr("The model's first latent dimensions: z ← z · scale + bias"));
    auto* row = new QHBoxLayout(this);
    for (int d = 0; d < kKnobs; ++d) {
        const auto i = static_cast<std::size_t>(d);
        m_columns[i] = new QWidget(this);
        auto* column = new QVBoxLayout(m_columns[i]);
        column->setContentsMargins(2, 2, 2, 2);
        auto* title = new QLabel(QStringLiteral("z%1").arg(d + 1), m_columns[i]);
        title->setAlignment(Qt::AlignCenter);
        m_bias[i] = new QDial(m_columns[i]);
        m_bias[i]->setRange(-kSteps, kSteps);
        m_bias[i]->setNotchesVisible(true);
        m_bias[i]->setFixedSize(64, 64);
        m_bias[i]->setToolTip(tr("Bias of z%1 (latent units)").arg(d + 1));
        m_scale[i] = new QDial(m_columns[i]);
        m_scale[i]->setRange(0, 2 * kSteps);
        m_scale[i]->setValue(kSteps);
        m_scale[i]->setFixedSize(44, 44);
        m_scale[i]->setToolTip(tr("Scale of z%1").arg(d + 1));
        m_values[i] = new QLabel(m_columns[i]);
        m_values[i]->setAlignment(Qt::AlignCenter);
        column->addWidget(title);
        column->addWidget(m_bias[i], 0, Qt::AlignHCenter);
        column->addWidget(new QLabel(tr("bias"), m_columns[i]), 0, Qt::AlignHCenter);
        column->addWidget(m_scale[i], 0, Qt::AlignHCenter);
        column->addWidget(new QLabel(tr("scale"), m_columns[i]), 0, Qt::AlignHCenter);
        column->addWidget(m_values[i]);
        row->addWidget(m_columns[i]);
        const auto moved = [this, d] {
            refreshLabel(d);
            emit changed(d, bias(d), scale(d));
        };
        connect(m_bias[i], &QDial::valueChanged, this, moved);
        connect(m_scale[i], &QDial::valueChanged, this, moved);
        refreshLabel(d);
    }
    row->addStretch(1);
}

void LatentKnobs::setDimensions(int n) {
    m_dimensions = std::clamp(n, 0, kKnobs);
    for (int d = 0; d < kKnobs; ++d)
        m_columns[static_cast<std::size_t>(d)]->setVisible(d < m_dimensions);
}

void LatentKnobs::setKnob(int d, float biasValue, float scaleValue) {
    if (d < 0 || d >= kKnobs)
        return;
    const auto i = static_cast<std::size_t>(d);
    const QSignalBlocker b1(m_bias[i]), b2(m_scale[i]);
    m_bias[i]->setValue(static_cast<int>(std::lround(biasValue / kBiasRange * kSteps)));
    m_scale[i]->setValue(static_cast<int>(std::lround(scaleValue / kScaleMax * 2 * kSteps)));
    refreshLabel(d);
}

float LatentKnobs::bias(int d) const {
    return static_cast<float>(biasDial(d)->value()) / kSteps * kBiasRange;
}

float LatentKnobs::scale(int d) const {
    return static_cast<float>(scaleDial(d)->value()) / (2 * kSteps) * kScaleMax;
}

void LatentKnobs::refreshLabel(int d) {
    m_values[static_cast<std::size_t>(d)]->setText(QStringLiteral("%1%2 ×%3")
                                                       .arg(bias(d) >= 0 ? "+" : "")
                                                       .arg(bias(d), 0, 'f', 2)
                                                       .arg(scale(d), 0, 'f', 2));
}

} // namespace latentrack::ui
