#pragma once
// Draws a DX7 algorithm as the DX7's chart does: carriers on the bottom row, each modulator
// above what it modulates, the feedback loop as a line back to its operator. Thread: GUI.

#include <QWidget>

namespace latentrack::ui {

class AlgorithmView : public QWidget {
    Q_OBJECT
public:
    explicit AlgorithmView(QWidget* parent = nullptr);
    /// number 1 … 32; enabledMask bit (op − 1) set = operator on.
    void setAlgorithm(int number, unsigned enabledMask = 0x3F);
    int algorithm() const { return m_number; }
    QSize sizeHint() const override { return {220, 220}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int m_number = 1;
    unsigned m_mask = 0x3F;
};

} // namespace latentrack::ui
