# The Debian package: `cmake --build BUILD --target package` (or `cpack -G DEB` in BUILD) writes
# ill_VERSION_amd64.deb. Library dependencies come from dpkg-shlibdeps; the maintainer scripts in
# packaging/debian create the `ill` user and leave illd neither enabled nor started.
set(ill_debian_dir "${CMAKE_SOURCE_DIR}/packaging/debian")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "ill")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "ill")
set(CPACK_PACKAGE_CONTACT "ill maintainers <ill@example.net>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch ILL circuits on MikroTik routers and prove their SLA")
set(CPACK_PACKAGE_DESCRIPTION
    "ill polls the MikroTik routers through which an ISP delivers dedicated\n"
    "internet access circuits, records each circuit's availability, traffic,\n"
    "latency and loss, computes the monthly SLA figures in each client's time\n"
    "zone and exposes Prometheus metrics. illctl is the command line, illd the\n"
    "daemon.")
list(JOIN CPACK_PACKAGE_DESCRIPTION "" CPACK_PACKAGE_DESCRIPTION)
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
# Install with DESTDIR and the real prefix, so that files placed at install time (units naming
# /usr/sbin/illd, /etc/ill/illd.conf) get their final paths.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")   # ill_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.net/ill")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${CMAKE_BINARY_DIR}/lib")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus, nginx")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${ill_debian_dir}/conffiles;${ill_debian_dir}/postinst;${ill_debian_dir}/prerm;${ill_debian_dir}/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# Debian wants a copyright file and, in a native package, a Debian-format changelog.gz in the
# doc directory. The changelog entry points at CHANGELOG.md (installed beside it) and carries the
# date of this version's heading there, so the package is the same whenever it is built.
file(READ "${CMAKE_SOURCE_DIR}/CHANGELOG.md" ill_changelog_md)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/CHANGELOG.md")
if(ill_changelog_md MATCHES "## \\[${PROJECT_VERSION}\\] - ([0-9]+)-([0-9]+)-([0-9]+)")
  set(ill_release_date "${CMAKE_MATCH_1}-${CMAKE_MATCH_2}-${CMAKE_MATCH_3}")
else()
  message(FATAL_ERROR "CHANGELOG.md has no heading '## [${PROJECT_VERSION}] - YYYY-MM-DD'")
endif()
set(ill_debian_changelog "${CMAKE_BINARY_DIR}/packaging/changelog")
set(ill_changelog_gz "${CMAKE_BINARY_DIR}/packaging/changelog.gz")
add_custom_command(OUTPUT "${ill_changelog_gz}"
  COMMAND ${CMAKE_COMMAND} -D OUTPUT=${ill_debian_changelog} -D VERSION=${PROJECT_VERSION}
          -D DATE=${ill_release_date} "-D MAINTAINER=${CPACK_PACKAGE_CONTACT}"
          -P ${CMAKE_SOURCE_DIR}/cmake/write_debian_changelog.cmake
  COMMAND gzip -9nf "${ill_debian_changelog}"
  DEPENDS "${CMAKE_SOURCE_DIR}/CHANGELOG.md" "${CMAKE_SOURCE_DIR}/cmake/write_debian_changelog.cmake"
  COMMENT "Writing the package's Debian changelog"
  VERBATIM)
add_custom_target(ill_changelog ALL DEPENDS "${ill_changelog_gz}")
install(FILES "${ill_changelog_gz}" "${ill_debian_dir}/copyright" "${CMAKE_SOURCE_DIR}/CHANGELOG.md"
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

include(CPack)
