/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The benchmark's traffic: a one-thread epoll server and client that make tens
 * of thousands of short real-kernel TCP connections ending in every way the
 * plugin reports (graceful either side first, half-close, RST aborts, RST on
 * unread data, refused, TIME_WAIT reuse).
 *
 *   traffic server
 *   traffic client V4ADDR V6ADDR CONNECTIONS RATE SECONDS SEED
 *
 * The server port says how the server ends a connection, so the client picks a
 * close by picking a port; nothing else is negotiated. A request is one line,
 * "SIZE xxx...\n", and SIZE is how many bytes the server answers. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum kind {
    K_CLIENT_FIRST,  /* server answers, client closes first, server closes on EOF */
    K_SERVER_FIRST,  /* server answers and closes at once (HTTP/1.0 style) */
    K_HALF_CLOSE,    /* client shuts down writing; server answers after the FIN */
    K_CLIENT_ABORT,  /* client reads the answer and aborts with SO_LINGER 0 */
    K_SERVER_ABORT,  /* server answers and aborts with SO_LINGER 0 */
    K_UNREAD,        /* server closes without reading the request: the kernel resets */
    K_REFUSED,       /* nobody listens */
    K_COUNT
};

static const char *const kind_name[K_COUNT] = {
    "client_first", "server_first", "half_close", "client_abort", "server_abort", "unread_rst", "refused"};

#define BASE_PORT 8001
/* Client ports bound by hand for TIME_WAIT reuse: below Linux's ephemeral range
 * (set to 32768-60999 by make-capture.sh), so no autobound socket takes them. */
#define REUSE_PORT 20000
#define REUSE_PORTS 24
#define MAX_RESPONSE 16000

static char filler[MAX_RESPONSE];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

/* SO_LINGER 0: close() sends an RST and drops what is queued. */
static void abort_close(int fd)
{
    struct linger l = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

/* xorshift: a fixed seed gives the same mix of closes every run. */
static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* ---- server -------------------------------------------------------------- */

typedef struct sconn {
    int fd;
    int kind;            /* enum kind; -1 marks a listening socket */
    bool have_size;
    bool request_done;   /* the newline arrived */
    bool eof;
    bool answering;
    size_t want;
    size_t sent;
    char head[16];
    size_t head_len;
} sconn;

static int ep;

static void srv_close(sconn *c, bool abort)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    if (abort)
        abort_close(c->fd);
    else
        close(c->fd);
    free(c);
}

/* What the server does once its answer is out: this is where the close kind lives. */
static void srv_answered(sconn *c)
{
    switch (c->kind) {
    case K_SERVER_FIRST:
    case K_HALF_CLOSE:
        srv_close(c, false);
        return;
    case K_SERVER_ABORT:
        srv_close(c, true);
        return;
    default:
        if (c->eof)
            srv_close(c, false);
        return; /* wait for the client's FIN or RST */
    }
}

static void srv_write(sconn *c)
{
    while (c->sent < c->want) {
        ssize_t n = write(c->fd, filler, c->want - c->sent);
        if (n < 0 && errno == EAGAIN) {
            struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            return;
        }
        if (n <= 0) {
            srv_close(c, false);
            return;
        }
        c->sent += (size_t)n;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    srv_answered(c);
}

static void srv_read(sconn *c)
{
    char buf[4096];
    for (;;) {
        ssize_t n = read(c->fd, buf, sizeof buf);
        if (n < 0 && errno == EAGAIN)
            break;
        if (n < 0) {          /* the client reset */
            srv_close(c, false);
            return;
        }
        if (n == 0) {
            c->eof = true;
            break;
        }
        for (ssize_t i = 0; i < n && !c->request_done; i++) {
            if (buf[i] == '\n')
                c->request_done = true;
            else if (c->head_len < sizeof c->head - 1)
                c->head[c->head_len++] = buf[i];
        }
    }
    if (c->request_done && !c->have_size) {
        c->head[c->head_len] = 0;
        c->want = strtoul(c->head, NULL, 10);
        if (c->want > MAX_RESPONSE)
            c->want = MAX_RESPONSE;
        c->have_size = true;
    }
    if (c->answering) {
        if (c->eof && c->sent == c->want)
            srv_close(c, false);
        return;
    }
    /* The half-close server answers only after the client's FIN. */
    bool ready = c->kind == K_HALF_CLOSE ? c->eof : c->request_done;
    if (ready) {
        c->answering = true;
        srv_write(c);
    } else if (c->eof) {
        srv_close(c, false);
    }
}

static int run_server(void)
{
    ep = epoll_create1(0);
    if (ep < 0)
        die("epoll_create1");
    /* Every kind but "refused" has a listener; one dual-stack socket each. */
    for (int k = 0; k < K_COUNT; k++) {
        if (k == K_REFUSED)
            continue;
        int fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
        int off = 0, on = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(BASE_PORT + k),
                                 .sin6_addr = in6addr_any};
        if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0)
            die("bind");
        if (listen(fd, 4096) < 0)
            die("listen");
        sconn *l = calloc(1, sizeof *l);
        l->fd = fd;
        l->kind = -1;
        l->want = (size_t)k; /* a listener's kind travels in want */
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = l};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    /* Ready: make-capture.sh waits for this line before starting the client. */
    printf("listening\n");
    fflush(stdout);
    struct epoll_event evs[256];
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("epoll_wait");
        for (int i = 0; i < n; i++) {
            sconn *c = evs[i].data.ptr;
            if (c->kind == -1) {
                for (;;) {
                    int fd = accept4(c->fd, NULL, NULL, SOCK_NONBLOCK);
                    if (fd < 0)
                        break;
                    sconn *s = calloc(1, sizeof *s);
                    s->fd = fd;
                    s->kind = (int)c->want;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = s};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            if (c->kind == K_UNREAD) {
                /* Data is waiting and we close without reading it: RFC 2525's
                 * reset on unread data. */
                srv_close(c, false);
                continue;
            }
            if ((evs[i].events & EPOLLOUT) && c->answering && c->sent < c->want) {
                srv_write(c);
                continue; /* c may be gone; a pending EPOLLIN fires again */
            }
            srv_read(c);
        }
    }
    return 0; /* not reached: make-capture.sh ends the server */
}

/* ---- client -------------------------------------------------------------- */

typedef struct cconn {
    int fd;
    int kind;
    int reuse_port;      /* index into the fixed-port pool, -1 for an ephemeral port */
    bool connected;
    size_t want;
    size_t got;
} cconn;

static int port_pool[REUSE_PORTS], pool_head, pool_len;
static unsigned long done_by_kind[K_COUNT], resets_seen, errors, reuses, reuse_fail;

static void pool_put(int idx)
{
    port_pool[(pool_head + pool_len) % REUSE_PORTS] = idx;
    pool_len++;
}

static int pool_get(void)
{
    if (pool_len == 0)
        return -1;
    int idx = port_pool[pool_head];
    pool_head = (pool_head + 1) % REUSE_PORTS;
    pool_len--;
    return idx;
}

static int live;

static void cli_finish(cconn *c, bool abort)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    if (abort)
        abort_close(c->fd);
    else
        close(c->fd);
    done_by_kind[c->kind]++;
    /* Back of the queue: the port waits for every other pooled port, long
     * enough to be in TIME_WAIT and far shorter than its 60 s. */
    if (c->reuse_port >= 0)
        pool_put(c->reuse_port);
    free(c);
    live--;
}

static struct sockaddr_in a4;
static struct sockaddr_in6 a6;

static const struct sockaddr *server_addr(bool v6, int kind, socklen_t *len)
{
    if (v6) {
        a6.sin6_port = htons(BASE_PORT + kind);
        *len = sizeof a6;
        return (struct sockaddr *)&a6;
    }
    a4.sin_port = htons(BASE_PORT + kind);
    *len = sizeof a4;
    return (struct sockaddr *)&a4;
}

/* The mix of closes, in percent: mostly graceful, the rest what goes wrong. */
/* TD_BENCH_MIX=http10: every connection a healthy HTTP/1.0 exchange (the
 * server answers and closes first), as a web server's busy hour looks. */
static bool mix_http10;

static int pick_kind(bool *reuse)
{
    uint32_t r = rnd(100);
    *reuse = false;
    if (mix_http10)
        return K_SERVER_FIRST;
    if (r < 7) {             /* TIME_WAIT reuse on a fixed client port */
        *reuse = true;       /* either side may hold the TIME_WAIT */
        return rnd(2) ? K_CLIENT_FIRST : K_SERVER_FIRST;
    }
    if (r < 40) return K_CLIENT_FIRST;
    if (r < 70) return K_SERVER_FIRST;
    if (r < 78) return K_HALF_CLOSE;
    if (r < 85) return K_CLIENT_ABORT;
    if (r < 88) return K_SERVER_ABORT;
    if (r < 94) return K_UNREAD;
    return K_REFUSED;
}

/* Sizes of answers: many small, some a few segments, a few larger. */
static size_t pick_size(void)
{
    uint32_t r = rnd(100);
    if (r < 50) return 1 + rnd(1000);
    if (r < 85) return 1000 + rnd(3000);
    return 4000 + rnd(MAX_RESPONSE - 4000);
}

static bool cli_start(void)
{
    bool reuse;
    int kind = pick_kind(&reuse);
    bool v6 = rnd(5) == 0;
    int idx = -1;
    if (reuse) {
        idx = pool_get();
        if (idx < 0)
            kind = K_CLIENT_FIRST; /* every fixed port busy: an ordinary one instead */
    }
    int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        die("socket");
    if (idx >= 0) {
        /* SO_REUSEADDR lets bind() take a port whose last connection sits in
         * TIME_WAIT; connect() then reuses it (timestamps are on). */
        int on = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        int rc;
        if (v6) {
            struct sockaddr_in6 b = {.sin6_family = AF_INET6, .sin6_port = htons(REUSE_PORT + idx)};
            rc = bind(fd, (struct sockaddr *)&b, sizeof b);
        } else {
            struct sockaddr_in b = {.sin_family = AF_INET, .sin_port = htons(REUSE_PORT + idx)};
            rc = bind(fd, (struct sockaddr *)&b, sizeof b);
        }
        if (rc < 0) {
            reuse_fail++;
            pool_put(idx);
            close(fd);
            return false;
        }
        reuses++;
    }
    socklen_t alen;
    const struct sockaddr *sa = server_addr(v6, kind, &alen);
    if (connect(fd, sa, alen) < 0 && errno != EINPROGRESS) {
        /* A 4-tuple the kernel will not reuse yet: give the port back. */
        if (idx >= 0) {
            reuse_fail++;
            pool_put(idx);
        } else {
            errors++;
        }
        close(fd);
        return false;
    }
    cconn *c = calloc(1, sizeof *c);
    c->fd = fd;
    c->kind = kind;
    c->reuse_port = idx;
    c->want = pick_size();
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    live++;
    return true;
}

static void cli_connected(cconn *c)
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
        if (err != ECONNREFUSED || c->kind != K_REFUSED)
            errors++;
        cli_finish(c, false);
        return;
    }
    c->connected = true;
    char req[4096];
    /* The unread-data kind sends more, so the reset throws real bytes away. */
    size_t req_len = c->kind == K_UNREAD ? 500 + rnd(2500) : 40 + rnd(400);
    int h = snprintf(req, sizeof req, "%zu ", c->want);
    memset(req + h, 'x', req_len - (size_t)h - 1);
    req[req_len - 1] = '\n';
    ssize_t n = write(c->fd, req, req_len);
    if (n != (ssize_t)req_len) {
        errors++;
        cli_finish(c, false);
        return;
    }
    if (c->kind == K_HALF_CLOSE)
        shutdown(c->fd, SHUT_WR);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void cli_read(cconn *c)
{
    char buf[16384];
    for (;;) {
        ssize_t n = read(c->fd, buf, sizeof buf);
        if (n < 0 && errno == EAGAIN)
            return;
        if (n < 0) {
            resets_seen++;
            cli_finish(c, false);
            return;
        }
        if (n == 0) {
            cli_finish(c, false);
            return;
        }
        c->got += (size_t)n;
        /* These two close as soon as the whole answer is in: first. */
        if (c->got >= c->want && (c->kind == K_CLIENT_FIRST || c->kind == K_CLIENT_ABORT)) {
            cli_finish(c, c->kind == K_CLIENT_ABORT);
            return;
        }
    }
}

static int run_client(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: traffic client V4ADDR V6ADDR CONNECTIONS RATE SECONDS SEED\n");
        return 2;
    }
    a4.sin_family = AF_INET;
    a6.sin6_family = AF_INET6;
    if (inet_pton(AF_INET, argv[2], &a4.sin_addr) != 1 || inet_pton(AF_INET6, argv[3], &a6.sin6_addr) != 1) {
        fprintf(stderr, "bad address\n");
        return 2;
    }
    long total = atol(argv[4]);
    double rate = atof(argv[5]);
    double limit = atof(argv[6]);
    rng_state = (uint64_t)atoll(argv[7]) * 2654435761u + 88172645463325252ull;
    const char *mix = getenv("TD_BENCH_MIX");
    mix_http10 = mix && strcmp(mix, "http10") == 0;
    for (int i = 0; i < REUSE_PORTS; i++)
        pool_put(i);

    ep = epoll_create1(0);
    if (ep < 0)
        die("epoll_create1");
    /* Enough at once to keep both cores busy, few enough that no queue
     * overflows and the capture keeps up. */
    const int max_live = 256;
    long started = 0, attempts = 0;
    double t0 = now_s();
    struct epoll_event evs[256];
    while ((started < total || live > 0) && now_s() - t0 < limit) {
        /* Paced: at most RATE new connections per second. */
        double t = now_s() - t0;
        while (started < total && live < max_live && (double)started < rate * t && attempts < 4 * total) {
            attempts++;
            if (cli_start())
                started++;
        }
        int n = epoll_wait(ep, evs, 256, 1);
        for (int i = 0; i < n; i++) {
            cconn *c = evs[i].data.ptr;
            if (!c->connected)
                cli_connected(c);
            else
                cli_read(c);
        }
    }
    double el = now_s() - t0;
    fprintf(stderr, "traffic: %ld connections started in %.1f s, %d unfinished, %lu errors, %lu resets seen by the client\n",
            started, el, live, errors, resets_seen);
    fprintf(stderr, "traffic: %lu on fixed (reused) ports, %lu fixed-port attempts the kernel refused\n", reuses,
            reuse_fail);
    for (int k = 0; k < K_COUNT; k++)
        fprintf(stderr, "traffic:   %-13s %lu\n", kind_name[k], done_by_kind[k]);
    return live == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    memset(filler, 'y', sizeof filler);
    if (argc >= 2 && strcmp(argv[1], "server") == 0)
        return run_server();
    if (argc >= 2 && strcmp(argv[1], "client") == 0)
        return run_client(argc, argv);
    fprintf(stderr, "usage: traffic server | traffic client V4ADDR V6ADDR CONNECTIONS RATE SECONDS SEED\n");
    return 2;
}
