// SPDX-License-Identifier: MIT
// Single-precision division for the compiler (__divsf3): the ESP32's FPU multiplies and adds but has no divide
// instruction. IEEE 754 binary32 with round-to-nearest-even, subnormals, signed zeros, infinities and NaNs,
// done with integer long division. Tested against the host's division (Tests/HostDifferential).
#include <stdint.h>

typedef union {
    float value;
    uint32_t bits;
} binary32;

static float from_bits(uint32_t bits) { return (binary32){.bits = bits}.value; }

/// The significand with its implicit bit (24 bits) and the unbiased-plus-127 exponent, subnormals normalised.
static uint32_t unpack(uint32_t bits, int *exponent) {
    uint32_t fraction = bits & 0x7FFFFF;
    int biased = (int)(bits >> 23 & 0xFF);
    if (biased != 0) {
        *exponent = biased;
        return fraction | 0x800000;
    }
    int shift = __builtin_clz(fraction) - 8;   // move the leading 1 to bit 23
    *exponent = 1 - shift;
    return fraction << shift;
}

float __divsf3(float a, float b) {
    uint32_t x = (binary32){.value = a}.bits, y = (binary32){.value = b}.bits;
    uint32_t sign = (x ^ y) & 0x80000000u;
    uint32_t xa = x & 0x7FFFFFFFu, ya = y & 0x7FFFFFFFu;
    const uint32_t infinity = 0x7F800000u, quiet_nan = 0x7FC00000u;
    if (xa > infinity) return from_bits(x | 0x400000u);          // NaN operands propagate, quieted
    if (ya > infinity) return from_bits(y | 0x400000u);
    if (xa == infinity) return from_bits(ya == infinity ? quiet_nan : sign | infinity);
    if (ya == infinity) return from_bits(sign);
    if (ya == 0) return from_bits(xa == 0 ? quiet_nan : sign | infinity);
    if (xa == 0) return from_bits(sign);

    int ex, ey;
    uint32_t mx = unpack(xa, &ex), my = unpack(ya, &ey);
    int exponent = ex - ey + 127;
    // Quotient with 27 significant bits: 24 for the result, then guard and round bits; the rest is sticky.
    uint64_t numerator = (uint64_t)mx << 26;
    if (mx < my) {
        numerator <<= 1;
        exponent -= 1;
    }
    uint32_t quotient = (uint32_t)(numerator / my);
    uint32_t sticky = numerator % my != 0;
    if (exponent >= 255) return from_bits(sign | infinity);
    if (exponent <= 0) {
        // Subnormal: shift right, keeping whatever falls off as sticky.
        int shift = 1 - exponent;
        if (shift > 27) {
            sticky |= quotient != 0;
            quotient = 0;
        } else {
            sticky |= (quotient & ((1u << shift) - 1)) != 0;
            quotient >>= shift;
        }
        exponent = 0;
    }
    uint32_t significand = quotient >> 3;
    uint32_t rest = quotient & 7;
    if (rest > 4 || (rest == 4 && (sticky || (significand & 1)))) significand += 1;   // to nearest, ties to even
    // Compose: a normal number's implicit bit lands in the exponent field, so adding carries correctly, also
    // when rounding turns the largest subnormal into the smallest normal or overflows to infinity.
    uint32_t bits = exponent == 0 ? significand : ((uint32_t)(exponent - 1) << 23) + significand;
    if (bits >= infinity) return from_bits(sign | infinity);
    return from_bits(sign | bits);
}
