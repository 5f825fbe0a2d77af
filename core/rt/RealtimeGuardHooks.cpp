// Hooks of the realtime guard (see RealtimeGuard.h). Linked only into tests and debug builds:
// replaces the global allocation functions and interposes pthread_mutex_lock/trylock so that
// calls made inside a ScopedRealtimeSection are counted.

#include "core/rt/RealtimeGuard.h"

#include <atomic>
#include <cstdlib>
#include <dlfcn.h>
#include <new>
#include <pthread.h>

namespace rt = latentrack::core::rt;

namespace {

struct InstallMarker {
    InstallMarker() { rt::detail::markInstalled(); }
} g_marker;

void* allocate(std::size_t size) {
    if (rt::inRealtimeSection())
        rt::detail::countAllocation();
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}

void* allocateAligned(std::size_t size, std::align_val_t align) {
    if (rt::inRealtimeSection())
        rt::detail::countAllocation();
    const auto a = static_cast<std::size_t>(align);
    const std::size_t rounded = ((size == 0 ? 1 : size) + a - 1) / a * a;
    if (void* p = std::aligned_alloc(a, rounded))
        return p;
    throw std::bad_alloc();
}

void release(void* p) noexcept {
    if (p != nullptr && rt::inRealtimeSection())
        rt::detail::countDeallocation();
    std::free(p);
}

using LockFn = int (*)(pthread_mutex_t*);
std::atomic<LockFn> g_realLock{nullptr};
std::atomic<LockFn> g_realTryLock{nullptr};

LockFn resolve(std::atomic<LockFn>& slot, const char* name) {
    LockFn fn = slot.load(std::memory_order_acquire);
    if (fn == nullptr) {
        fn = reinterpret_cast<LockFn>(dlsym(RTLD_NEXT, name));
        slot.store(fn, std::memory_order_release);
    }
    return fn;
}

} // namespace

void* operator new(std::size_t size) {
    return allocate(size);
}
void* operator new[](std::size_t size) {
    return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return allocate(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return allocate(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t a) {
    return allocateAligned(size, a);
}
void* operator new[](std::size_t size, std::align_val_t a) {
    return allocateAligned(size, a);
}
void operator delete(void* p) noexcept {
    release(p);
}
void operator delete[](void* p) noexcept {
    release(p);
}
void operator delete(void* p, std::size_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    release(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    release(p);
}

extern "C" int pthread_mutex_lock(pthread_mutex_t* mutex) {
    if (rt::inRealtimeSection())
        rt::detail::countLock();
    return resolve(g_realLock, "pthread_mutex_lock")(mutex);
}

extern "C" int pthread_mutex_trylock(pthread_mutex_t* mutex) {
    if (rt::inRealtimeSection())
        rt::detail::countLock();
    return resolve(g_realTryLock, "pthread_mutex_trylock")(mutex);
}
