/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registration of `-z teardown,ladder`, for the statistics' registration. */
#ifndef TEARDOWN_LADDER_H
#define TEARDOWN_LADDER_H

/* Registers `-z teardown,ladder[,FILTER]`; its listeners exist only once
 * the -z is given. */
void teardown_ladder_register(void);

#endif
