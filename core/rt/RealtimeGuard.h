#pragma once
// Realtime-safety guard: proves in tests and debug builds that the audio callback never
// allocates, frees or locks a mutex.
//
// The audio thread wraps its work in a ScopedRealtimeSection. When the hooks object library
// (`latentrack_rtguard`, which replaces global operator new/delete and interposes
// pthread_mutex_lock) is linked into an executable, every allocation, free or lock made
// inside such a section is counted. Without the hooks the counters simply stay at zero and
// guardInstalled() is false.

#include <cstdint>

namespace latentrack::core::rt {

/// Marks the calling thread as realtime for the lifetime of the object. Nestable.
/// Thread: any (meant for the audio callback). Never blocks, never allocates.
class ScopedRealtimeSection {
public:
    ScopedRealtimeSection() noexcept;
    ~ScopedRealtimeSection();
    ScopedRealtimeSection(const ScopedRealtimeSection&) = delete;
    ScopedRealtimeSection& operator=(const ScopedRealtimeSection&) = delete;
};

/// Counts of forbidden calls seen inside realtime sections since the last reset.
struct Violations {
    std::uint64_t allocations = 0;
    std::uint64_t deallocations = 0;
    std::uint64_t locks = 0;
    std::uint64_t total() const { return allocations + deallocations + locks; }
};

/// True while the calling thread is inside a ScopedRealtimeSection.
bool inRealtimeSection() noexcept;
/// Snapshot of the counters. Thread: any.
Violations violations() noexcept;
/// Sets all counters to zero. Thread: any.
void resetViolations() noexcept;
/// True when the hooks are linked into this executable, i.e. when the counters are live.
bool guardInstalled() noexcept;

namespace detail {
// Called by the hooks only.
void markInstalled() noexcept;
void countAllocation() noexcept;
void countDeallocation() noexcept;
void countLock() noexcept;
} // namespace detail

} // namespace latentrack::core::rt
