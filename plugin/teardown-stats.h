/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registration of the statistics on the "teardown" tap, for the plugin
 * loader. */
#ifndef TEARDOWN_STATS_H
#define TEARDOWN_STATS_H

/* Registers `-z teardown,conns`, `-z teardown,stat` and the GUI tree. */
void teardown_stats_register(void);

#endif
