#include "core/rt/RealtimeGuard.h"

#include <atomic>

namespace latentrack::core::rt {
namespace {
thread_local int t_depth = 0;
std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::uint64_t> g_deallocations{0};
std::atomic<std::uint64_t> g_locks{0};
std::atomic<bool> g_installed{false};
} // namespace

ScopedRealtimeSection::ScopedRealtimeSection() noexcept {
    ++t_depth;
}
ScopedRealtimeSection::~ScopedRealtimeSection() {
    --t_depth;
}

bool inRealtimeSection() noexcept {
    return t_depth > 0;
}

Violations violations() noexcept {
    return {g_allocations.load(std::memory_order_relaxed),
            g_deallocations.load(std::memory_order_relaxed),
            g_locks.load(std::memory_order_relaxed)};
}

void resetViolations() noexcept {
    g_allocations.store(0, std::memory_order_relaxed);
    g_deallocations.store(0, std::memory_order_relaxed);
    g_locks.store(0, std::memory_order_relaxed);
}

bool guardInstalled() noexcept {
    return g_installed.load(std::memory_order_relaxed);
}

namespace detail {
void markInstalled() noexcept {
    g_installed.store(true, std::memory_order_relaxed);
}
void countAllocation() noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
}
void countDeallocation() noexcept {
    g_deallocations.fetch_add(1, std::memory_order_relaxed);
}
void countLock() noexcept {
    g_locks.fetch_add(1, std::memory_order_relaxed);
}
} // namespace detail

} // namespace latentrack::core::rt
