# ill's version comes from project(); the git commit is read at build time, so a rebuild after a
# new commit reports the right one without re-running CMake.
set(ILL_VERSION_CPP "${CMAKE_BINARY_DIR}/generated/version_info.cpp")
add_custom_target(ill_version_info
  COMMAND ${CMAKE_COMMAND}
          -D SOURCE_DIR=${CMAKE_SOURCE_DIR}
          -D OUTPUT=${ILL_VERSION_CPP}
          -D VERSION=${PROJECT_VERSION}
          -P ${CMAKE_SOURCE_DIR}/cmake/write_version_info.cmake
  BYPRODUCTS ${ILL_VERSION_CPP}
  COMMENT "Reading the git commit"
  VERBATIM)
