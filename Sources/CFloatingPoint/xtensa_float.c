// SPDX-License-Identifier: MIT
#include "xtensa_float.h"
#include <fenv.h>
#include <math.h>
#include <string.h>

#pragma STDC FENV_ACCESS ON

static float as_float(uint32_t bits) { float f; memcpy(&f, &bits, 4); return f; }
static uint32_t as_bits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

static const int host_modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };

static void enter(int rounding) {
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(host_modes[rounding & 3]);
}

static void leave(uint32_t *flags) {
    int raised = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    if (raised & FE_INEXACT) *flags |= XT_FLAG_INEXACT;
    if (raised & FE_UNDERFLOW) *flags |= XT_FLAG_UNDERFLOW;
    if (raised & FE_OVERFLOW) *flags |= XT_FLAG_OVERFLOW;
    if (raised & FE_DIVBYZERO) *flags |= XT_FLAG_DIVIDE_BY_ZERO;
    if (raised & FE_INVALID) *flags |= XT_FLAG_INVALID;
}

/// The ESP32's FPU returns the default NaN for every NaN result (as QEMU's DFPU model does).
static uint32_t result(float value) { return isnan(value) ? 0x7FC00000u : as_bits(value); }

uint32_t xt_float_add(uint32_t a, uint32_t b, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = as_float(a) + as_float(b);
    leave(flags);
    return result(r);
}

uint32_t xt_float_sub(uint32_t a, uint32_t b, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = as_float(a) - as_float(b);
    leave(flags);
    return result(r);
}

uint32_t xt_float_mul(uint32_t a, uint32_t b, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = as_float(a) * as_float(b);
    leave(flags);
    return result(r);
}

uint32_t xt_float_div(uint32_t a, uint32_t b, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = as_float(a) / as_float(b);
    leave(flags);
    return result(r);
}

uint32_t xt_float_sqrt(uint32_t a, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = sqrtf(as_float(a));
    leave(flags);
    return result(r);
}

uint32_t xt_float_fma(uint32_t a, uint32_t b, uint32_t c, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = fmaf(as_float(b), as_float(c), as_float(a));
    leave(flags);
    return result(r);
}

uint32_t xt_float_from_int(int32_t value, int scale, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = ldexpf((float)value, -scale);
    leave(flags);
    return as_bits(r);
}

uint32_t xt_float_from_uint(uint32_t value, int scale, int rounding, uint32_t *flags) {
    enter(rounding);
    volatile float r = ldexpf((float)value, -scale);
    leave(flags);
    return as_bits(r);
}

int32_t xt_float_to_int(uint32_t value, int scale, int rounding, uint32_t *flags) {
    float f = as_float(value);
    if (isnan(f)) {
        *flags |= XT_FLAG_INVALID;
        return 0x7FFFFFFF;
    }
    enter(rounding);
    volatile double scaled = ldexp((double)f, scale);    // exact: a float times a power of two fits a double
    volatile double rounded = nearbyint(scaled);
    leave(flags);
    if (rounded >= 2147483648.0) {
        *flags |= XT_FLAG_INVALID;
        return 0x7FFFFFFF;
    }
    if (rounded < -2147483648.0) {
        *flags |= XT_FLAG_INVALID;
        return (int32_t)0x80000000u;
    }
    if (rounded != scaled) *flags |= XT_FLAG_INEXACT;
    return (int32_t)rounded;
}

uint32_t xt_float_to_uint(uint32_t value, int scale, uint32_t *flags) {
    float f = as_float(value);
    if (isnan(f)) {
        *flags |= XT_FLAG_INVALID;
        return 0xFFFFFFFFu;
    }
    double scaled = ldexp((double)f, scale);
    double truncated = trunc(scaled);
    if (truncated >= 4294967296.0) {
        *flags |= XT_FLAG_INVALID;
        return 0xFFFFFFFFu;
    }
    if (truncated < 0) {
        if (truncated < -2147483648.0) {
            *flags |= XT_FLAG_INVALID;
            return 0x80000000u;
        }
        int32_t signed_result = (int32_t)truncated;
        if (signed_result != 0) *flags |= XT_FLAG_INVALID;
        else if (truncated != scaled) *flags |= XT_FLAG_INEXACT;
        return (uint32_t)signed_result;
    }
    if (truncated != scaled) *flags |= XT_FLAG_INEXACT;
    return (uint32_t)truncated;
}

static int is_signaling_nan(uint32_t bits) {
    return (bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0 && !(bits & 0x00400000u);
}

int xt_float_compare(uint32_t a, uint32_t b, int signaling, uint32_t *flags) {
    float x = as_float(a), y = as_float(b);
    if (isnan(x) || isnan(y)) {
        if (signaling || is_signaling_nan(a) || is_signaling_nan(b)) *flags |= XT_FLAG_INVALID;
        return XT_COMPARE_UNORDERED;
    }
    if (x == y) return XT_COMPARE_EQUAL;
    return x < y ? XT_COMPARE_LESS : 0;
}
