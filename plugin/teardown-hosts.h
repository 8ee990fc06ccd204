/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registration of `-z teardown,hosts` and its GUI tree, for the statistics'
 * registration. */
#ifndef TEARDOWN_HOSTS_H
#define TEARDOWN_HOSTS_H

/* Registers `-z teardown,hosts[,FILTER]` and Statistics > TCP Teardown by
 * host; the listeners exist only once asked for. */
void teardown_hosts_register(void);

#endif
