# Compiler settings shared by every ill target, as two INTERFACE targets to link against.

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

add_library(ill_settings INTERFACE)
# nlohmann::json's implicit conversions turn `spdlog::info("{}", json)` into a run-time throw;
# with them off it is a compile error instead (toolchain.md, "spdlog 1.10 + fmt 9.1").
target_compile_definitions(ill_settings INTERFACE JSON_USE_IMPLICIT_CONVERSIONS=0)

add_library(ill_warnings INTERFACE)
target_compile_options(ill_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                              -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
                                              # C++20 designated initializers leave members at their defaults on purpose
                                              -Wno-missing-field-initializers)
if(ILL_WERROR)
  # GCC 12 reports maybe-uninitialized falsely inside inlined library code (date.h); keep it a warning.
  target_compile_options(ill_warnings INTERFACE -Werror -Wno-error=maybe-uninitialized)
endif()

if(ILL_SANITIZE)
  set(_ill_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(ill_settings INTERFACE ${_ill_san})
  target_link_options(ill_settings INTERFACE ${_ill_san})
endif()
