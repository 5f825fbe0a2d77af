#pragma once
// Eight macro knobs of a preset model (models/preset/PresetMacros.h): each a dial −1 … 1 over
// one latent dimension, labelled with the descriptor it moves most ("centroid ↑") and how much
// it moves the sound across its turn (dB log-mel). Disabled, with the reason, for a model
// without a macro sweep. Thread: GUI.

#include <QWidget>
#include <array>
#include <vector>

class QDial;
class QLabel;

namespace latentrack::models::preset {
struct MacroDimension;
}

namespace latentrack::ui {

class MacroKnobs : public QWidget {
    Q_OBJECT
public:
    static constexpr int kKnobs = 8;
    static constexpr int kSteps = 100; ///< dial steps each side of the centre

    explicit MacroKnobs(QWidget* parent = nullptr);

    /// Labels the knobs from a sweep (fewer than eight leave the rest disabled); an empty list
    /// disables them all and shows `why`.
    void setMacros(const std::vector<models::preset::MacroDimension>& macros,
                   const QString& why = {});
    /// Moves the dials without emitting moved().
    void setPositions(const std::array<float, kKnobs>& positions);
    std::array<float, kKnobs> positions() const;
    QDial* dial(int knob) const { return m_dials[static_cast<std::size_t>(knob)]; }

signals:
    /// A knob moved by the musician or MIDI: knob 0 … 7, position −1 … 1.
    void moved(int knob, float position);

private:
    std::array<QDial*, kKnobs> m_dials{};
    std::array<QLabel*, kKnobs> m_names{};
    QLabel* m_note = nullptr;
};

} // namespace latentrack::ui
