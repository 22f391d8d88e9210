// SPDX-License-Identifier: MIT
// The cases of libc_cases.h: printf formatting, string-to-number conversion, sorting, memory and string
// functions, character classes and broken-down time.
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <time.h>

#include "libc_cases.h"

static void (*emit_line)(const char *);

__attribute__((format(printf, 1, 2))) static void emit(const char *format, ...) {
    char line[256];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(line, sizeof line, format, arguments);
    va_end(arguments);
    emit_line(line);
}

// ---- printf (the format's source spelling is echoed: PRId64 and friends expand differently per C library) ---------------------------------------------------------------------------------------------------

#define FORMAT(format, ...) do {                                                        \
        char out_[160];                                                                 \
        int n_ = snprintf(out_, sizeof out_, format, __VA_ARGS__);                      \
        emit("snprintf %s -> [%s] %d", #format, out_, n_);                              \
    } while (0)

static void printf_cases(void) {
    FORMAT("%d|%d|%d|%d|%d", 0, 42, -42, INT_MAX, INT_MIN);
    FORMAT("%i|%u|%u", -7, 0u, UINT_MAX);
    FORMAT("%5d|%-5d|%05d|%+d|% d|%+d", 42, 42, 42, 42, 42, -42);
    FORMAT("%.3d|%8.3d|%-8.3d|%.0d|%+.0d|%5.0d|", 7, -7, 7, 0, 0, 0);
    FORMAT("%x|%X|%#x|%#X|%o|%#o|%#x|%#o", 255u, 255u, 255u, 255u, 8u, 8u, 0u, 0u);
    FORMAT("%08x|%#010x|%-#10x|%10.6x", 0xBEEFu, 0xBEEFu, 0xBEEFu, 0xBEEFu);
    FORMAT("%hhd|%hhu|%hhx|%hd|%hu|%hx", 200, 300, 0x1FF, 70000, -1, 0x12345);
    FORMAT("%ld|%lu|%lx|%li", -123456789L, 4000000000UL, 0xDEADBEEFUL, 2147483647L);
    FORMAT("%lld|%llu|%llx|%llX|%llo", LLONG_MIN, ULLONG_MAX, 0x0123456789ABCDEFULL, 0xFEDCBA9876543210ULL, 01777ULL);
    FORMAT("%" PRId8 "|%" PRIu16 "|%" PRIx32 "|%" PRId64 "|%" PRIu64, (int8_t)-128, (uint16_t)65535,
           (uint32_t)0xCAFEF00Du, INT64_MIN, UINT64_MAX);
    FORMAT("%jd|%ju|%zu|%zd|%td", (intmax_t)-1, (uintmax_t)123, (size_t)4096, (ssize_t)-5, (ptrdiff_t)-77);
    FORMAT("%c|%5c|%-5c|%c", 'A', 'b', 'c', 0x7E);
    FORMAT("%s|%10s|%-10s|%.3s|%10.2s|%s|", "hello", "right", "left", "truncate", "ab", "");
    FORMAT("%*d|%-*d|%.*d|%.*s|%*s", 6, 42, 6, 42, 4, 7, 2, "abcdef", -6, "neg");
    FORMAT("%%|100%% sure|%s%%", "x");
    FORMAT("%p|%p", (void *)0x1234, (void *)0x3FFB0000);
    FORMAT("%llx|%lld|%+lld|% lld|%020lld", 0ULL, 0LL, 9LL, -9LL, -1234567890123LL);
    FORMAT("[%-3d][%3d][%-3s][%3s]", 12345, 12345, "long", "long");
    {
        char small[6];
        int n = snprintf(small, sizeof small, "%s", "hello world");
        emit("snprintf truncated -> [%s] %d", small, n);
        emit("snprintf NULL,0 -> %d", snprintf(NULL, 0, "%d-%s", 12345, "abc"));
        char out[32];
        int count = -1;
        snprintf(out, sizeof out, "abc%n%d", &count, 42);
        emit("snprintf %%n -> [%s] %d", out, count);
        emit("sprintf -> %d", sprintf(out, "%05.1d|%x", 3, 0xABCu));
        emit("sprintf result [%s]", out);
    }
}

// ---- Conversions ----------------------------------------------------------------------------------------------

// `text` with control characters written as C escapes, so that each case stays on one line.
static const char *escaped(const char *text) {
    static char out[64];
    size_t n = 0;
    for (; *text && n < sizeof out - 3; text++) {
        if (*text == '\t' || *text == '\n') {
            out[n++] = '\\';
            out[n++] = *text == '\t' ? 't' : 'n';
        } else {
            out[n++] = *text;
        }
    }
    out[n] = 0;
    return out;
}

static const char *errno_name(int value) {
    return value == 0 ? "0" : value == ERANGE ? "ERANGE" : value == EINVAL ? "EINVAL" : "other";
}

static void strtol_case(const char *text, int base) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, base);
    emit("strtol \"%s\" base %d -> %ld end %d errno %s", escaped(text), base, value, (int)(end - text), errno_name(errno));
}

static void strtoul_case(const char *text, int base) {
    char *end = NULL;
    errno = 0;
    unsigned long value = strtoul(text, &end, base);
    emit("strtoul \"%s\" base %d -> %lu end %d errno %s", escaped(text), base, value, (int)(end - text), errno_name(errno));
}

static void strtoll_case(const char *text, int base) {
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, base);
    emit("strtoll \"%s\" base %d -> %lld end %d errno %s", escaped(text), base, value, (int)(end - text), errno_name(errno));
}

static void strtoull_case(const char *text, int base) {
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, base);
    emit("strtoull \"%s\" base %d -> %llu end %d errno %s", escaped(text), base, value, (int)(end - text), errno_name(errno));
}

static void conversion_cases(void) {
    static const struct { const char *text; int base; } signed_cases[] = {
        {"123", 10}, {"-123", 10}, {"  +42abc", 10}, {"0x1A", 16}, {"0x1A", 0}, {"012", 0}, {"0", 0},
        {"z", 36}, {"Zz", 36}, {"1010", 2}, {"", 10}, {"   ", 10}, {"-0", 10}, {"2147483647", 10},
        {"-2147483648", 10}, {"0x", 16}, {"0x", 0}, {"08", 0}, {"\t\n 77", 8}, {"-", 10}, {"+-1", 10},
    };
    for (size_t i = 0; i < sizeof signed_cases / sizeof signed_cases[0]; i++) {
        strtol_case(signed_cases[i].text, signed_cases[i].base);
        strtoll_case(signed_cases[i].text, signed_cases[i].base);
    }
    static const struct { const char *text; int base; } unsigned_cases[] = {
        {"4294967295", 10}, {"0xFFFFFFFF", 16}, {"  077", 8}, {"123abc", 10}, {"ffff", 16}, {"", 16},
    };
    for (size_t i = 0; i < sizeof unsigned_cases / sizeof unsigned_cases[0]; i++) {
        strtoul_case(unsigned_cases[i].text, unsigned_cases[i].base);
        strtoull_case(unsigned_cases[i].text, unsigned_cases[i].base);
    }
    strtoll_case("9223372036854775807", 10);
    strtoll_case("9223372036854775808", 10);
    strtoll_case("-9223372036854775809", 10);
    strtoull_case("18446744073709551615", 10);
    strtoull_case("18446744073709551616", 10);
    strtoull_case("-1", 10);
    errno = 0;
    long invalid = strtol("10", NULL, 1);
    emit("strtol base 1 -> %ld errno %s", invalid, errno_name(errno));
    emit("atoi %d %d %d, atol %ld, atoll %lld", atoi("  -17x"), atoi("abc"), atoi("+0"), atol("99999"),
         atoll("-9000000000"));
    emit("abs %d labs %ld llabs %lld, div %d r %d, ldiv %ld r %ld", abs(-5), labs(-70000L), llabs(-5000000000LL),
         div(-7, 2).quot, div(-7, 2).rem, ldiv(100000L, -7L).quot, ldiv(100000L, -7L).rem);
}

// ---- strtod and the compiler's arithmetic helpers ------------------------------------------------------------
// On the ESP32, double precision, float division and 64-bit division are compiler-rt's builtins; on the host,
// hardware. Results are printed as bit patterns (printf has no floating point on the ESP32) and random
// operands are folded into hashes, NaNs first made canonical (their payloads may legitimately differ).

#pragma STDC FP_CONTRACT OFF

static uint64_t double_bits(double value) {
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    return value != value ? 0x7FF8000000000000ull : bits;
}

static uint32_t float_bits(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return value != value ? 0x7FC00000u : bits;
}

static double double_from_bits(uint64_t bits) {
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static float float_from_bits(uint32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static uint64_t random_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_random(void) {  // xorshift64*
    random_state ^= random_state >> 12;
    random_state ^= random_state << 25;
    random_state ^= random_state >> 27;
    return random_state * 0x2545F4914F6CDD1Dull;
}

static uint64_t hash_step(uint64_t hash, uint64_t value) { return (hash ^ value) * 0x100000001B3ull; }

static void strtod_cases(void) {
    static const char *const texts[] = {
        "0", "-0", "1.5", "  -2.25E-1", "3.14159265358979323846", "1e308", "1e309", "-1e309", "4.9e-324",
        "2.2250738585072014e-308", "1e-400", "123abc", ".", "1e", "0.1", "9007199254740993", "inf", "-Infinity",
        "nan", "1e22", "1e23", "0.000001", "123456789012345678901234567890",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *end;
        errno = 0;
        double value = strtod(texts[i], &end);
        emit("strtod \"%s\" -> %016llx end %d errno %s", escaped(texts[i]), (unsigned long long)double_bits(value),
             (int)(end - texts[i]), errno_name(errno));
    }
    emit("atof \"2.5e3\" -> %016llx", (unsigned long long)double_bits(atof("2.5e3")));
}

static void arithmetic_cases(void) {
    enum { ROUNDS = 20000 };
    uint64_t sums = 0, products = 0, quotients = 0, comparisons = 0, conversions = 0, float_quotients = 0;
    uint64_t unsigned_division = 0, signed_division = 0;
    for (int i = 0; i < ROUNDS; i++) {
        // Mostly ordinary magnitudes, sometimes any bit pattern (subnormals, infinities, NaNs).
        uint64_t raw_a = next_random(), raw_b = next_random();
        double a = i % 8 ? (double)(int64_t)raw_a / (double)(1 + (raw_b >> 40)) : double_from_bits(raw_a);
        double b = i % 8 ? (double)(int32_t)raw_b * 1e-3 : double_from_bits(raw_b);
        sums = hash_step(hash_step(sums, double_bits(a + b)), double_bits(a - b));
        products = hash_step(products, double_bits(a * b));
        quotients = hash_step(quotients, double_bits(a / b));
        comparisons = hash_step(comparisons, (uint64_t)((a < b) | (a <= b) << 1 | (a == b) << 2 | (a > b) << 3));
        if (a > -2e9 && a < 2e9) conversions = hash_step(conversions, (uint64_t)(int32_t)a);
        if (a >= 0 && a < 1.8e19) conversions = hash_step(conversions, (uint64_t)a);
        conversions = hash_step(conversions, float_bits((float)a));
        conversions = hash_step(conversions, double_bits((double)(int64_t)raw_b) ^ double_bits((double)raw_a));
        float x = float_from_bits((uint32_t)raw_a), y = float_from_bits((uint32_t)(raw_b >> 32));
        float_quotients = hash_step(float_quotients, float_bits(x / y));
        uint64_t divisor = raw_b >> (raw_b & 63);
        if (divisor != 0) unsigned_division = hash_step(hash_step(unsigned_division, raw_a / divisor), raw_a % divisor);
        int64_t n = (int64_t)raw_a >> (raw_a & 31), d = (int64_t)divisor * ((raw_a >> 7) & 1 ? -1 : 1);
        if (d != 0 && !(n == INT64_MIN && d == -1)) {
            signed_division = hash_step(hash_step(signed_division, (uint64_t)(n / d)), (uint64_t)(n % d));
        }
    }
    emit("double +- %016llx * %016llx / %016llx compare %016llx convert %016llx (%d rounds)",
         (unsigned long long)sums, (unsigned long long)products, (unsigned long long)quotients,
         (unsigned long long)comparisons, (unsigned long long)conversions, ROUNDS);
    emit("float / %016llx, 64-bit unsigned / %% %016llx, signed / %% %016llx", (unsigned long long)float_quotients,
         (unsigned long long)unsigned_division, (unsigned long long)signed_division);
}

// ---- Sorting and searching ----------------------------------------------------------------------------------

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct record { int key; char name[8]; };

static int compare_records_descending(const void *a, const void *b) {
    return compare_ints(&((const struct record *)b)->key, &((const struct record *)a)->key);
}

static void emit_ints(const char *label, const int *values, size_t count) {
    char line[200];
    int used = snprintf(line, sizeof line, "%s", label);
    for (size_t i = 0; i < count && used < (int)sizeof line - 12; i++) used += snprintf(line + used, sizeof line - used, " %d", values[i]);
    emit("%s", line);
}

static void sorting_cases(void) {
    int small[] = {5, -3, 9, 0, 5, -3, 2147483647, -2147483647 - 1, 1, 8};
    qsort(small, 10, sizeof small[0], compare_ints);
    emit_ints("qsort ints", small, 10);
    int one[] = {42};
    qsort(one, 1, sizeof one[0], compare_ints);
    qsort(one, 0, sizeof one[0], compare_ints);
    emit_ints("qsort one", one, 1);
    const char *words[] = {"pear", "apple", "Zebra", "banana", "apple pie", "", "cherry"};
    qsort(words, 7, sizeof words[0], compare_strings);
    emit("qsort strings [%s] [%s] [%s] [%s] [%s] [%s] [%s]", words[0], words[1], words[2], words[3], words[4],
         words[5], words[6]);
    struct record records[] = {{3, "c"}, {1, "a"}, {4, "d"}, {2, "b"}, {5, "e"}};
    qsort(records, 5, sizeof records[0], compare_records_descending);
    emit("qsort records %s%s%s%s%s", records[0].name, records[1].name, records[2].name, records[3].name,
         records[4].name);
    static int many[600];
    uint32_t state = 12345;
    for (int i = 0; i < 600; i++) {
        state = state * 1103515245u + 12345u;
        many[i] = (int)(state >> 8) % 1000 - 500;
    }
    qsort(many, 600, sizeof many[0], compare_ints);
    int sorted = 1;
    long long sum = 0;
    for (int i = 0; i < 600; i++) {
        if (i && many[i - 1] > many[i]) sorted = 0;
        sum += (long long)many[i] * (i + 1);
    }
    emit("qsort 600 sorted %d weighted %lld first %d last %d", sorted, sum, many[0], many[599]);
    int key = many[300];
    const int *found = bsearch(&key, many, 600, sizeof many[0], compare_ints);
    emit("bsearch found %d value %d", found != NULL, found ? *found : 0);
    key = 100000;
    emit("bsearch missing %d", bsearch(&key, many, 600, sizeof many[0], compare_ints) != NULL);
}

// ---- Memory and strings ---------------------------------------------------------------------------------------

static int sign(int value) { return (value > 0) - (value < 0); }

static void memory_cases(void) {
    char buffer[32];
    strcpy(buffer, "0123456789abcdef");
    memmove(buffer + 2, buffer, 8);
    emit("memmove forward [%s]", buffer);
    strcpy(buffer, "0123456789abcdef");
    memmove(buffer, buffer + 3, 10);
    emit("memmove backward [%s]", buffer);
    memmove(buffer, buffer + 1, 0);
    emit("memmove zero [%s]", buffer);
    unsigned char bytes[40];
    for (int i = 0; i < 40; i++) bytes[i] = (unsigned char)i;
    memmove(bytes + 1, bytes, 37);   // odd offsets: the byte-wise and word-wise paths
    memmove(bytes + 8, bytes + 13, 20);
    char hex[100];
    for (int i = 0; i < 40; i++) snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    emit("memmove mixed %s", hex);
    memset(buffer, 'x', 5);
    buffer[5] = 0;
    emit("memset [%s] memcmp %d %d %d", buffer, sign(memcmp("abc", "abd", 3)), sign(memcmp("abc", "abc", 3)),
         sign(memcmp("\xff", "\x01", 1)));
    emit("memchr %d", (int)((const char *)memchr("find the x here", 'x', 15) - "find the x here"));

    static const struct { const char *a, *b; size_t n; } pairs[] = {
        {"abc", "abd", 2}, {"abc", "abd", 3}, {"abc", "ab", 3}, {"ab", "abc", 3}, {"", "", 5},
        {"a\xff", "a\x01", 2}, {"same", "same", 100}, {"x", "y", 0}, {"ABC", "abc", 3},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        emit("strncmp #%d -> %d, strcmp %d, strcasecmp %d, strncasecmp %d", (int)i,
             sign(strncmp(pairs[i].a, pairs[i].b, pairs[i].n)), sign(strcmp(pairs[i].a, pairs[i].b)),
             sign(strcasecmp(pairs[i].a, pairs[i].b)), sign(strncasecmp(pairs[i].a, pairs[i].b, pairs[i].n)));
    }

    const char *text = "the quick brown fox jumps over the lazy dog";
    emit("strlen %d strnlen %d %d", (int)strlen(text), (int)strnlen(text, 10), (int)strnlen("ab", 10));
    emit("strchr %d strrchr %d strstr %d %d strpbrk %d", (int)(strchr(text, 'q') - text),
         (int)(strrchr(text, 'o') - text), (int)(strstr(text, "the lazy") - text), strstr(text, "cat") != NULL,
         (int)(strpbrk(text, "xyz") - text));
    emit("strspn %d strcspn %d", (int)strspn("aaabbbccc", "ab"), (int)strcspn("hello, world", ",;"));
    char padded[12];
    memset(padded, '#', sizeof padded);
    strncpy(padded, "abc", 8);
    for (int i = 0; i < 12; i++) snprintf(hex + 2 * i, 3, "%02x", (unsigned char)padded[i]);
    emit("strncpy pads %s", hex);
    strcpy(buffer, "abc");
    strncat(buffer, "defghij", 3);
    strcat(buffer, "!");
    emit("strncat [%s]", buffer);
    char tokens[] = "  alpha, beta,,gamma ;delta  ";
    char *saved = NULL;
    char list[100] = "";
    for (char *t = strtok_r(tokens, " ,;", &saved); t; t = strtok_r(NULL, " ,;", &saved)) {
        strcat(list, "<");
        strcat(list, t);
        strcat(list, ">");
    }
    emit("strtok_r %s", list);
    char *copy = strdup("duplicate me");
    char *copy_n = strndup("duplicate me", 9);
    emit("strdup [%s] strndup [%s]", copy, copy_n);
    free(copy);
    free(copy_n);
}

static void ctype_cases(void) {
    static int (*const classes[])(int) = {isalnum, isalpha, isblank, iscntrl, isdigit, isgraph,
                                          islower, isprint, ispunct, isspace, isupper, isxdigit};
    static const char *const names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                        "lower", "print", "punct", "space", "upper", "xdigit"};
    for (int c = 0; c < 12; c++) {
        char bits[129];
        for (int ch = 0; ch < 128; ch++) bits[ch] = classes[c](ch) ? '1' : '0';
        bits[128] = 0;
        emit("ctype %s %s eof %d", names[c], bits, classes[c](EOF) != 0);
    }
    char mapped[129];
    for (int ch = 1; ch < 128; ch++) mapped[ch - 1] = (char)(ch % 2 ? toupper(ch) : tolower(ch));
    mapped[127] = 0;
    unsigned sum = 0;
    for (int i = 0; i < 127; i++) sum = sum * 31 + (unsigned char)mapped[i];
    emit("toupper/tolower checksum %u", sum);
}

static void time_cases(void) {
    static const long long moments[] = {0, 951782400, 1234567890, 2147483647, 1700000000, 4102444800LL};
    for (size_t i = 0; i < sizeof moments / sizeof moments[0]; i++) {
        time_t t = (time_t)moments[i];
        struct tm broken;
        gmtime_r(&t, &broken);
        char text[80];
        strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %j %a %A %b %B %y %p %I %w %%", &broken);
        struct tm again = broken;
        time_t back = mktime(&again);   // the zone is UTC on both sides
        emit("time %lld -> %s wday %d yday %d mktime %lld", moments[i], text, broken.tm_wday, broken.tm_yday,
             (long long)back);
    }
    struct tm normalise = {.tm_year = 124, .tm_mon = 1, .tm_mday = 30, .tm_hour = 25, .tm_min = 61, .tm_sec = 61};
    time_t t = mktime(&normalise);
    char text[40];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &normalise);
    emit("mktime normalises 2024-02-30 25:61:61 -> %s (%lld)", text, (long long)t);
}

void libc_cases_run(void (*emit_function)(const char *line)) {
    emit_line = emit_function;
    printf_cases();
    conversion_cases();
    strtod_cases();
    arithmetic_cases();
    sorting_cases();
    memory_cases();
    ctype_cases();
    time_cases();
}
