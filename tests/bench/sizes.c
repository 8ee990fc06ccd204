/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prints the sizes of what the plugin stores: per connection (td_conv inside
 * the glue's td_conv_rec) and per packet that changed something (td_change),
 * so the memory figures of RESULTS.md can be checked against the structures. */
#include <stdio.h>

#include "td_engine.h"
#include "packet-teardown.h"

int main(void)
{
    printf("td_conv %zu\n", sizeof(td_conv));
    printf("td_endpoint %zu\n", sizeof(td_endpoint));
    printf("td_result %zu\n", sizeof(td_result));
    printf("td_conv_rec %zu\n", sizeof(td_conv_rec));
    printf("td_tuple %zu\n", sizeof(td_tuple));
    printf("td_change %zu\n", sizeof(td_change));
    return 0;
}
