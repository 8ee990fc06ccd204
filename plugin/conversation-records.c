/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-connection records and the packets that changed them.
 *
 * Most packets of a connection change nothing (data and pure ACKs in
 * ESTABLISHED): storing a result for each would cost more memory than the
 * connection itself. So only packets whose result cannot be rebuilt from the
 * previous change are kept, in a per-connection array, and a bitmap says
 * which frames were followed at all. Whether a result can be rebuilt is
 * decided by rebuilding it on the first pass and comparing, so later passes
 * reproduce the first pass exactly. */
#include <epan/packet.h>
#include <epan/address.h>

#include <string.h>

#include "td_compat.h"
#include "conversation-records.h"

static wmem_map_t *by_tuple;      /* td_tuple -> newest td_conv_rec on it */
static wmem_map_t *full_results;  /* frame -> td_result, when the compact form is not enough */
static guint8 *followed;          /* bit per frame number */
static guint32 followed_bytes;

static guint tuple_hash(gconstpointer key)
{
    const guint8 *p = (const guint8 *)key;
    guint32 h = 2166136261u;
    for (size_t i = 0; i < sizeof(td_tuple); i += 4) {
        guint32 w;
        memcpy(&w, p + i, 4);
        h = (h ^ w) * 16777619u;
        h ^= h >> 15;
    }
    return h;
}

static gboolean tuple_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(td_tuple)) == 0;
}

void records_register(void)
{
    G_STATIC_ASSERT(sizeof(td_tuple) % 4 == 0);
    by_tuple = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), tuple_hash, tuple_equal);
    full_results = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}

void records_reset(void)
{
    /* The memory went with the file scope. */
    followed = NULL;
    followed_bytes = 0;
}

static gboolean put_side(td_tuple *t, int side, const address *a, guint16 port)
{
    if (!((a->type == AT_IPv4 && a->len == 4) || (a->type == AT_IPv6 && a->len == 16)))
        return FALSE;
    t->type[side] = (guint8)a->type;
    t->len[side] = (guint8)a->len;
    memcpy(t->addr[side], a->data, (size_t)a->len);
    t->port[side] = port;
    return TRUE;
}

gboolean records_tuple(const packet_info *pinfo, td_tuple *tuple, guint8 *sender_side)
{
    /* Sides in a fixed order of the two endpoints, so both directions of a
     * connection agree without storing anything. */
    int c = cmp_address(&pinfo->src, &pinfo->dst);
    if (c == 0)
        c = (int)pinfo->srcport - (int)pinfo->destport;
    guint8 s = c < 0 ? 0 : 1;
    memset(tuple, 0, sizeof *tuple);
    if (!put_side(tuple, s, &pinfo->src, (guint16)pinfo->srcport) ||
        !put_side(tuple, s ^ 1, &pinfo->dst, (guint16)pinfo->destport))
        return FALSE;
    *sender_side = s;
    return TRUE;
}

td_conv_rec *records_latest(const td_tuple *tuple)
{
    return (td_conv_rec *)wmem_map_lookup(by_tuple, tuple);
}

td_conv_rec *records_find(const td_tuple *tuple, guint32 frame)
{
    td_conv_rec *rec = records_latest(tuple);
    while (rec && rec->conv.first_frame > frame)
        rec = rec->prev;
    return rec;
}

td_conv_rec *records_add(const td_tuple *tuple, guint32 stream, td_conv_rec *prev)
{
    td_conv_rec *rec = wmem_new0(wmem_file_scope(), td_conv_rec);
    td_conv_init(&rec->conv);
    rec->tuple = *tuple;
    rec->stream = stream;
    rec->prev = prev;
    /* The map keeps pointing at the newest connection; older ones hang off
     * its prev chain. */
    wmem_map_insert(by_tuple, &rec->tuple, rec);
    return rec;
}

/* ---- which frames were followed ---------------------------------------- */

static void mark_followed(guint32 frame)
{
    guint32 byte = frame / 8;
    if (byte >= followed_bytes) {
        guint32 grown = MAX(followed_bytes * 2, MAX(byte + 1, 4096u));
        followed = (guint8 *)wmem_realloc(wmem_file_scope(), followed, grown);
        memset(followed + followed_bytes, 0, grown - followed_bytes);
        followed_bytes = grown;
    }
    followed[byte] |= (guint8)(1u << (frame % 8));
}

gboolean records_followed(guint32 frame)
{
    guint32 byte = frame / 8;
    return byte < followed_bytes && (followed[byte] & (1u << (frame % 8))) != 0;
}

/* ---- rebuilding a packet's result --------------------------------------- */

static td_change *append_change(td_conv_rec *rec)
{
    if (rec->n_changes == rec->cap_changes) {
        /* Most connections change state six to eight times. */
        guint32 cap = rec->cap_changes ? rec->cap_changes + rec->cap_changes / 2 + 1 : 4;
        rec->changes = (td_change *)wmem_realloc(wmem_file_scope(), rec->changes, cap * sizeof(td_change));
        rec->cap_changes = cap;
    }
    return &rec->changes[rec->n_changes++];
}

void records_note(td_conv_rec *rec, guint32 frame, guint8 sender_side, const td_result *result)
{
    mark_followed(frame);
    td_role sender = td_conv_role_of_side(&rec->conv, sender_side);
    const td_change *prev = rec->n_changes ? &rec->changes[rec->n_changes - 1] : NULL;
    if (td_change_quiet(sender, prev, result))
        return;
    td_change *c = append_change(rec);
    prev = rec->n_changes > 1 ? &rec->changes[rec->n_changes - 2] : NULL;
    if (td_change_make(c, frame, sender, prev, result)) {
        td_result *copy = wmem_new(wmem_file_scope(), td_result);
        *copy = *result;
        wmem_map_insert(full_results, GUINT_TO_POINTER(frame), copy);
    }
}

void records_recall(const td_conv_rec *rec, guint32 frame, guint8 sender_side, td_result *out)
{
    td_role sender = td_conv_role_of_side(&rec->conv, sender_side);
    guint32 upto = td_change_count_upto(rec->changes, rec->n_changes, frame);
    const td_change *at = upto ? &rec->changes[upto - 1] : NULL;
    if (at && at->frame == frame) {
        if (at->full) {
            const td_result *copy = (const td_result *)wmem_map_lookup(full_results, GUINT_TO_POINTER(frame));
            if (copy) {
                *out = *copy;
                return;
            }
        }
        td_change_rebuild(sender, upto > 1 ? &rec->changes[upto - 2] : NULL, at, out);
    } else {
        td_change_rebuild(sender, at, NULL, out);
    }
}
