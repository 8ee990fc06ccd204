/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replays saved fuzz inputs through the harness without libFuzzer, so the
 * corpus and crash reproducers run with any compiler as ordinary tests. */
/* scandir() and alphasort() are POSIX.1-2008, outside plain C11. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs are capped like the fuzzer's -max_len, with room to spare. */
#define MAX_INPUT (1u << 20)

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    static uint8_t buf[MAX_INPUT];
    size_t n = fread(buf, 1, sizeof buf, f);
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "%s: read error\n", path);
        return 1;
    }
    /* A copy of exactly the input's size, so ASan sees reads past its end. */
    uint8_t *data = malloc(n ? n : 1);
    if (data == NULL)
        return 1;
    memcpy(data, buf, n);
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

/* Directories are replayed in name order, so a failure is reproducible. */
static int replay_dir(const char *dir, unsigned *count)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        perror(dir);
        return 1;
    }
    int failed = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (name[0] != '.') {
            size_t len = strlen(dir) + strlen(name) + 2;
            char *path = malloc(len);
            if (path == NULL)
                return 1;
            snprintf(path, len, "%s/%s", dir, name);
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                failed |= replay_file(path);
                (*count)++;
            }
            free(path);
        }
        free(names[i]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    unsigned count = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            failed |= replay_dir(argv[i], &count);
        } else {
            failed |= replay_file(argv[i]);
            count++;
        }
    }
    printf("replayed %u input(s)\n", count);
    /* An empty corpus is a broken test setup, not a pass. */
    return failed || count == 0 ? 1 : 0;
}
