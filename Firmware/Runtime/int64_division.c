// SPDX-License-Identifier: MIT
// 64-bit division helpers the compiler calls (__udivdi3 & co.): the Xtensa core divides 32-bit values only.
// Written with 32-bit operations and shifts so that nothing here calls back into these helpers.
#include <stdint.h>

// Restoring division, one quotient bit per step, starting at the divisor's highest useful alignment.
static uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *remainder) {
    if (d == 0) {
        // Undefined in C; trap the way the 32-bit QUOU does (IntegerDivideByZero).
        volatile uint32_t zero = 0;
        *remainder = (uint32_t)(1 / zero);
        return 0;
    }
    if ((n >> 32) == 0 && (d >> 32) == 0) {
        uint32_t q = (uint32_t)n / (uint32_t)d;
        *remainder = (uint32_t)n - q * (uint32_t)d;
        return q;
    }
    if (d > n) {
        *remainder = n;
        return 0;
    }
    int shift = __builtin_clzll(d) - __builtin_clzll(n);
    d <<= shift;
    uint64_t q = 0;
    for (int i = 0; i <= shift; i++) {
        q <<= 1;
        if (n >= d) {
            n -= d;
            q |= 1;
        }
        d >>= 1;
    }
    *remainder = n;
    return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d) {
    uint64_t r;
    return udivmod64(n, d, &r);
}

uint64_t __umoddi3(uint64_t n, uint64_t d) {
    uint64_t r;
    udivmod64(n, d, &r);
    return r;
}

static uint64_t magnitude(int64_t v) { return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; }

int64_t __divdi3(int64_t n, int64_t d) {
    uint64_t r;
    uint64_t q = udivmod64(magnitude(n), magnitude(d), &r);
    return ((n < 0) != (d < 0)) ? (int64_t)((uint64_t)0 - q) : (int64_t)q;
}

int64_t __moddi3(int64_t n, int64_t d) {
    uint64_t r;
    udivmod64(magnitude(n), magnitude(d), &r);
    return n < 0 ? (int64_t)((uint64_t)0 - r) : (int64_t)r;
}
