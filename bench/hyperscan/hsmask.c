/*
 * The reference the masking CLI is compared with (issue 14): Hyperscan, block mode, one scan per
 * line, start-of-match (HS_FLAG_SOM_LEFTMOST), with one regular expression per detector type of
 * the masking engine, masking every match as [TYPE] and writing the lines out, like
 * `./pipeline mask FILE > OUT` does. No checksums or validation (Luhn, mod-97, JWT decoding): it
 * only finds candidates, so it does less work than the engine does.
 *
 *   gcc -O2 -o hsmask bench/hyperscan/hsmask.c -lhs        (Debian: apt-get install libhyperscan-dev)
 *   ./hsmask FILE > OUT      # prints lines, bytes, seconds and MB/s to stderr
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *NAMES[] = {"EMAIL", "CREDIT_CARD", "US_SSN", "PHONE", "PHONE", "IPV4", "IPV6", "AWS_ACCESS_KEY_ID",
                              "AWS_SECRET_KEY", "JWT", "PRIVATE_KEY", "AUTHORIZATION", "SECRET", "PASSWORD", "IBAN",
                              "API_TOKEN"};
static const char *PATTERNS[] = {
    "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}",
    "\\b\\d{4}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{1,4}\\b",
    "\\b\\d{3}-\\d{2}-\\d{4}\\b",
    "\\+\\d{1,3}[ -]?\\d{2,4}[ -]?\\d{3,4}[ -]?\\d{3,4}\\b",
    "\\(?\\b\\d{3}\\)?[ .-]\\d{3}[.-]\\d{4}\\b",
    "\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b",
    "\\b[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){7}\\b|\\b[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6}::[0-9a-fA-F]{1,4}\\b",
    "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b",
    "(?i)secret[a-z_]{0,20}[\"' ]{0,3}[:=]{1,2}[\"' ]{0,3}[A-Za-z0-9/+]{40}",
    "eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+",
    "-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----",
    "(?i)\\b(?:bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}",
    "(?i)(?:secret|token|api_?key|cookie)[\"']?\\s*[:=]\\s*[\"']?[^\\s\"',;&]+",
    "(?i)(?:password|passwd|pwd)[\"']?\\s*[:=]\\s*[\"']?[^\\s\"',;&]+|[a-z]+://[^:/\\s]+:[^@/\\s]+@",
    "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\\b",
    "\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b|\\bxox[abposr]-[A-Za-z0-9-]{10,}|\\b[sr]k_live_[A-Za-z0-9]{10,}"
    "|\\bAIza[A-Za-z0-9_-]{35}|\\bnpm_[A-Za-z0-9]{36}\\b"};
#define N (sizeof(PATTERNS) / sizeof(PATTERNS[0]))

typedef struct {
  unsigned long long from, to;
  unsigned id;
} span;

static span *spans;
static size_t nspans, capspans;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx) {
  (void) flags;
  (void) ctx;
  /* Hyperscan reports every end of a repeat: keep the widest span per start */
  if (nspans > 0 && spans[nspans - 1].from == from) {
    if (to > spans[nspans - 1].to) {
      spans[nspans - 1].to = to;
    }
    return 0;
  }
  if (nspans == capspans) {
    capspans = capspans ? capspans * 2 : 64;
    spans = realloc(spans, capspans * sizeof(span));
  }
  spans[nspans].from = from;
  spans[nspans].to = to;
  spans[nspans].id = id;
  nspans++;
  return 0;
}

static int by_start(const void *a, const void *b) {
  const span *x = a, *y = b;
  return x->from < y->from ? -1 : x->from > y->from ? 1 : (x->to > y->to ? -1 : x->to < y->to);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: hsmask FILE > OUT\n");
    return 2;
  }
  unsigned flags[N], ids[N];
  for (unsigned i = 0; i < N; i++) {
    flags[i] = HS_FLAG_SOM_LEFTMOST;
    ids[i] = i;
  }
  hs_database_t *db;
  hs_compile_error_t *err;
  if (hs_compile_multi(PATTERNS, flags, ids, N, HS_MODE_BLOCK, NULL, &db, &err)
      != HS_SUCCESS) {
    fprintf(stderr, "pattern %d: %s\n", err->expression, err->message);
    return 1;
  }
  hs_scratch_t *scratch = NULL;
  hs_alloc_scratch(db, &scratch);

  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 2;
  }
  fseek(in, 0, SEEK_END);
  long size = ftell(in);
  fseek(in, 0, SEEK_SET);
  char *buf = malloc(size + 1);
  if (fread(buf, 1, size, in) != (size_t) size) {
    return 1;
  }
  fclose(in);
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
  long lines = 0;
  char *p = buf, *end = buf + size;
  while (p < end) {
    char *nl = memchr(p, '\n', end - p);
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    nspans = 0;
    hs_scan(db, p, len, 0, scratch, on_match, NULL);
    qsort(spans, nspans, sizeof(span), by_start);
    unsigned long long last = 0;
    for (size_t i = 0; i < nspans; i++) {
      if (spans[i].from < last) {
        continue; /* overlaps the previous replacement */
      }
      fwrite(p + last, 1, spans[i].from - last, stdout);
      fprintf(stdout, "[%s]", NAMES[spans[i].id]);
      last = spans[i].to;
    }
    fwrite(p + last, 1, len - last, stdout);
    if (nl) {
      fputc('\n', stdout);
    }
    lines++;
    p += len + 1;
  }
  fflush(stdout);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  fprintf(stderr, "hsmask: %ld lines, %ld bytes, %.3f s, %.1f MB/s\n", lines, size, s, size / 1e6 / s);
  return 0;
}
