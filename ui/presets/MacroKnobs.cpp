#include "models/preset/PresetMacros.h"

#include "ui/presets/MacroKnobs.h"

#include <QDial>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace latentrack::ui {

MacroKnobs::MacroKnobs(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* grid = new QGridLayout;
    for (int k = 0; k < kKnobs; ++k) {
        auto* dial = new QDial(this);
        dial->setRange(-kSteps, kSteps);
        dial->setNotchesVisible(true);
        dial->setFixedSize(56, 56);
        dial->setEnabled(false);
        auto* name = new QLabel(tr("macro %1").arg(k + 1), this);
        name->setAlignment(Qt::AlignCenter);
        grid->addWidget(dial, 0, k, Qt::AlignHCenter);
        grid->addWidget(name, 1, k, Qt::AlignHCenter);
        m_dials[static_cast<std::size_t>(k)] = dial;
        m_names[static_cast<std::size_t>(k)] = name;
        connect(dial, &QDial::valueChanged, this, [this, k](int v) {
            emit moved(k, static_cast<float>(v) / static_cast<float>(kSteps));
        });
    }
    layout->addLayout(grid);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
}

void MacroKnobs::setMacros(const std::vector<models::preset::MacroDimension>& macros,
                           const QString& why) {
    for (int k = 0; k < kKnobs; ++k) {
        const auto i = static_cast<std::size_t>(k);
        const bool on = i < macros.size();
        m_dials[i]->setEnabled(on);
        if (!on) {
            m_names[i]->setText(tr("macro %1").arg(k + 1));
            m_dials[i]->setToolTip({});
            continue;
        }
        const auto& m = macros[i];
        m_names[i]->setText(QString::fromStdString(models::preset::macroLabel(m)));
        m_dials[i]->setToolTip(tr("Latent dimension %1: moves the sound by %2 dB (log-mel) "
                                  "over its turn; its %3 the labelled way on %4 % of the "
                                  "sweep's voices")
                                   .arg(m.dimension + 1)
                                   .arg(m.movesDb, 0, 'f', 1)
                                   .arg(QString::fromStdString(m.descriptor))
                                   .arg(100.0 * m.agreement, 0, 'f', 0));
    }
    m_note->setText(macros.empty() ? why
                                   : tr("Macros: the %1 latent dimensions that move a sound "
                                        "descriptor most reliably (the model's sweep); "
                                        "right-click for MIDI learn")
                                         .arg(macros.size()));
}

void MacroKnobs::setPositions(const std::array<float, kKnobs>& positions) {
    for (int k = 0; k < kKnobs; ++k) {
        auto* d = m_dials[static_cast<std::size_t>(k)];
        const QSignalBlocker block(d);
        d->setValue(static_cast<int>(std::lround(positions[static_cast<std::size_t>(k)] * kSteps)));
    }
}

std::array<float, MacroKnobs::kKnobs> MacroKnobs::positions() const {
    std::array<float, kKnobs> p{};
    for (int k = 0; k < kKnobs; ++k)
        p[static_cast<std::size_t>(k)] =
            static_cast<float>(m_dials[static_cast<std::size_t>(k)]->value()) / kSteps;
    return p;
}

} // namespace latentrack::ui
