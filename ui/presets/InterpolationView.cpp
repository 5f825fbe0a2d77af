// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/preset/PresetInference.h"
#include "models/preset/PresetInterpolation.h"

#include "ui/presets/InterpolationView.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <qcustomplot.h>

#include "core/fm/SysEx.h"
#include "ui/PlotStyle.h"
#include "ui/fm/FmUnit.h"
#include "ui/instrument/Instrument.h"
#include "ui/presets/PresetPixmaps.h"

namespace latentrack::ui {

namespace preset = models::preset;
namespace fm = core::fm;

namespace {

/// The 144 learnable parameters: every numeric voice parameter but transpose.
constexpr int kPlottedParams = static_cast<int>(fm::VoiceParam::Transpose);

} // namespace

/// What the worker computes for one request (see the header).
struct InterpolationWork {
    std::unique_ptr<const preset::LatentPath> path;
    std::array<std::vector<fm::DxVoice>, 2> rows;
    std::array<std::vector<core::dsp::LogMel>, 2> mels;
    std::string error;  ///< set when the model refused the voices
    int generation = 0; ///< the request it answers (InterpolationView::m_generation)
};

namespace {

/// The worker's job: its own inferencer (own renderer, the bundle's weights shared read-only).
std::shared_ptr<InterpolationWork> computeRows(preset::PresetBundle bundle, fm::DxVoice a,
                                               fm::DxVoice b, int steps, int generation) {
    auto work = std::make_shared<InterpolationWork>();
    work->generation = generation;
    try {
        preset::PresetInferencer inf(std::move(bundle));
        work->path = std::make_unique<const preset::LatentPath>(inf, a, b);
        work->rows[InterpolationView::Latent] = work->path->steps(inf, steps);
        work->rows[InterpolationView::Naive] = preset::naiveInterpolation(a, b, steps);
        for (std::size_t r = 0; r < work->rows.size(); ++r)
            for (const auto& v : work->rows[r])
                work->mels[r].push_back(inf.renderer().renderLogMel(v));
    } catch (const std::exception& e) {
        work->error = e.what();
    }
    return work;
}

} // namespace

InterpolationView::InterpolationView(InstrumentHost& host, FmUnit& fm,
                                     std::function<preset::PresetInferencer*()> model,
                                     QWidget* parent)
    : QWidget(parent), m_host(host), m_fm(fm), m_model(std::move(model)) {
    auto* layout = new QVBoxLayout(this);
    auto* ends = new QHBoxLayout;
    for (int e = 0; e < 2; ++e) {
        auto* combo = new QComboBox(this);
        combo->setMinimumContentsLength(14);
        auto* current = new QPushButton(tr("← FM voice"), this);
        current->setToolTip(tr("The voice the FM synth plays now (inferred or edited)"));
        m_endLabel[static_cast<std::size_t>(e)] = new QLabel(this);
        ends->addWidget(new QLabel(e == 0 ? tr("A") : tr("B"), this));
        ends->addWidget(combo);
        ends->addWidget(current);
        ends->addWidget(m_endLabel[static_cast<std::size_t>(e)]);
        ends->addSpacing(12);
        m_bank[static_cast<std::size_t>(e)] = combo;
        connect(combo, &QComboBox::activated, this, [this, e](int i) {
            const auto& bank = m_fm.bankVoices();
            if (i > 0 && i <= static_cast<int>(bank.size()))
                setEnd(e, bank[static_cast<std::size_t>(i - 1)]);
        });
        connect(current, &QPushButton::clicked, this,
                [this, e] { setEnd(e, m_host.project().fm.voice); });
    }
    m_steps = new QSpinBox(this);
    m_steps->setRange(2, 16);
    m_steps->setValue(7);
    auto* go = new QPushButton(tr("Interpolate"), this);
    auto* exportButton = new QPushButton(tr("Export cartridge…"), this);
    ends->addWidget(new QLabel(tr("Steps"), this));
    ends->addWidget(m_steps);
    ends->addWidget(go);
    ends->addStretch(1);
    ends->addWidget(exportButton);
    layout->addLayout(ends);

    const QString names[2] = {tr("Latent pace (even steps of sound, as the model hears it)"),
                              tr("Naive (the parameters)")};
    for (int r = 0; r < 2; ++r) {
        const auto i = static_cast<std::size_t>(r);
        layout->addWidget(new QLabel(names[r], this));
        m_thumbs[i] = new QGridLayout;
        m_thumbs[i]->setAlignment(Qt::AlignLeft);
        layout->addLayout(m_thumbs[i]);
        m_plots[i] = new QCustomPlot(this);
        applyDarkPlotStyle(m_plots[i]);
        m_plots[i]->setMinimumHeight(110);
        m_plots[i]->xAxis->setLabel(tr("step"));
        m_plots[i]->yAxis->setLabel(tr("parameter (0–1 of range)"));
        m_plots[i]->yAxis->setRange(0.0, 1.0);
        layout->addWidget(m_plots[i], 1);
    }

    auto* morphRow = new QHBoxLayout;
    m_morph = new QSlider(Qt::Horizontal, this);
    m_morph->setRange(0, kMorphSteps);
    m_morph->setToolTip(tr("Morph from A to B; right-click for MIDI learn"));
    auto* latent = new QRadioButton(tr("latent"), this);
    auto* naive = new QRadioButton(tr("parameters"), this);
    latent->setChecked(true);
    m_mode = new QButtonGroup(this);
    m_mode->addButton(latent, Latent);
    m_mode->addButton(naive, Naive);
    m_morphInfo = new QLabel(this);
    morphRow->addWidget(new QLabel(tr("Morph A → B"), this));
    morphRow->addWidget(m_morph, 1);
    morphRow->addWidget(latent);
    morphRow->addWidget(naive);
    morphRow->addWidget(m_morphInfo);
    layout->addLayout(morphRow);

    connect(go, &QPushButton::clicked, this, [this] { interpolate(); });
    connect(m_steps, &QSpinBox::valueChanged, this, [this](int n) {
        m_host.project().presets.morphSteps = n;
        m_host.markModified();
    });
    connect(m_morph, &QSlider::valueChanged, this,
            [this](int v) { setMorph(static_cast<double>(v) / kMorphSteps); });
    connect(m_mode, &QButtonGroup::idClicked, this, [this](int id) {
        m_host.project().presets.morphLatent = id == Latent;
        m_host.markModified();
        setMorph(static_cast<double>(m_morph->value()) / kMorphSteps);
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export the steps"), {},
                                                       tr("DX7 cartridge (*.syx)"));
        if (!f.isEmpty())
            exportCartridge(f);
    });
    m_work = new QFutureWatcher<std::shared_ptr<InterpolationWork>>(this);
    connect(m_work, &QFutureWatcherBase::finished, this, [this] { finishWork(); });
    fillBankCombos();
    updateEndLabels();
}

InterpolationView::~InterpolationView() {
    m_work->disconnect(this);
    m_work->waitForFinished(); // the worker holds copies only; it just has to end
}

void InterpolationView::showEvent(QShowEvent* event) {
    fillBankCombos(); // the FM tab may have loaded another bank
    QWidget::showEvent(event);
}

void InterpolationView::fillBankCombos() {
    const auto& bank = m_fm.bankVoices();
    for (auto* combo : m_bank) {
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(tr("from the bank…"));
        for (std::size_t v = 0; v < bank.size(); ++v)
            combo->addItem(
                QStringLiteral("%1 %2").arg(v + 1).arg(QString::fromStdString(bank[v].name())));
    }
}

std::optional<fm::DxVoice> InterpolationView::end(int e) const {
    const auto& p = m_host.project().presets;
    return e == 0 ? p.morphA : p.morphB;
}

void InterpolationView::updateEndLabels() {
    for (int e = 0; e < 2; ++e) {
        const auto v = end(e);
        m_endLabel[static_cast<std::size_t>(e)]->setText(
            v ? QStringLiteral("“%1”").arg(QString::fromStdString(v->name())) : tr("(not set)"));
    }
}

void InterpolationView::setEnd(int e, const fm::DxVoice& voice) {
    auto& p = m_host.project().presets;
    (e == 0 ? p.morphA : p.morphB) = voice;
    m_path.reset(); // the path between the ends is found again
    m_host.markModified();
    updateEndLabels();
    if (p.morphA && p.morphB)
        interpolate();
}

bool InterpolationView::interpolating() const {
    return m_work->isRunning() || m_again;
}

bool InterpolationView::interpolate() {
    const auto& p = m_host.project().presets;
    if (!p.morphA || !p.morphB) {
        m_host.showError(tr("Choose both voices, A and B, to interpolate between"));
        return false;
    }
    if (m_model() == nullptr) {
        m_host.showError(tr("Choose a preset model first"));
        return false;
    }
    if (m_work->isRunning())
        m_again = true; // finishWork() starts it
    else
        startWork();
    return true;
}

void InterpolationView::startWork() {
    m_again = false;
    const auto& p = m_host.project().presets;
    auto* inf = m_model();
    if (inf == nullptr || !p.morphA || !p.morphB)
        return;
    m_path.reset();
    m_host.showStatus(tr("Interpolating…"), 2000);
    m_work->setFuture(QtConcurrent::run(computeRows, inf->bundle(), *p.morphA, *p.morphB,
                                        m_steps->value(), ++m_generation));
}

void InterpolationView::finishWork() {
    if (m_again) { // the ends or the steps changed meanwhile: this result is stale
        startWork();
        return;
    }
    auto work = m_work->result();
    if (work->generation != m_generation)
        return; // a project was opened meanwhile
    if (!work->error.empty()) {
        m_host.showError(
            tr("Cannot interpolate these voices: %1").arg(QString::fromStdString(work->error)));
        emit interpolated(false);
        return;
    }
    m_path = std::move(work->path);
    m_rows = std::move(work->rows);
    m_mels = std::move(work->mels);
    showRow(Latent);
    showRow(Naive);
    if (std::exchange(m_morphPending, false))
        setMorph(static_cast<double>(m_host.project().presets.morph));
    emit interpolated(true);
}

void InterpolationView::showRow(Row r) {
    const auto i = static_cast<std::size_t>(r);
    auto* grid = m_thumbs[i];
    while (auto* item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (std::size_t s = 0; s < m_rows[i].size() && s < m_mels[i].size(); ++s) {
        auto* b = new QToolButton(this);
        const QPixmap pix = spectrogramPixmap(m_mels[i][s], 1);
        b->setIcon(QIcon(pix));
        b->setIconSize(pix.size());
        b->setToolTip(tr("Step %1: click to play").arg(s + 1));
        b->setObjectName(QStringLiteral("step-%1-%2").arg(r).arg(s));
        grid->addWidget(b, 0, static_cast<int>(s));
        connect(b, &QToolButton::clicked, this, [this, r, s] { playStep(r, static_cast<int>(s)); });
    }
    plotRow(r);
}

void InterpolationView::plotRow(Row r) {
    auto* plot = m_plots[static_cast<std::size_t>(r)];
    plot->clearGraphs();
    const auto& voices = m_rows[static_cast<std::size_t>(r)];
    QVector<double> x;
    for (std::size_t s = 0; s < voices.size(); ++s)
        x.push_back(static_cast<double>(s + 1));
    for (int p = 0; p < kPlottedParams; ++p) {
        QVector<double> y;
        for (const auto& v : voices)
            y.push_back(static_cast<double>(v.params[static_cast<std::size_t>(p)]) /
                        std::max(1, fm::paramMax(p)));
        auto* g = plot->addGraph();
        g->setData(x, y);
        // The six output levels in colour (how loud each operator is), the rest faint.
        const int inOp = p % fm::kOperatorParams;
        const bool level = p < fm::kNumOperators * fm::kOperatorParams &&
                           inOp == static_cast<int>(fm::OpParam::OutputLevel);
        g->setPen(level ? QPen(QColor::fromHsv(p / fm::kOperatorParams * 55, 200, 240), 2)
                        : QPen(QColor(160, 160, 160, 50), 1));
    }
    plot->xAxis->setRange(0.8, static_cast<double>(voices.size()) + 0.2);
    plot->replot();
}

bool InterpolationView::playStep(Row r, int step) {
    const auto& voices = m_rows[static_cast<std::size_t>(r)];
    if (step < 0 || step >= static_cast<int>(voices.size()))
        return false;
    m_fm.playVoice(voices[static_cast<std::size_t>(step)]);
    m_host.send(core::engine::CommandType::FmNoteOn, 100, 60);
    QTimer::singleShot(900, this,
                       [this] { m_host.send(core::engine::CommandType::FmNoteOff, 0, 60); });
    return true;
}

void InterpolationView::setMorph(double t) {
    auto& p = m_host.project().presets;
    p.morph = static_cast<float>(t);
    m_host.markModified();
    if (!p.morphA || !p.morphB)
        return;
    const bool latent = m_mode->checkedId() == Latent;
    if (latent) {
        auto* inf = m_model();
        if (inf == nullptr)
            return;
        if (!m_path) { // arriving from the worker: finishWork() loads this position
            m_morphPending = true;
            if (!interpolating())
                interpolate();
            return;
        }
        m_morphVoice = m_path->voiceAt(*inf, t, "MORPH");
    } else {
        m_morphVoice = preset::naiveVoiceAt(*p.morphA, *p.morphB, t);
        m_morphVoice.setName("MORPH");
    }
    m_fm.playVoice(m_morphVoice);
    m_morphInfo->setText(tr("%1 % B").arg(static_cast<int>(std::lround(100.0 * t))));
}

bool InterpolationView::exportCartridge(const QString& file) {
    std::vector<fm::DxVoice> voices;
    for (const auto& row : m_rows)
        for (const auto& v : row)
            if (voices.size() < 32)
                voices.push_back(v);
    if (voices.empty()) {
        m_host.showError(tr("Interpolate first: there are no steps to export"));
        return false;
    }
    while (voices.size() < 32)
        voices.push_back(fm::DxVoice::initVoice());
    try {
        fm::saveCartridgeFile(file.toStdString(), voices);
        m_host.showStatus(tr("Steps exported to %1").arg(file), 4000);
        return true;
    } catch (const std::exception& e) {
        m_host.showError(tr("Cannot export the steps: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

void InterpolationView::applyProject() {
    const auto& p = m_host.project().presets;
    {
        const QSignalBlocker a(m_steps), b(m_morph);
        m_steps->setValue(p.morphSteps);
        m_morph->setValue(static_cast<int>(std::lround(p.morph * kMorphSteps)));
        m_mode->button(p.morphLatent ? Latent : Naive)->setChecked(true);
    }
    m_path.reset();
    m_morphPending = false;
    m_again = false;
    ++m_generation; // a running worker's rows are of the old ends: finishWork() drops them
    for (auto& row : m_rows)
        row.clear();
    for (auto& mels : m_mels)
        mels.clear();
    showRow(Latent);
    showRow(Naive);
    updateEndLabels();
}

} // namespace latentrack::ui
