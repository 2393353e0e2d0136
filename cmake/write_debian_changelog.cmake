# Writes a one-entry Debian changelog for VERSION, released on DATE (YYYY-MM-DD), to OUTPUT.
string(REGEX MATCH "^([0-9]+)-([0-9]+)-([0-9]+)$" ok "${DATE}")
set(y ${CMAKE_MATCH_1})
set(m ${CMAKE_MATCH_2})
set(d ${CMAKE_MATCH_3})
set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
math(EXPR mi "${m} - 1")
list(GET months ${mi} mon)
# Day of the week by Zeller's congruence (0 = Saturday).
set(zm ${m})
set(zy ${y})
if(zm LESS 3)
  math(EXPR zm "${zm} + 12")
  math(EXPR zy "${zy} - 1")
endif()
math(EXPR h "(${d} + (13 * (${zm} + 1)) / 5 + ${zy} % 100 + (${zy} % 100) / 4 + (${zy} / 100) / 4 + 5 * (${zy} / 100)) % 7")
set(days Sat Sun Mon Tue Wed Thu Fri)
list(GET days ${h} dow)
file(WRITE "${OUTPUT}" "ill (${VERSION}) unstable; urgency=medium

  * Release ${VERSION}; what changed is in /usr/share/doc/ill/CHANGELOG.md.

 -- ${MAINTAINER}  ${dow}, ${d} ${mon} ${y} 00:00:00 +0000
")
