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

# ILL_FUZZ: libFuzzer targets (tests/fuzz) with clang. Every ill source is instrumented for
# coverage (-fsanitize=fuzzer-no-link) and checked by ASan+UBSan, so the fuzzer sees the
# library's branches, not only the harness's; the fuzz executables alone link libFuzzer's main.
# Assertions stay on (-UNDEBUG) whatever the build type.
if(ILL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ILL_FUZZ needs clang: configure with CC=clang-14 CXX=clang++-14")
  endif()
  if(ILL_SANITIZE)
    message(FATAL_ERROR "ILL_FUZZ builds with ASan+UBSan already; leave ILL_SANITIZE off")
  endif()
  # -fno-sanitize=function: clang 14's UBSan function check fails to compile coroutines
  # ("Cannot represent a difference across sections", llvm/llvm-project#49689), and the
  # RouterOS sessions are Asio coroutines.
  set(_ill_fuzz_san -fsanitize=address,undefined -fno-sanitize=function
                    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  # RelWithDebInfo means OSS-Fuzz's flags here: -O1 and line tables only (enough for the stack
  # traces of a crash, and it compiles libill about twice as fast as -O2 -g).
  set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only")
  target_compile_options(ill_settings INTERFACE ${_ill_fuzz_san} -fsanitize=fuzzer-no-link -UNDEBUG)
  target_link_options(ill_settings INTERFACE ${_ill_fuzz_san})
endif()
