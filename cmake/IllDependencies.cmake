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

# Asio 1.22 turns co_await (asio::awaitable) on for clang only when <experimental/coroutine>
# exists, i.e. with libc++ or an old libstdc++. Debian 12's libstdc++ 12 has only the C++20
# <coroutine>, which clang 14 supports, and Asio's standard-coroutine detection already picks it
# (ASIO_HAS_STD_COROUTINE): only the keyword switch is missing. Turn it on after checking that
# this compiler really builds an awaitable, for every target (illctl's sources include
# routeros/async_session.hpp without linking `asio`). GCC needs nothing.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_FLAGS "-std=c++20")
  set(CMAKE_REQUIRED_INCLUDES ${ASIO_INCLUDE_DIR})
  set(CMAKE_REQUIRED_DEFINITIONS -DASIO_STANDALONE -DASIO_HAS_CO_AWAIT=1)
  set(CMAKE_REQUIRED_LIBRARIES Threads::Threads)
  check_cxx_source_compiles([=[
    #include <asio/awaitable.hpp>
    #include <asio/co_spawn.hpp>
    #include <asio/detached.hpp>
    #include <asio/io_context.hpp>
    asio::awaitable<int> one() { co_return 1; }
    asio::awaitable<void> two(int* out) { *out = co_await one() + 1; }
    int main() {
      asio::io_context io;
      int v = 0;
      asio::co_spawn(io, two(&v), asio::detached);
      io.run();
      return v == 2 ? 0 : 1;
    }]=] ILL_ASIO_CLANG_CO_AWAIT)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_INCLUDES)
  unset(CMAKE_REQUIRED_DEFINITIONS)
  unset(CMAKE_REQUIRED_LIBRARIES)
  if(NOT ILL_ASIO_CLANG_CO_AWAIT)
    message(FATAL_ERROR "clang ${CMAKE_CXX_COMPILER_VERSION} cannot build Asio's awaitable with "
                        "<coroutine>; use clang 14 or newer (CC=clang-14 CXX=clang++-14)")
  endif()
  target_compile_definitions(asio INTERFACE ASIO_HAS_CO_AWAIT=1)
  target_compile_definitions(ill_settings INTERFACE ASIO_HAS_CO_AWAIT=1)
endif()

if(ILL_BUILD_TESTS)
  find_package(Catch2 2 CONFIG REQUIRED)
  include(Catch)
endif()
