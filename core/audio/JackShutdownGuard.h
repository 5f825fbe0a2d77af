#pragma once
// Keeps a vanished JACK server from ending the app in std::terminate.
//
// When its server vanishes, libjack calls the client's shutdown callback on the client's own
// thread, and closing that client (jack_client_close → JackPosixThread::Kill) cancels the same
// thread asynchronously (pthread_cancel, PTHREAD_CANCEL_ASYNCHRONOUS). RtAudio's callback
// (RtApiJack's jackShutdown) starts the thread that closes the client and then writes to
// std::cerr, so the cancel can land inside the stream sentry's destructor, which is noexcept:
// the forced unwind meets it and std::terminate ends the process ("terminate called without an
// active exception": 2 of 50 runs of JackLive.VanishedServerIsReportedNotFatal before this
// guard, 0 of 140 after).
//
// This file defines jack_on_shutdown, which the dynamic linker binds RtAudio's call to ahead of
// libjack's (a symbol of the executable interposes on a shared library's). It registers the
// callback through libjack's own jack_on_shutdown (dlsym(RTLD_NEXT)), wrapped so that the
// thread cannot be cancelled while the callback runs (pthread_setcancelstate); a cancel that
// arrived meanwhile acts once the callback has returned, in the wrapper and libjack's frames,
// which unwind. The callback, its argument and the order of events are otherwise unchanged.

namespace latentrack::core::audio {

/// How many JACK shutdown callbacks were registered through the guard since the process
/// started (one per JACK stream RtAudio opened). Any thread; lock-free.
int guardedJackShutdownCallbacks() noexcept;

} // namespace latentrack::core::audio
