/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Makes the scale benchmark's large capture out of the real one: COPIES
 * copies of a classic little-endian Ethernet pcap, one after the other in
 * time, each with its own client address, so that every copy's connections
 * are new connections (about 1M from the 34,000-connection capture at 30
 * copies). The packets stay those the kernel sent; only the client address
 * and the timestamps change. Checksums are left as they were: tshark does
 * not verify them by default, and the plugin never reads them.
 *
 * Usage: replicate IN.pcap OUT.pcap COPIES CLIENT_V4 CLIENT_V6 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec_hdr {
    uint32_t sec, usec, caplen, len;
};

static void die(const char *msg)
{
    fprintf(stderr, "replicate: %s\n", msg);
    exit(1);
}

/* Copy k's client address: the original with its second byte (IPv4) or its
 * sixth (IPv6, still inside 2001:db8::/32) moved by k. */
static void rewrite(uint8_t *addr, size_t len, const uint8_t *client, unsigned k)
{
    if (memcmp(addr, client, len) != 0)
        return;
    if (len == 4)
        addr[1] = (uint8_t)(addr[1] + k);
    else
        addr[5] = (uint8_t)(addr[5] + k);
}

int main(int argc, char **argv)
{
    if (argc != 6)
        die("usage: replicate IN.pcap OUT.pcap COPIES CLIENT_V4 CLIENT_V6");
    unsigned copies = (unsigned)atoi(argv[3]);
    uint8_t c4[4], c6[16];
    if (copies < 1 || copies > 250 || inet_pton(AF_INET, argv[4], c4) != 1 || inet_pton(AF_INET6, argv[5], c6) != 1)
        die("bad COPIES (1-250) or client address");

    FILE *in = fopen(argv[1], "rb");
    if (!in)
        die("cannot open input");
    uint8_t ghdr[24];
    if (fread(ghdr, 1, 24, in) != 24)
        die("short file header");
    uint32_t magic, linktype;
    memcpy(&magic, ghdr, 4);
    memcpy(&linktype, ghdr + 20, 4);
    if (magic != 0xa1b2c3d4u || linktype != 1)
        die("need a little-endian microsecond pcap of Ethernet frames");
    fseek(in, 0, SEEK_END);
    long size = ftell(in) - 24;
    uint8_t *body = malloc((size_t)size);
    uint8_t *work = malloc((size_t)size);
    if (!body || !work)
        die("out of memory");
    fseek(in, 24, SEEK_SET);
    if (fread(body, 1, (size_t)size, in) != (size_t)size)
        die("short read");
    fclose(in);

    /* The span of the capture: each copy starts a second after the last. */
    struct rec_hdr first, h;
    memcpy(&first, body, sizeof first);
    uint32_t last_sec = first.sec;
    for (long off = 0; off + 16 <= size; off += 16 + h.caplen) {
        memcpy(&h, body + off, sizeof h);
        last_sec = h.sec;
    }
    uint32_t span = last_sec - first.sec + 1;

    FILE *out = fopen(argv[2], "wb");
    if (!out || fwrite(ghdr, 1, 24, out) != 24)
        die("cannot write output");
    for (unsigned k = 0; k < copies; k++) {
        memcpy(work, body, (size_t)size);
        for (long off = 0; off + 16 <= size; off += 16 + h.caplen) {
            memcpy(&h, work + off, sizeof h);
            if (off + 16 + (long)h.caplen > size)
                die("truncated record");
            h.sec += k * span;
            memcpy(work + off, &h, sizeof h);
            uint8_t *f = work + off + 16;
            if (h.caplen < 14)
                continue;
            uint16_t type = (uint16_t)(f[12] << 8 | f[13]);
            if (type == 0x0800 && h.caplen >= 34) {
                rewrite(f + 26, 4, c4, k);
                rewrite(f + 30, 4, c4, k);
            } else if (type == 0x86dd && h.caplen >= 54) {
                rewrite(f + 22, 16, c6, k);
                rewrite(f + 38, 16, c6, k);
            }
        }
        if (fwrite(work, 1, (size_t)size, out) != (size_t)size)
            die("write failed");
    }
    if (fclose(out) != 0)
        die("write failed");
    free(body);
    free(work);
    return 0;
}
