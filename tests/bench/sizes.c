/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prints the sizes of what the plugin stores: per connection (td_conv inside
 * the glue's td_conv_rec) and per packet (td_result inside td_packet), so the
 * memory figures of RESULTS.md can be checked against the structures. */
#include <stdio.h>

#include "td_engine.h"
#include "packet-teardown.h"

int main(void)
{
    printf("td_conv %zu\n", sizeof(td_conv));
    printf("td_endpoint %zu\n", sizeof(td_endpoint));
    printf("td_result %zu\n", sizeof(td_result));
    printf("td_conv_rec %zu\n", sizeof(td_conv_rec));
    printf("td_packet %zu\n", sizeof(td_packet));
    /* address (the glue keeps two per connection, plus their copied bytes). */
    printf("address %zu\n", sizeof(address));
    return 0;
}
