/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The symbols Wireshark's plugin loader looks for, and nothing else. */
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "td_compat.h"
#include "packet-teardown.h"
#include "teardown-stats.h"

#if TD_HAVE_PLUGIN_DESCRIBE
#include <wsutil/plugins.h>
#endif

TD_EXPORT extern const char plugin_version[];
TD_EXPORT extern const int plugin_want_major;
TD_EXPORT extern const int plugin_want_minor;
TD_EXPORT void plugin_register(void);

const char plugin_version[] = TD_PLUGIN_VERSION;
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

void plugin_register(void)
{
    static proto_plugin teardown_plugin;
    teardown_plugin.register_protoinfo = proto_register_teardown;
    teardown_plugin.register_handoff = proto_reg_handoff_teardown;
    proto_register_plugin(&teardown_plugin);
    /* The statistics only listen to the "teardown" tap: they register on
     * their own, once epan is up. */
    static tap_plugin stats_plugin;
    stats_plugin.register_tap_listener = teardown_stats_register;
    tap_register_plugin(&stats_plugin);
}

#if TD_HAVE_PLUGIN_DESCRIBE
TD_EXPORT uint32_t plugin_describe(void);
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
