#include "ui/fm/KeyboardWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

namespace latentrack::ui {

namespace {
constexpr bool kBlack[12] = {false, true,  false, true,  false, false,
                             true,  false, true,  false, true,  false};
constexpr int kWhiteIndex[12] = {0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5, 6};
} // namespace

KeyboardWidget::KeyboardWidget(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(70);
}

void KeyboardWidget::setLowestNote(int note) {
    m_lowest = std::clamp(note - note % 12, 0, 96);
    update();
}

void KeyboardWidget::setNoteLit(int note, bool lit) {
    if (lit)
        m_lit.insert(note);
    else
        m_lit.erase(note);
    update();
}

int KeyboardWidget::noteAt(QPoint pos) const {
    const int whites = m_octaves * 7;
    const double ww = width() / static_cast<double>(whites);
    if (pos.x() < 0 || pos.x() >= width() || pos.y() < 0 || pos.y() >= height())
        return -1;
    if (pos.y() < height() * 0.6) {
        for (int n = 0; n < m_octaves * 12; ++n) {
            if (!kBlack[n % 12])
                continue;
            const double x = (n / 12 * 7 + kWhiteIndex[n % 12] + 1) * ww - ww * 0.3;
            if (pos.x() >= x && pos.x() < x + ww * 0.6)
                return m_lowest + n;
        }
    }
    const int white = static_cast<int>(pos.x() / ww);
    static constexpr int kWhiteNotes[7] = {0, 2, 4, 5, 7, 9, 11};
    return m_lowest + white / 7 * 12 + kWhiteNotes[white % 7];
}

void KeyboardWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int whites = m_octaves * 7;
    const double ww = width() / static_cast<double>(whites);
    for (int n = 0; n < m_octaves * 12; ++n) {
        if (kBlack[n % 12])
            continue;
        const QRectF r((n / 12 * 7 + kWhiteIndex[n % 12]) * ww, 0, ww, height() - 1);
        p.setBrush(m_lit.count(m_lowest + n) ? QColor(255, 170, 40) : Qt::white);
        p.setPen(Qt::black);
        p.drawRect(r);
        if (n % 12 == 0)
            p.drawText(r.adjusted(0, 0, 0, -4), Qt::AlignBottom | Qt::AlignHCenter,
                       QStringLiteral("C%1").arg((m_lowest + n) / 12 - 2));
    }
    for (int n = 0; n < m_octaves * 12; ++n) {
        if (!kBlack[n % 12])
            continue;
        const QRectF r((n / 12 * 7 + kWhiteIndex[n % 12] + 1) * ww - ww * 0.3, 0, ww * 0.6,
                       height() * 0.6);
        p.setBrush(m_lit.count(m_lowest + n) ? QColor(255, 170, 40) : Qt::black);
        p.drawRect(r);
    }
}

void KeyboardWidget::mousePressEvent(QMouseEvent* e) {
    m_mouseNote = noteAt(e->position().toPoint());
    if (m_mouseNote < 0)
        return;
    const int velocity =
        std::clamp(static_cast<int>(127.0 * e->position().y() / height()) + 1, 1, 127);
    setNoteLit(m_mouseNote, true);
    emit noteOn(m_mouseNote, velocity);
}

void KeyboardWidget::mouseMoveEvent(QMouseEvent* e) {
    const int note = noteAt(e->position().toPoint());
    if (m_mouseNote < 0 || note == m_mouseNote)
        return;
    mouseReleaseEvent(e);
    mousePressEvent(e);
}

void KeyboardWidget::mouseReleaseEvent(QMouseEvent*) {
    if (m_mouseNote < 0)
        return;
    setNoteLit(m_mouseNote, false);
    emit noteOff(m_mouseNote);
    m_mouseNote = -1;
}

int KeyboardWidget::keyToNote(int key) const {
    static const QString lower = QStringLiteral("ZSXDCVGBHNJM");
    static const QString upper = QStringLiteral("Q2W3ER5T6Y7U");
    const QChar c(key);
    if (int i = lower.indexOf(c); i >= 0)
        return m_lowest + 12 + i;
    if (int i = upper.indexOf(c); i >= 0)
        return m_lowest + 24 + i;
    return -1;
}

void KeyboardWidget::keyPressEvent(QKeyEvent* e) {
    const int note = keyToNote(e->key());
    if (note < 0 || e->isAutoRepeat()) {
        QWidget::keyPressEvent(e);
        return;
    }
    setNoteLit(note, true);
    emit noteOn(note, 100);
}

void KeyboardWidget::keyReleaseEvent(QKeyEvent* e) {
    const int note = keyToNote(e->key());
    if (note < 0 || e->isAutoRepeat()) {
        QWidget::keyReleaseEvent(e);
        return;
    }
    setNoteLit(note, false);
    emit noteOff(note);
}

} // namespace latentrack::ui
