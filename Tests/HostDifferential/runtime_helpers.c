// SPDX-License-Identifier: MIT
// Differential test of the firmware's compiler-runtime helpers against the host: the helpers are compiled
// for the host under other names (see RuntimeHelperTests) and compared with the host's own operations over
// random and special inputs. Prints one line per helper: "<name> <cases> <mismatches>", then any first
// mismatch, and exits 1 if anything differed.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t fw_udivdi3(uint64_t, uint64_t);
uint64_t fw_umoddi3(uint64_t, uint64_t);
int64_t fw_divdi3(int64_t, int64_t);
int64_t fw_moddi3(int64_t, int64_t);
float fw_divsf3(float, float);

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void) {   // xorshift64*
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
}

/// Random 64-bit values with all magnitudes represented (not just huge ones).
static uint64_t random_width(void) {
    uint64_t value = next();
    return value >> (next() % 64);
}

static uint32_t float_bits(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    return bits;
}

static float bits_float(uint32_t bits) {
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

/// Equal as IEEE values: identical bits, or both NaN (payloads differ between implementations).
static int same_float(float a, float b) { return (isnan(a) && isnan(b)) || float_bits(a) == float_bits(b); }

static int failures;

static void report(const char *name, long cases, long mismatches) {
    printf("%s %ld %ld\n", name, cases, mismatches);
    if (mismatches) failures = 1;
}

int main(int argc, char **argv) {
    long count = argc > 1 ? atol(argv[1]) : 2000000;
    long bad[5] = {0};
    for (long i = 0; i < count; i++) {
        uint64_t n = random_width(), d = random_width();
        if (d == 0) d = 1;
        if (fw_udivdi3(n, d) != n / d && bad[0]++ == 0) printf("udivdi3 %llu / %llu\n", (unsigned long long)n, (unsigned long long)d);
        if (fw_umoddi3(n, d) != n % d && bad[1]++ == 0) printf("umoddi3 %llu %% %llu\n", (unsigned long long)n, (unsigned long long)d);
        int64_t sn = (int64_t)n * ((next() & 1) ? -1 : 1), sd = (int64_t)d * ((next() & 1) ? -1 : 1);
        if (sn == INT64_MIN && sd == -1) continue;
        if (fw_divdi3(sn, sd) != sn / sd && bad[2]++ == 0) printf("divdi3 %lld / %lld\n", (long long)sn, (long long)sd);
        if (fw_moddi3(sn, sd) != sn % sd && bad[3]++ == 0) printf("moddi3 %lld %% %lld\n", (long long)sn, (long long)sd);
    }
    report("udivdi3", count, bad[0]);
    report("umoddi3", count, bad[1]);
    report("divdi3", count, bad[2]);
    report("moddi3", count, bad[3]);

    // Floats: random bit patterns (every class: zeros, subnormals, normals, infinities, NaNs) and values of
    // similar magnitude, plus every pairing of the special values.
    static const uint32_t specials[] = {0, 0x80000000u, 1, 0x807FFFFFu, 0x00800000u, 0x7F7FFFFFu, 0x3F800000u,
                                        0xBF800000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u, 0x7F800001u, 0x00400000u};
    long float_cases = 0;
    for (unsigned i = 0; i < sizeof specials / 4; i++)
        for (unsigned j = 0; j < sizeof specials / 4; j++) {
            float a = bits_float(specials[i]), b = bits_float(specials[j]);
            float_cases++;
            if (!same_float(fw_divsf3(a, b), a / b) && bad[4]++ == 0)
                printf("divsf3 %08x / %08x: %08x, host %08x\n", specials[i], specials[j], float_bits(fw_divsf3(a, b)),
                       float_bits(a / b));
        }
    for (long i = 0; i < count; i++) {
        uint32_t x = (uint32_t)next(), y = (i & 1) ? (uint32_t)next() : (x ^ ((uint32_t)next() & 0x807FFFFFu));
        float a = bits_float(x), b = bits_float(y);
        float_cases++;
        if (!same_float(fw_divsf3(a, b), a / b) && bad[4]++ == 0)
            printf("divsf3 %08x / %08x: %08x, host %08x\n", x, y, float_bits(fw_divsf3(a, b)), float_bits(a / b));
    }
    report("divsf3", float_cases, bad[4]);
    return failures;
}
