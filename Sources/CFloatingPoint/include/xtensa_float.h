// SPDX-License-Identifier: MIT
// Single-precision arithmetic with an explicit rounding mode and IEEE exception flags, for the emulated
// ESP32 FPU. Written in C because only C can tell the compiler that arithmetic depends on the dynamic
// rounding mode (#pragma STDC FENV_ACCESS); Swift's optimiser assumes round-to-nearest.
#pragma once
#include <stdint.h>

/// Xtensa FCR rounding modes (FCR bits 1:0).
enum { XT_ROUND_NEAREST = 0, XT_ROUND_TOWARD_ZERO = 1, XT_ROUND_UP = 2, XT_ROUND_DOWN = 3 };

/// Xtensa FSR flag bits (FSR bits 11:7).
enum { XT_FLAG_INEXACT = 0x80, XT_FLAG_UNDERFLOW = 0x100, XT_FLAG_OVERFLOW = 0x200,
       XT_FLAG_DIVIDE_BY_ZERO = 0x400, XT_FLAG_INVALID = 0x800 };

/// Operations on raw single-precision bit patterns. `rounding` is an XT_ROUND_* value; raised exceptions
/// are OR-ed into *flags as XT_FLAG_* bits.
uint32_t xt_float_add(uint32_t a, uint32_t b, int rounding, uint32_t *flags);
uint32_t xt_float_sub(uint32_t a, uint32_t b, int rounding, uint32_t *flags);
uint32_t xt_float_mul(uint32_t a, uint32_t b, int rounding, uint32_t *flags);
uint32_t xt_float_div(uint32_t a, uint32_t b, int rounding, uint32_t *flags);
uint32_t xt_float_sqrt(uint32_t a, int rounding, uint32_t *flags);
/// a + b·c with one rounding (MADD.S); MSUB.S passes -b.
uint32_t xt_float_fma(uint32_t a, uint32_t b, uint32_t c, int rounding, uint32_t *flags);
/// (float)value · 2^-scale, signed or unsigned value (FLOAT.S / UFLOAT.S).
uint32_t xt_float_from_int(int32_t value, int scale, int rounding, uint32_t *flags);
uint32_t xt_float_from_uint(uint32_t value, int scale, int rounding, uint32_t *flags);
/// value · 2^scale converted to int32 with the given rounding (ROUND/TRUNC/FLOOR/CEIL.S): NaN and positive
/// overflow give 0x7FFFFFFF, negative overflow 0x80000000, both with the invalid flag.
int32_t xt_float_to_int(uint32_t value, int scale, int rounding, uint32_t *flags);
/// UTRUNC.S: toward zero to uint32; NaN and values ≥ 2^32 give 0xFFFFFFFF (invalid); negative values convert
/// as signed, with the invalid flag when the result is not zero (QEMU's model).
uint32_t xt_float_to_uint(uint32_t value, int scale, uint32_t *flags);

/// Comparison results for the FP compare instructions.
enum { XT_COMPARE_UNORDERED = 1, XT_COMPARE_EQUAL = 2, XT_COMPARE_LESS = 4 };
/// Compares a and b. `signaling` makes any NaN raise invalid (OLT.S/OLE.S); otherwise only signalling NaNs do.
int xt_float_compare(uint32_t a, uint32_t b, int signaling, uint32_t *flags);
