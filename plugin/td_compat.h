/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The only place that knows which Wireshark version the plugin is built for. */
#ifndef TD_COMPAT_H
#define TD_COMPAT_H

#include <ws_version.h>

#define TD_WS_VERSION (WIRESHARK_VERSION_MAJOR * 100 + WIRESHARK_VERSION_MINOR)

/* plugin_describe() exists from 4.4 on. */
#if TD_WS_VERSION >= 404
#define TD_HAVE_PLUGIN_DESCRIBE 1
#else
#define TD_HAVE_PLUGIN_DESCRIBE 0
#endif

/* stat_tap_ui init callbacks return bool from 4.6 on. */
#if TD_WS_VERSION >= 406
#define TD_STAT_INIT_RET bool
#define TD_STAT_INIT_OK return true
#define TD_STAT_INIT_FAIL return false
#define TD_STAT_INIT_RETURN(x) return (x)
#else
#define TD_STAT_INIT_RET void
#define TD_STAT_INIT_OK return
#define TD_STAT_INIT_FAIL return
#define TD_STAT_INIT_RETURN(x) (x)
#endif

/* The source uses the 4.4+ names; 4.4 deprecates the g-typed ones. */
#if TD_WS_VERSION < 404
#define tvb_get_uint8 tvb_get_guint8
#define wmem_strbuf_new_sized(allocator, size) wmem_strbuf_sized_new((allocator), (size), 0)
#endif

#define TD_EXPORT __attribute__((visibility("default")))

#endif
