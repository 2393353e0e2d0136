# Every third-party library ill uses, from Debian 12's packages (see scripts/setup).
# CMake config packages where Debian ships one, CMake's Find modules next, pkg-config otherwise.

find_package(Threads REQUIRED)

# Shipped CMake config packages
find_package(CLI11 2.1 CONFIG REQUIRED)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
find_package(spdlog 1.10 CONFIG REQUIRED)
find_package(fmt 9 CONFIG REQUIRED)
find_package(tl-expected 1.0 CONFIG REQUIRED)
find_package(tomlplusplus 3 CONFIG REQUIRED)
find_package(date CONFIG REQUIRED)

# CMake's own Find modules
find_package(SQLite3 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(CURL REQUIRED)

# pkg-config only
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM  REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(MHD     REQUIRED IMPORTED_TARGET libmicrohttpd)
pkg_check_modules(LIBSSH2 REQUIRED IMPORTED_TARGET libssh2)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo cairo-pdf cairo-svg cairo-png)
pkg_check_modules(OATH    REQUIRED IMPORTED_TARGET liboath)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)

# Standalone Asio ships neither a CMake config nor a .pc file: a small INTERFACE target.
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(asio INTERFACE)
target_include_directories(asio SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
target_compile_definitions(asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
target_link_libraries(asio INTERFACE Threads::Threads)

if(ILL_BUILD_TESTS)
  find_package(Catch2 2 CONFIG REQUIRED)
  include(Catch)
endif()
