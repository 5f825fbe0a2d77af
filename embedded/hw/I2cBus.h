#pragma once
// An I²C bus as the device drivers (Ads1115, Ssd1306) use it: whole write and read
// transactions to a 7-bit address. LinuxI2cBus goes through the kernel's i2c-dev
// (/dev/i2c-N: ioctl I2C_SLAVE, then write()/read()); tests use a fake that records the bytes.
//
// Thread: one thread at a time per bus (the drivers on one bus share a thread, or a bus each).
// Errors: HardwareError naming the bus, address and reason.

#include <cstdint>
#include <mutex>
#include <span>
#include <string>

#include "embedded/hw/Hardware.h"

namespace latentrack::embedded::hw {

class I2cBus {
public:
    virtual ~I2cBus() = default;
    /// Writes `bytes` to the device at `address` (0x03 … 0x77) in one transaction.
    virtual void write(std::uint8_t address, std::span<const std::uint8_t> bytes) = 0;
    /// Reads `into.size()` bytes from the device at `address` in one transaction.
    virtual void read(std::uint8_t address, std::span<std::uint8_t> into) = 0;
};

/// One bus shared by drivers on different threads (the ADC on the control thread, the screen
/// on the display thread): each transaction under a mutex, so that they interleave whole.
class SharedI2cBus final : public I2cBus {
public:
    explicit SharedI2cBus(I2cBus& bus) : m_bus(bus) {}
    void write(std::uint8_t address, std::span<const std::uint8_t> bytes) override {
        std::lock_guard lock(m_mutex);
        m_bus.write(address, bytes);
    }
    void read(std::uint8_t address, std::span<std::uint8_t> into) override {
        std::lock_guard lock(m_mutex);
        m_bus.read(address, into);
    }

private:
    I2cBus& m_bus;
    std::mutex m_mutex;
};

class LinuxI2cBus final : public I2cBus {
public:
    /// Opens `device` (e.g. "/dev/i2c-1"). Throws HardwareError when it cannot (missing device
    /// node, no permission: add the user to the i2c group).
    explicit LinuxI2cBus(std::string device);
    ~LinuxI2cBus() override;
    LinuxI2cBus(const LinuxI2cBus&) = delete;
    LinuxI2cBus& operator=(const LinuxI2cBus&) = delete;

    void write(std::uint8_t address, std::span<const std::uint8_t> bytes) override;
    void read(std::uint8_t address, std::span<std::uint8_t> into) override;

private:
    void select(std::uint8_t address);
    std::string m_device;
    int m_fd = -1;
    int m_selected = -1;
};

} // namespace latentrack::embedded::hw
