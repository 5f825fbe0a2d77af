#include "ui/presets/PresetPixmaps.h"

#include <QImage>

#include "models/image/PngWriter.h"

namespace latentrack::ui {

QPixmap spectrogramPixmap(const core::dsp::LogMel& mel, int scale) {
    if (mel.frames == 0)
        return {};
    models::image::RgbImage img(mel.frames * scale, mel.mels * scale);
    models::image::paintSpectrogram(img, 0, 0, mel.db, mel.frames, mel.mels, -100.0f, 10.0f, scale,
                                    scale);
    QImage q(img.pixels.data(), img.width, img.height, img.width * 3, QImage::Format_RGB888);
    return QPixmap::fromImage(q.copy());
}

} // namespace latentrack::ui
