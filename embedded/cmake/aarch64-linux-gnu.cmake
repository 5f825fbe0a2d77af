# Cross-compiling core, models and embedded for a 64-bit ARM Linux (a Jetson) with Debian's
# g++-aarch64-linux-gnu against a Debian 12 arm64 sysroot (scripts/arm64-sysroot.sh). The
# tests run through qemu-aarch64 (CMAKE_CROSSCOMPILING_EMULATOR; no binfmt needed).
#
#   cmake -S . -B build-aarch64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=embedded/cmake/aarch64-linux-gnu.cmake \
#     -DLATENTRACK_ARM64_SYSROOT=$PWD/build-aarch64-sysroot
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

# A cache variable survives CMake's re-reads of this file at each re-configure, and try_compile
# projects get it through CMAKE_TRY_COMPILE_PLATFORM_VARIABLES: without both, --sysroot is
# silently dropped on a re-configure.
set(LATENTRACK_ARM64_SYSROOT "" CACHE PATH "Debian 12 arm64 sysroot (scripts/arm64-sysroot.sh)")
if(NOT LATENTRACK_ARM64_SYSROOT AND DEFINED ENV{LATENTRACK_ARM64_SYSROOT})
  set(LATENTRACK_ARM64_SYSROOT "$ENV{LATENTRACK_ARM64_SYSROOT}" CACHE PATH "" FORCE)
endif()
if(NOT LATENTRACK_ARM64_SYSROOT OR NOT EXISTS "${LATENTRACK_ARM64_SYSROOT}/usr/include")
  message(FATAL_ERROR "LATENTRACK_ARM64_SYSROOT (\"${LATENTRACK_ARM64_SYSROOT}\") is not an arm64 "
                      "sysroot: build one with scripts/arm64-sysroot.sh")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES LATENTRACK_ARM64_SYSROOT)

set(CMAKE_SYSROOT "${LATENTRACK_ARM64_SYSROOT}")
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH "${LATENTRACK_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L "${LATENTRACK_ARM64_SYSROOT}")

# pkg-config reads the sysroot's .pc files (Debian's use prefix=/usr).
set(ENV{PKG_CONFIG_DIR} "")
set(ENV{PKG_CONFIG_LIBDIR}
    "${LATENTRACK_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${LATENTRACK_ARM64_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${LATENTRACK_ARM64_SYSROOT}")
# Shared libraries that link other shared libraries of the sysroot find them there.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-Wl,-rpath-link,${LATENTRACK_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu -Wl,-rpath-link,${LATENTRACK_ARM64_SYSROOT}/lib/aarch64-linux-gnu")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${CMAKE_EXE_LINKER_FLAGS_INIT}")
