#pragma once
// The latent knobs of a TorchScript (nn~ / RAVE) model in the fader tab, Neutone-style: for
// each of the first dimensions (up to 8) a bias dial (−kBiasRange … kBiasRange latent units)
// and a scale dial (0 … kScaleMax), z ← z · scale + bias, shown in place of the descriptor
// faders for models without attributes. Each dial is a registered parameter
// (ts.z<k>.bias / ts.z<k>.scale) for MIDI learn and OSC. Thread: GUI.

#include <QGroupBox>
#include <array>

class QDial;
class QLabel;

namespace latentrack::ui {

class LatentKnobs : public QGroupBox {
    Q_OBJECT
public:
    static constexpr int kKnobs = 8;
    static constexpr float kBiasRange = 4.0f;
    static constexpr float kScaleMax = 2.0f;
    static constexpr int kSteps = 100; ///< bias dial −100 … 100, scale dial 0 … 200

    explicit LatentKnobs(QWidget* parent);

    /// Shows the first `n` (0 … kKnobs) dimensions' dials.
    void setDimensions(int n);
    int dimensions() const { return m_dimensions; }
    /// Moves dimension `d`'s dials without emitting changed().
    void setKnob(int d, float bias, float scale);
    QDial* biasDial(int d) const { return m_bias.at(static_cast<std::size_t>(d)); }
    QDial* scaleDial(int d) const { return m_scale.at(static_cast<std::size_t>(d)); }
    float bias(int d) const;
    float scale(int d) const;

signals:
    /// A dial of dimension `d` moved (by the mouse, MIDI or OSC).
    void changed(int d, float bias, float scale);

private:
    void refreshLabel(int d);
    int m_dimensions = kKnobs;
    std::array<QWidget*, kKnobs> m_columns{};
    std::array<QDial*, kKnobs> m_bias{};
    std::array<QDial*, kKnobs> m_scale{};
    std::array<QLabel*, kKnobs> m_values{};
};

} // namespace latentrack::ui
