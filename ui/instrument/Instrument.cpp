#include "ui/instrument/Instrument.h"

namespace latentrack::ui {

void InstrumentHost::send(core::engine::CommandType type, int track, int step, float value) {
    if (!port().push({type, static_cast<std::int16_t>(track), static_cast<std::int16_t>(step),
                      value, nullptr}))
        showStatus(QObject::tr("Engine busy: command dropped"), 3000);
}

} // namespace latentrack::ui
