#include "embedded/hw/I2cBus.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace latentrack::embedded::hw {

namespace {
std::string hex(unsigned v) {
    char b[8];
    std::snprintf(b, sizeof b, "0x%02X", v);
    return b;
}
} // namespace

LinuxI2cBus::LinuxI2cBus(std::string device) : m_device(std::move(device)) {
    m_fd = ::open(m_device.c_str(), O_RDWR | O_CLOEXEC);
    if (m_fd < 0)
        throw HardwareError(m_device + ": cannot open the I2C bus: " + std::strerror(errno) +
                            (errno == EACCES   ? " (add the user to the i2c group)"
                             : errno == ENOENT ? " (enable the bus, load i2c-dev)"
                                               : ""));
}

LinuxI2cBus::~LinuxI2cBus() {
    if (m_fd >= 0)
        ::close(m_fd);
}

void LinuxI2cBus::select(std::uint8_t address) {
    if (address < 0x03 || address > 0x77)
        throw HardwareError(m_device + ": " + hex(address) + " is not a 7-bit device address");
    if (m_selected == address)
        return;
    if (::ioctl(m_fd, I2C_SLAVE, static_cast<unsigned long>(address)) < 0)
        throw HardwareError(m_device + ": cannot address device " + hex(address) + ": " +
                            std::strerror(errno));
    m_selected = address;
}

void LinuxI2cBus::write(std::uint8_t address, std::span<const std::uint8_t> bytes) {
    select(address);
    const auto n = ::write(m_fd, bytes.data(), bytes.size());
    if (n != static_cast<ssize_t>(bytes.size()))
        throw HardwareError(m_device + ": device " + hex(address) + " did not take a " +
                            std::to_string(bytes.size()) +
                            "-byte write: " + (n < 0 ? std::strerror(errno) : "short write"));
}

void LinuxI2cBus::read(std::uint8_t address, std::span<std::uint8_t> into) {
    select(address);
    const auto n = ::read(m_fd, into.data(), into.size());
    if (n != static_cast<ssize_t>(into.size()))
        throw HardwareError(m_device + ": device " + hex(address) + " did not answer a " +
                            std::to_string(into.size()) +
                            "-byte read: " + (n < 0 ? std::strerror(errno) : "short read"));
}

} // namespace latentrack::embedded::hw
