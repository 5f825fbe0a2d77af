#include "Progress.h"

#include <cstdio>

namespace latentrack::app {

namespace {
constexpr int kWidth = 24;

std::string bar(int done, int total) {
    const int filled = total > 0 ? kWidth * done / total : kWidth;
    std::string b(static_cast<std::size_t>(filled), '#');
    b.resize(kWidth, '.');
    return b;
}
} // namespace

std::string clockText(double seconds) {
    const auto s = static_cast<long>(seconds + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

void printProgress(const models::granular::TrainProgress& p) {
    std::fprintf(stderr, "\r[%s] %-6s %6d/%d", bar(p.step, p.totalSteps).c_str(), p.phase.c_str(),
                 p.step, p.totalSteps);
    for (const auto& [name, value] : p.losses)
        std::fprintf(stderr, "  %s %.4f", name.c_str(), value);
    std::fprintf(stderr, "  %.2f steps/s  ETA %s ", p.stepsPerSecond,
                 clockText(p.etaSeconds).c_str());
    if (p.step == p.totalSteps)
        std::fprintf(stderr, "\n");
    std::fflush(stderr);
}

void printCount(const std::string& label, int done, int total) {
    std::fprintf(stderr, "\r[%s] %s %d/%d ", bar(done, total).c_str(), label.c_str(), done, total);
    if (done >= total)
        std::fprintf(stderr, "\n");
    std::fflush(stderr);
}

} // namespace latentrack::app
