# Installs the build into PREFIX and fails unless every expected file is there and runs.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
include(GNUInstallDirs)
set(expected
  ${CMAKE_INSTALL_BINDIR}/illctl
  ${CMAKE_INSTALL_SBINDIR}/illd
  ${CMAKE_INSTALL_MANDIR}/man1/illctl.1.gz
  ${CMAKE_INSTALL_MANDIR}/man8/illd.8.gz
  ${CMAKE_INSTALL_MANDIR}/man5/illd.conf.5.gz
  ${CMAKE_INSTALL_DATADIR}/bash-completion/completions/illctl
  ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions/_illctl
  ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d/illctl.fish
  lib/systemd/system/illd.service
  lib/sysusers.d/ill.conf
  etc/ill/illd.conf
  ${DOCDIR}/examples/inventory.csv
  ${DOCDIR}/examples/nginx-ill-portal.conf
  ${DOCDIR}/examples/routeros-api-user.rsc
  ${DOCDIR}/copyright
  lib/systemd/system/ill-report.service
  lib/systemd/system/ill-report.timer
  ${DOCDIR}/examples/ill-report.crontab
  ${DOCDIR}/examples/illd.conf
  ${DOCDIR}/examples/prometheus.yml
  ${DOCDIR}/examples/grafana-dashboard.json)
foreach(f IN LISTS expected)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB libs "${PREFIX}/${CMAKE_INSTALL_LIBDIR}/ill/libill.so.*")
if(NOT libs)
  message(FATAL_ERROR "not installed: ${CMAKE_INSTALL_LIBDIR}/ill/libill.so.*")
endif()
# The installed programs find their private library through their RPATH.
foreach(program ${CMAKE_INSTALL_BINDIR}/illctl ${CMAKE_INSTALL_SBINDIR}/illd)
  execute_process(COMMAND "${PREFIX}/${program}" --version RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "^ill")
    message(FATAL_ERROR "installed ${program} --version failed (${rc}): ${out}")
  endif()
endforeach()
message(STATUS "install layout ok under ${PREFIX}")
