#include "core/audio/JackShutdownGuard.h"

#include <atomic>
#include <dlfcn.h>

#include "core/rt/CancellationHeldOff.h"

// libjack's types, as <jack/types.h> declares them (the header is not needed for these two).
typedef struct _jack_client jack_client_t;
typedef void (*JackShutdownCallback)(void* arg);

namespace {

std::atomic<int> g_guarded{0};

struct Registration {
    JackShutdownCallback callback;
    void* arg;
};

/// Runs on libjack's client thread; not noexcept, so that a cancel acting after the callback
/// unwinds through it.
void guardedShutdown(void* p) {
    const auto* r = static_cast<const Registration*>(p);
    latentrack::core::rt::heldOffCancellation([r] { r->callback(r->arg); });
}

using OnShutdown = void (*)(jack_client_t*, JackShutdownCallback, void*);

OnShutdown libjackOnShutdown() {
    static const auto f = reinterpret_cast<OnShutdown>(dlsym(RTLD_NEXT, "jack_on_shutdown"));
    return f;
}

} // namespace

extern "C" void jack_on_shutdown(jack_client_t* client, JackShutdownCallback callback, void* arg) {
    const OnShutdown next = libjackOnShutdown();
    if (next == nullptr)
        return; // no libjack in the process: no client to call it for
    if (callback == nullptr) {
        next(client, callback, arg);
        return;
    }
    // Never freed: libjack may call it until its client is closed, and nothing tells when that
    // is. One small record per JACK stream opened (not on the audio thread).
    auto* r = new Registration{callback, arg};
    next(client, guardedShutdown, r);
    g_guarded.fetch_add(1, std::memory_order_relaxed);
}

namespace latentrack::core::audio {

int guardedJackShutdownCallbacks() noexcept {
    return g_guarded.load(std::memory_order_relaxed);
}

} // namespace latentrack::core::audio
