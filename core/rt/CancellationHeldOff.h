#pragma once
// Runs a callback on a thread that libjack may cancel asynchronously, without letting the cancel
// land inside it.
//
// libjack stops a client's thread with pthread_cancel of type PTHREAD_CANCEL_ASYNCHRONOUS
// (jack_client_close → JackPosixThread::Kill), so the cancel can act at any instruction. Landing
// inside a noexcept function (the engine's process(), the MIDI handler, a stream sentry's
// destructor) the forced unwind meets the noexcept frame and std::terminate ends the process.
// heldOffCancellation(f) runs f() with cancellation disabled (pthread_setcancelstate, a flag of
// the calling thread: no lock, no allocation, realtime-safe) and restores it afterwards; a cancel
// that arrived meanwhile acts then, in this function's frame and the library's, which unwind.
// Not an RAII guard on purpose: a destructor is noexcept, and the cancel acting inside it would
// terminate just the same.
//
// Thread: any (used on the audio and MIDI threads).

#include <pthread.h>
#include <type_traits>
#include <utility>

namespace latentrack::core::rt {

template <class F> decltype(auto) heldOffCancellation(F&& f) {
    int state = 0;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &state);
    if constexpr (std::is_void_v<decltype(std::forward<F>(f)())>) {
        std::forward<F>(f)();
        pthread_setcancelstate(state, nullptr);
    } else {
        auto result = std::forward<F>(f)();
        pthread_setcancelstate(state, nullptr);
        return result;
    }
}

} // namespace latentrack::core::rt
