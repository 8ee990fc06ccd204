/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prints the sizes of what the plugin stores: per connection (td_conv inside
 * the glue's conn_record) and per packet that changed something (td_change),
 * so the memory figures of RESULTS.md can be checked against the structures. */
#include <stdio.h>

#include "td_engine.h"
#include "conversation-records.h"

int main(void)
{
    printf("td_conv %zu\n", sizeof(td_conv));
    printf("td_endpoint %zu\n", sizeof(td_endpoint));
    printf("td_result %zu\n", sizeof(td_result));
    printf("conn_record %zu\n", sizeof(conn_record));
    printf("conn_tuple %zu\n", sizeof(conn_tuple));
    printf("td_change %zu\n", sizeof(td_change));
    return 0;
}
