#pragma once
// Single-producer single-consumer ring buffer of mono float samples, lock-free and wait-free,
// for audio streamed from a worker (e.g. a neural decoder) to the audio thread.
// Thread: write() from exactly one producer thread, read() from exactly one consumer thread
// (the audio thread); available()/space() from either. No allocation after construction.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <vector>

namespace latentrack::core::rt {

class AudioRing {
public:
    /// Capacity is rounded up to a power of two ≥ `minCapacity` samples.
    explicit AudioRing(std::size_t minCapacity) {
        std::size_t c = 1;
        while (c < minCapacity)
            c <<= 1;
        m_buffer.assign(c, 0.0f);
        m_mask = c - 1;
    }

    std::size_t capacity() const noexcept { return m_buffer.size(); }
    /// Samples ready to read.
    std::size_t available() const noexcept {
        return m_write.load(std::memory_order_acquire) - m_read.load(std::memory_order_acquire);
    }
    /// Samples that can be written.
    std::size_t space() const noexcept { return capacity() - available(); }
    /// Samples written since construction (the stream position of the next write).
    std::size_t totalWritten() const noexcept { return m_write.load(std::memory_order_acquire); }
    /// Samples read since construction (the stream position being played).
    std::size_t totalRead() const noexcept { return m_read.load(std::memory_order_acquire); }

    /// Writes up to n samples; returns how many were written.
    std::size_t write(const float* data, std::size_t n) noexcept {
        const auto w = m_write.load(std::memory_order_relaxed);
        const auto r = m_read.load(std::memory_order_acquire);
        const auto count = std::min(n, capacity() - (w - r));
        for (std::size_t i = 0; i < count; ++i)
            m_buffer[(w + i) & m_mask] = data[i];
        m_write.store(w + count, std::memory_order_release);
        return count;
    }

    /// Reads up to n samples into `out`; returns how many were read.
    std::size_t read(float* out, std::size_t n) noexcept {
        const auto r = m_read.load(std::memory_order_relaxed);
        const auto w = m_write.load(std::memory_order_acquire);
        const auto count = std::min(n, w - r);
        for (std::size_t i = 0; i < count; ++i)
            out[i] = m_buffer[(r + i) & m_mask];
        m_read.store(r + count, std::memory_order_release);
        return count;
    }

private:
    std::vector<float> m_buffer;
    std::size_t m_mask = 0;
    alignas(64) std::atomic<std::size_t> m_write{0};
    alignas(64) std::atomic<std::size_t> m_read{0};
};

} // namespace latentrack::core::rt
