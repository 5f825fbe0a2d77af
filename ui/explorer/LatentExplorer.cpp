#include "ui/explorer/LatentExplorer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "core/io/AudioFile.h"
#include "models/granular/GrainStreamer.h"
#include "models/granular/GranularModel.h"
#include "ui/PlotStyle.h"
#include "ui/explorer/ExplorerController.h"
#include "ui/explorer/PathFile.h"
#include "ui/explorer/PathGeometry.h"

namespace latentrack::ui {

namespace {
const QColor kClassColours[] = {QColor(0xe6, 0x4b, 0x35), QColor(0x4d, 0xbb, 0xd5),
                                QColor(0x00, 0xa0, 0x87), QColor(0xf3, 0x9b, 0x7f),
                                QColor(0x84, 0x91, 0xb4), QColor(0x91, 0xd1, 0xc2),
                                QColor(0xcc, 0x79, 0xa7), QColor(0xb0, 0x9c, 0x85),
                                QColor(0xff, 0xd7, 0x00), QColor(0x9e, 0x7c, 0xff)};
constexpr int kPathPoints = 64;
constexpr double kGrabPixels = 8.0;     ///< how near the mouse must be to a point or segment
constexpr double kSimplifyPixels = 1.5; ///< a freehand stroke keeps the points that matter
} // namespace

LatentExplorer::LatentExplorer(QWidget* parent)
    : QWidget(parent), m_controller(new ExplorerController(this)) {
    setAcceptDrops(true);
    m_plot = new QCustomPlot(this);
    applyDarkPlotStyle(m_plot);
    m_plot->setMinimumSize(420, 320);
    m_plot->installEventFilter(this);
    m_pathCurve = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    m_pathCurve->setPen(QPen(Qt::white, 2));
    m_pathCurve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, Qt::white, 5));

    m_class = new QComboBox(this);
    m_x = new QComboBox(this);
    m_y = new QComboBox(this);
    m_loopMode = new QComboBox(this);
    m_loopMode->addItems({tr("Forward"), tr("Forward-backward")});
    m_step = new QDoubleSpinBox(this);
    m_step->setRange(0.05, 8.0);
    m_step->setValue(1.0);
    m_step->setSingleStep(0.25);
    m_step->setToolTip(tr("Path points advanced per grain (16 ms)"));
    m_randomStep = new QCheckBox(tr("Random step"), this);
    m_editPoints = new QCheckBox(tr("Edit points"), this);
    m_editPoints->setToolTip(tr("Drag a point to move it, click a segment to add a point, "
                                "right-click a point to remove it (or hold Ctrl while drawing)"));
    m_track = new QSpinBox(this);
    m_track->setRange(1, 10);
    m_morph = new QSlider(Qt::Horizontal, this);
    m_morph->setRange(0, 100);
    m_seedA = new QSpinBox(this);
    m_seedB = new QSpinBox(this);
    for (auto* s : {m_seedA, m_seedB})
        s->setRange(0, 1000000);
    m_seedB->setValue(1);
    m_status = new QLabel(this);
    auto* stop = new QPushButton(tr("Stop"), this);
    auto* clear = new QPushButton(tr("Clear"), this);
    auto* save = new QPushButton(tr("Save path…"), this);
    auto* load = new QPushButton(tr("Load path…"), this);
    auto* assign = new QPushButton(tr("Assign to track"), this);
    auto* open = new QPushButton(tr("Resynthesise audio file…"), this);
    m_record = new QPushButton(tr("Record from input"), this);
    m_record->setCheckable(true);
    m_record->setToolTip(tr("Record the audio input (up to 10 s); on stop it is resynthesised"));
    m_refineSteps = new QSpinBox(this);
    m_refineSteps->setRange(0, 1000);
    m_refineSteps->setValue(models::granular::kResynthesisRefineSteps);
    m_refineSteps->setSuffix(tr(" steps"));
    m_refineSteps->setToolTip(
        tr("Resynthesis: after the encoder, refine the latents for the sound on a worker "
           "(closer to the original; about 2 s per second of audio for 100 steps). 0: the "
           "encoder alone"));
    auto* morphPlay = new QPushButton(tr("Play morph"), this);

    auto* controls = new QGridLayout;
    int row = 0;
    controls->addWidget(new QLabel(tr("Class"), this), row, 0);
    controls->addWidget(m_class, row++, 1);
    controls->addWidget(new QLabel(tr("Map x / y"), this), row, 0);
    auto* xy = new QHBoxLayout;
    xy->addWidget(m_x);
    xy->addWidget(m_y);
    controls->addLayout(xy, row++, 1);
    controls->addWidget(new QLabel(tr("Loop"), this), row, 0);
    controls->addWidget(m_loopMode, row++, 1);
    controls->addWidget(new QLabel(tr("Step"), this), row, 0);
    controls->addWidget(m_step, row++, 1);
    controls->addWidget(m_randomStep, row++, 1);
    controls->addWidget(m_editPoints, row++, 1);
    controls->addWidget(stop, row, 0);
    controls->addWidget(clear, row++, 1);
    controls->addWidget(save, row, 0);
    controls->addWidget(load, row++, 1);
    controls->addWidget(assign, row, 0);
    controls->addWidget(m_track, row++, 1);
    controls->addWidget(open, row++, 0, 1, 2);
    controls->addWidget(m_record, row++, 0, 1, 2);
    controls->addWidget(new QLabel(tr("Refine"), this), row, 0);
    controls->addWidget(m_refineSteps, row++, 1);
    controls->addWidget(new QLabel(tr("Morph seeds A / B"), this), row, 0);
    auto* seeds = new QHBoxLayout;
    seeds->addWidget(m_seedA);
    seeds->addWidget(m_seedB);
    controls->addLayout(seeds, row++, 1);
    controls->addWidget(m_morph, row, 0);
    controls->addWidget(morphPlay, row++, 1);
    controls->setRowStretch(row, 1);
    auto* side = new QVBoxLayout;
    side->addLayout(controls);
    side->addWidget(m_status);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_plot, 1);
    layout->addLayout(side);

    connect(m_x, &QComboBox::currentIndexChanged, this, [this] { redrawMap(); });
    connect(m_y, &QComboBox::currentIndexChanged, this, [this] { redrawMap(); });
    connect(m_class, &QComboBox::currentIndexChanged, m_controller, &ExplorerController::setClass);
    connect(m_loopMode, &QComboBox::currentIndexChanged, this, [this] { startLoop(); });
    connect(m_step, &QDoubleSpinBox::valueChanged, this, [this] { startLoop(); });
    connect(m_randomStep, &QCheckBox::toggled, this, [this] { startLoop(); });
    connect(stop, &QPushButton::clicked, m_controller, &ExplorerController::silence);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_controller->stopRefining();
        m_path.clear();
        redrawPath();
        m_controller->silence();
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString f =
            QFileDialog::getSaveFileName(this, tr("Save path"), QString(), tr("Paths (*.json)"));
        QString error;
        if (!f.isEmpty() && !savePath(f, &error))
            emit message(error);
    });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString f =
            QFileDialog::getOpenFileName(this, tr("Load path"), QString(), tr("Paths (*.json)"));
        QString error;
        if (!f.isEmpty() && !loadPath(f, &error))
            emit message(error);
    });
    connect(assign, &QPushButton::clicked, this, [this] {
        if (m_model && m_path.size() >= 2)
            emit assignRequested(m_track->value() - 1, pathLatents(m_model->config().numGrains),
                                 m_class->currentIndex());
    });
    connect(open, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Audio to resynthesise"));
        if (!f.isEmpty())
            openAudio(f);
    });
    connect(m_record, &QPushButton::toggled, this, &LatentExplorer::recordRequested);
    connect(morphPlay, &QPushButton::clicked, this, [this] { playMorph(); });
    connect(m_morph, &QSlider::sliderReleased, this, [this] { playMorph(); });
    connect(m_controller, &ExplorerController::seriesPlaying, this, &LatentExplorer::drawSeries);
    connect(m_controller, &ExplorerController::status, m_status, &QLabel::setText);
    connect(m_controller, &ExplorerController::message, this, &LatentExplorer::message);
    connect(m_controller, &ExplorerController::refined, this, &LatentExplorer::resynthesisRefined);
    setModel(nullptr, nullptr);
}

LatentExplorer::~LatentExplorer() = default;

bool LatentExplorer::refining() const {
    return m_controller->refining();
}

int LatentExplorer::currentClass() const {
    return std::max(0, m_class->currentIndex());
}

void LatentExplorer::setModel(models::granular::GranularModel* model,
                              models::granular::GrainStreamer* streamer) {
    m_controller->setModel(model, streamer);
    m_model = model;
    const QSignalBlocker b1(m_class), b2(m_x), b3(m_y);
    m_class->clear();
    m_x->clear();
    m_y->clear();
    if (m_model) {
        for (const auto& c : m_model->classes())
            m_class->addItem(QString::fromStdString(c));
        const auto& map = m_model->grainMap();
        for (int k = 0; k < map.numComponents; ++k) {
            const QString name =
                tr("PC%1 (%2 %)")
                    .arg(k + 1)
                    .arg(100.0 * map.explained[static_cast<std::size_t>(k)], 0, 'f', 0);
            m_x->addItem(name);
            m_y->addItem(name);
        }
        m_y->setCurrentIndex(std::min(1, map.numComponents - 1));
    }
    setEnabled(m_model != nullptr);
    m_status->setText(m_model ? tr("Draw on the map; drop an audio file to resynthesise it")
                              : tr("No neural model loaded"));
    redrawMap();
}

int LatentExplorer::componentX() const {
    return std::max(0, m_x->currentIndex());
}
int LatentExplorer::componentY() const {
    return std::max(0, m_y->currentIndex());
}

void LatentExplorer::redrawMap() {
    for (int i = m_plot->graphCount() - 1; i >= 0; --i)
        m_plot->removeGraph(i);
    if (m_model && m_model->grainMap().numPoints() > 0) {
        const auto& map = m_model->grainMap();
        const int k = map.numComponents;
        for (int c = 0; c < static_cast<int>(m_model->classes().size()); ++c) {
            QVector<double> xs, ys;
            for (int i = 0; i < map.numPoints(); ++i)
                if (map.pointClass[static_cast<std::size_t>(i)] == c) {
                    xs.push_back(map.points[static_cast<std::size_t>(i * k + componentX())]);
                    ys.push_back(map.points[static_cast<std::size_t>(i * k + componentY())]);
                }
            auto* g = m_plot->addGraph();
            g->setName(QString::fromStdString(m_model->classes()[static_cast<std::size_t>(c)]));
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc,
                                               kClassColours[c % std::size(kClassColours)], 3));
            g->setData(xs, ys); // a scatter: QCPGraph sorts the points by x itself
        }
        m_plot->legend->setVisible(true);
        m_plot->rescaleAxes();
    }
    m_plot->xAxis->setLabel(m_x->currentText());
    m_plot->yAxis->setLabel(m_y->currentText());
    redrawPath();
}

void LatentExplorer::redrawPath() {
    QVector<double> xs, ys;
    for (const auto& p : m_path) {
        xs.push_back(p.x());
        ys.push_back(p.y());
    }
    m_pathCurve->setData(xs, ys);
    m_plot->replot();
}

std::vector<float> LatentExplorer::latentAt(const QPointF& p) const {
    const auto& map = m_model->grainMap();
    std::vector<float> coords(static_cast<std::size_t>(map.numComponents), 0.0f);
    coords[static_cast<std::size_t>(componentX())] = static_cast<float>(p.x());
    if (componentY() != componentX())
        coords[static_cast<std::size_t>(componentY())] = static_cast<float>(p.y());
    return map.unproject(coords, m_model->config().latentDim);
}

std::vector<std::vector<float>> LatentExplorer::pathLatents(int numPoints) const {
    std::vector<std::vector<float>> out;
    if (!m_model || m_path.empty())
        return out;
    // Resample evenly by arc length.
    std::vector<double> length{0.0};
    for (std::size_t i = 1; i < m_path.size(); ++i) {
        const auto d = m_path[i] - m_path[i - 1];
        length.push_back(length.back() + std::hypot(d.x(), d.y()));
    }
    for (int n = 0; n < numPoints; ++n) {
        const double s = numPoints > 1 ? length.back() * n / (numPoints - 1) : 0.0;
        const auto it = std::lower_bound(length.begin(), length.end(), s);
        const auto j = static_cast<std::size_t>(std::max<std::ptrdiff_t>(1, it - length.begin()));
        QPointF p = m_path.front();
        if (j < m_path.size()) {
            const double span = length[j] - length[j - 1];
            const double t = span > 0 ? (s - length[j - 1]) / span : 0.0;
            p = m_path[j - 1] + t * (m_path[j] - m_path[j - 1]);
        }
        out.push_back(latentAt(p));
    }
    return out;
}

void LatentExplorer::startLoop() {
    m_controller->loop(currentClass(), pathLatents(kPathPoints),
                       static_cast<float>(m_step->value()), m_loopMode->currentIndex() == 1,
                       m_randomStep->isChecked());
}

void LatentExplorer::setPath(const std::vector<QPointF>& points) {
    m_controller->stopRefining();
    m_path = points;
    redrawPath();
    startLoop();
}

std::vector<QPointF> LatentExplorer::pathPixels() const {
    std::vector<QPointF> px;
    px.reserve(m_path.size());
    for (const auto& p : m_path)
        px.emplace_back(m_plot->xAxis->coordToPixel(p.x()), m_plot->yAxis->coordToPixel(p.y()));
    return px;
}

bool LatentExplorer::editPoint(QEvent::Type type, Qt::MouseButton button, QPointF pixel,
                               QPointF p) {
    if (type == QEvent::MouseButtonPress && button == Qt::RightButton) {
        const int i = path::nearestPoint(pathPixels(), pixel, kGrabPixels);
        if (i >= 0 && m_path.size() > 2) {
            m_path.erase(m_path.begin() + i);
            redrawPath();
            startLoop();
        }
        return true;
    }
    if (type == QEvent::MouseButtonPress && button == Qt::LeftButton) {
        const auto px = pathPixels();
        m_dragIndex = path::nearestPoint(px, pixel, kGrabPixels);
        if (m_dragIndex < 0) {
            const int segment = path::nearestSegment(px, pixel, kGrabPixels);
            if (segment < 0)
                return true; // off the path: nothing to edit
            m_dragIndex = segment + 1;
            m_path.insert(m_path.begin() + m_dragIndex, p);
        }
    } else if (type == QEvent::MouseMove && m_dragIndex >= 0) {
        m_path[static_cast<std::size_t>(m_dragIndex)] = p;
    } else if (type == QEvent::MouseButtonRelease && m_dragIndex >= 0) {
        m_dragIndex = -1;
        redrawPath();
        startLoop();
        return true;
    } else {
        return false;
    }
    // Hear the point being moved.
    m_controller->follow(currentClass(), latentAt(m_path[static_cast<std::size_t>(m_dragIndex)]));
    redrawPath();
    return true;
}

bool LatentExplorer::eventFilter(QObject* watched, QEvent* event) {
    if (watched != m_plot || !m_model)
        return QWidget::eventFilter(watched, event);
    const auto type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove &&
        type != QEvent::MouseButtonRelease)
        return QWidget::eventFilter(watched, event);
    auto* e = static_cast<QMouseEvent*>(event);
    const QPointF p(m_plot->xAxis->pixelToCoord(e->position().x()),
                    m_plot->yAxis->pixelToCoord(e->position().y()));
    const bool editing = m_editPoints->isChecked() || e->modifiers().testFlag(Qt::ControlModifier);
    if (type == QEvent::MouseButtonPress)
        m_controller->stopRefining(); // the musician takes over the path
    if (!m_drawing && (editing || m_dragIndex >= 0) && m_path.size() >= 2 &&
        editPoint(type, e->button(), e->position(), p))
        return true;
    if (type == QEvent::MouseButtonPress && e->button() == Qt::LeftButton) {
        m_drawing = true;
        m_path = {p};
    } else if (type == QEvent::MouseMove && m_drawing) {
        m_path.push_back(p);
    } else if (type == QEvent::MouseButtonRelease && m_drawing) {
        m_drawing = false;
        m_path.push_back(p);
        // Keep the points that shape the stroke, so that each can be edited.
        std::vector<QPointF> kept;
        for (int i : path::simplify(pathPixels(), kSimplifyPixels))
            kept.push_back(m_path[static_cast<std::size_t>(i)]);
        m_path = std::move(kept);
        redrawPath();
        startLoop();
        return true;
    } else {
        return QWidget::eventFilter(watched, event);
    }
    m_controller->follow(currentClass(), latentAt(p));
    redrawPath();
    return true;
}

void LatentExplorer::setRecording(bool on) {
    const QSignalBlocker block(m_record);
    m_record->setChecked(on);
    m_record->setText(on ? tr("Stop recording") : tr("Record from input"));
    if (on)
        m_status->setText(tr("Recording the audio input…"));
}

void LatentExplorer::drawSeries(const models::granular::LatentSeries& z) {
    if (!m_model)
        return;
    const auto& map = m_model->grainMap();
    m_path.clear();
    for (int i = 0; i < z.numGrains; ++i) {
        const auto c = map.project(z.grain(i), z.latentDim);
        m_path.emplace_back(c[static_cast<std::size_t>(componentX())],
                            c[static_cast<std::size_t>(componentY())]);
    }
    redrawPath();
}

void LatentExplorer::setRefineSteps(int steps) {
    m_refineSteps->setValue(steps);
}

int LatentExplorer::refineSteps() const {
    return m_refineSteps->value();
}

void LatentExplorer::resynthesize(const std::vector<float>& audio) {
    m_controller->resynthesize(audio, currentClass(), m_refineSteps->value());
}

void LatentExplorer::openAudio(const QString& file) {
    try {
        auto s = core::io::readAudioFile(file.toStdString());
        s = core::io::resample(s, m_model->sampleRate());
        resynthesize(core::io::toMono(s));
    } catch (const std::exception& e) {
        emit message(tr("Cannot resynthesise %1: %2").arg(file, QString::fromUtf8(e.what())));
    }
}

void LatentExplorer::playMorph() {
    if (!m_model)
        return;
    m_controller->morph(currentClass(), static_cast<std::uint64_t>(m_seedA->value()),
                        static_cast<std::uint64_t>(m_seedB->value()),
                        static_cast<float>(m_morph->value()) / 100.0f);
    m_status->setText(tr("Morph %1 % between notes %2 and %3")
                          .arg(m_morph->value())
                          .arg(m_seedA->value())
                          .arg(m_seedB->value()));
}

void LatentExplorer::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void LatentExplorer::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && m_model)
        openAudio(urls.front().toLocalFile());
}

bool LatentExplorer::savePath(const QString& file, QString* error) const {
    return savePathFile(file, {m_class->currentText(), componentX(), componentY(), m_path}, error);
}

bool LatentExplorer::loadPath(const QString& file, QString* error) {
    const auto path = loadPathFile(file, error);
    if (!path)
        return false;
    const int cls = m_class->findText(path->className);
    if (cls >= 0)
        m_class->setCurrentIndex(cls);
    m_x->setCurrentIndex(path->componentX);
    m_y->setCurrentIndex(path->componentY);
    setPath(path->points);
    return true;
}

} // namespace latentrack::ui
