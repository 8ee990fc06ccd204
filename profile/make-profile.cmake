# SPDX-License-Identifier: GPL-2.0-or-later
# Writes the "Teardown" profile into OUT: colorfilters = the teardown rules
# (RULES), then Wireshark's default rules (DEFAULTS, when that file exists),
# so that teardown packets match ours first and all others keep their usual
# colours; preferences copied from PREFS.
file(MAKE_DIRECTORY ${OUT})
file(READ ${RULES} rules)
set(text "# Coloring rules of the Teardown profile: the tcp-teardown rules first, then Wireshark's defaults.\n${rules}")
if(EXISTS "${DEFAULTS}")
  file(READ ${DEFAULTS} defaults)
  string(APPEND text "# Wireshark's default coloring rules (${DEFAULTS}):\n${defaults}")
endif()
file(WRITE ${OUT}/colorfilters "${text}")
configure_file(${PREFS} ${OUT}/preferences COPYONLY)
