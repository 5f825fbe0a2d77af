#include "embedded/module/OfflineRun.h"

#include <chrono>
#include <functional>
#include <thread>

namespace latentrack::embedded::module {

OfflineResult runOffline(ModuleInstrument& rt, double seconds, double rate, int block,
                         const std::function<void(double)>& onTick) {
    OfflineResult out;
    auto& engine = rt.engine();
    engine.prepare(rate, block);
    rt.start(rate, block);
    const auto total = static_cast<std::size_t>(seconds * rate);
    out.left.assign(total, 0.0f);
    out.right.assign(total, 0.0f);
    const double tickPeriod = 1.0 / rt.config().controlRate;
    const double screenPeriod = 1.0 / rt.config().displayRate;
    double nextTick = 0.0, nextScreen = 0.0;
    for (std::size_t at = 0; at < total;) {
        const int n =
            static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(block), total - at));
        const double t = static_cast<double>(at) / rate;
        while (t >= nextTick) {
            rt.tick(nextTick);
            ++out.ticks;
            if (onTick)
                onTick(nextTick);
            nextTick += tickPeriod;
        }
        if (t >= nextScreen) {
            rt.drawDisplay();
            ++out.frames;
            nextScreen += screenPeriod;
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!rt.ready(n) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        if (!rt.ready(n))
            ++out.dryBlocks;
        rt.engine().collectGarbage();
        engine.process(out.left.data() + at, out.right.data() + at, n);
        at += static_cast<std::size_t>(n);
    }
    return out;
}

} // namespace latentrack::embedded::module
