#pragma once
// Latent-space explorer of the neural granular model ("Neural Granular Sound Synthesis"): a
// 2-D map of the grain space — the training grains projected on two principal components
// (selectable), coloured by class (QCustomPlot) — on which the musician draws trajectories
// with the mouse. While drawing, the sound follows the cursor (GrainStreamer.follow); on
// release it loops along the path (forward or forward-backward, fixed or random step).
// A drawn stroke is simplified to the points that shape it (Ramer–Douglas–Peucker); with "Edit
// points" (or Ctrl held) a point is dragged, a click on a segment inserts one, a right-click
// removes one. Paths can be cleared, saved and loaded (JSON), and assigned to a sequencer
// track, where they are stored with the project as grain latents. "Record" asks the main
// window to record the audio input (recordRequested); the recording comes back through
// resynthesize(). Any audio file can be dropped or opened for resynthesis: it is encoded, its
// path is drawn and played at once; then, when "Refine" is above 0, a worker thread refines
// the encoder's latents for that sound (LatentRefinement.h: about 2 s per second of audio for
// 100 steps on one core) and the refined path replaces the first one. Drawing, loading a path,
// morphing, a new resynthesis or a new model cancel a refinement under way.
// Morphing: two notes of a class (seeds A and B) and a slider between them in the temporal
// embedding; each position is decoded and looped.
// This widget is the map and the path; what plays (streaming, resynthesis and its refinement
// worker, morphing) is its ExplorerController.
// Thread: GUI.

#include <QEvent>
#include <QWidget>
#include <memory>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPCurve;
class QComboBox;
class QDoubleSpinBox;
class QCheckBox;
class QLabel;
class QSlider;
class QSpinBox;
class QPushButton;

namespace latentrack::models::granular {
class GranularModel;
class GrainStreamer;
struct LatentSeries;
} // namespace latentrack::models::granular

namespace latentrack::ui {

class ExplorerController;

class LatentExplorer : public QWidget {
    Q_OBJECT
public:
    explicit LatentExplorer(QWidget* parent = nullptr);
    ~LatentExplorer() override;

    /// Shows `model`'s grain map and plays through `streamer` (either may be null: disabled).
    void setModel(models::granular::GranularModel* model,
                  models::granular::GrainStreamer* streamer);

    /// The drawn path in map coordinates (component x, component y).
    const std::vector<QPointF>& path() const { return m_path; }
    /// The path as latents (numPoints rows), resampled evenly along its length.
    std::vector<std::vector<float>> pathLatents(int numPoints) const;
    /// Replaces the path (map coordinates) and starts looping along it.
    void setPath(const std::vector<QPointF>& points);
    /// Encodes `audio` (mono at the model's rate), draws its path and loops along it; then
    /// refines it on a worker (refineSteps() steps) and replaces the path when done.
    void resynthesize(const std::vector<float>& audio);
    /// Refinement steps of the next resynthesis (0: the encoder alone).
    void setRefineSteps(int steps);
    int refineSteps() const;
    /// True from resynthesize() until its refined path is shown or the refinement cancelled.
    bool refining() const;
    ExplorerController* controller() const { return m_controller; }
    bool savePath(const QString& file, QString* error) const;
    bool loadPath(const QString& file, QString* error);
    QCustomPlot* plot() const { return m_plot; }
    /// Shows whether the input is being recorded (the main window owns the recording).
    void setRecording(bool on);

signals:
    /// "Assign to track": the path decoded as one sound for `track` (0-based).
    void assignRequested(int track, std::vector<std::vector<float>> latents, int classIndex);
    void message(const QString& text);
    /// "Record from input" toggled: start (true) or stop and resynthesise (false).
    void recordRequested(bool on);
    /// The refined latents of the last resynthesis are drawn and looping.
    void resynthesisRefined();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /// Point editing; true when the event was used. `pixel` is the mouse in plot pixels, `p`
    /// the same in map coordinates.
    bool editPoint(QEvent::Type type, Qt::MouseButton button, QPointF pixel, QPointF p);
    std::vector<QPointF> pathPixels() const; ///< the path in plot pixels
    void redrawMap();
    void redrawPath();
    void startLoop();
    void openAudio(const QString& file);
    void playMorph();
    /// Draws the path of the series the controller now plays.
    void drawSeries(const models::granular::LatentSeries& z);
    std::vector<float> latentAt(const QPointF& p) const;
    int currentClass() const; ///< the class chooser, 0 when empty
    int componentX() const;
    int componentY() const;

    models::granular::GranularModel* m_model = nullptr;
    ExplorerController* m_controller;
    QCustomPlot* m_plot;
    QCPCurve* m_pathCurve = nullptr;
    QComboBox* m_class;
    QComboBox* m_x;
    QComboBox* m_y;
    QComboBox* m_loopMode;
    QDoubleSpinBox* m_step;
    QCheckBox* m_randomStep;
    QCheckBox* m_editPoints;
    QSpinBox* m_track;
    QSlider* m_morph;
    QSpinBox* m_seedA;
    QSpinBox* m_seedB;
    QLabel* m_status;
    QPushButton* m_record;
    QSpinBox* m_refineSteps;
    std::vector<QPointF> m_path;
    bool m_drawing = false;
    int m_dragIndex = -1; ///< path point being dragged, −1 when none
};

} // namespace latentrack::ui
