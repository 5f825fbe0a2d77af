#include "embedded/module/ProcessCpuMeter.h"

#include <chrono>

#include <sys/resource.h>

namespace latentrack::embedded::module {

float ProcessCpuMeter::sample() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const double cpu = static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
                       1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (m_wall > 0.0 && wall - m_wall > 1e-3)
        m_load = static_cast<float>((cpu - m_cpu) / (wall - m_wall));
    m_wall = wall;
    m_cpu = cpu;
    return m_load;
}

} // namespace latentrack::embedded::module
