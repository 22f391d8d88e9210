// SPDX-License-Identifier: MIT
// The C half of the Swift<->C ABI check (see AbiCheck.swift). Swift code is compiled for a riscv32 stand-in
// and C for Xtensa; both then go through the Xtensa backend, so every scalar width must arrive intact in both
// directions. Floating-point values are compared by bit pattern: the check must not depend on FPU or
// soft-float helpers (the sim board's QEMU core has no FPU).
#include <stdbool.h>
#include <stdint.h>
#include "firmware.h"

static uint32_t float_bits(float f) { uint32_t b; __builtin_memcpy(&b, &f, 4); return b; }
static uint64_t double_bits(double d) { uint64_t b; __builtin_memcpy(&b, &d, 8); return b; }
static float float_from(uint32_t b) { float f; __builtin_memcpy(&f, &b, 4); return f; }
static double double_from(uint64_t b) { double d; __builtin_memcpy(&d, &b, 8); return d; }

// Swift -> C: each function checks what arrived and returns a value Swift checks in turn.
int8_t abi_c_int8(int8_t x) { return x == -100 ? (int8_t)-99 : 0; }
uint8_t abi_c_uint8(uint8_t x) { return x == 200 ? 201 : 0; }
int16_t abi_c_int16(int16_t x) { return x == -30000 ? (int16_t)-29999 : 0; }
uint16_t abi_c_uint16(uint16_t x) { return x == 60000 ? 60001 : 0; }
int32_t abi_c_int32(int32_t x) { return x == -2000000000 ? -1999999999 : 0; }
uint32_t abi_c_uint32(uint32_t x) { return x == 4000000000u ? 4000000001u : 0; }
int64_t abi_c_int64(int64_t x) { return x == -0x123456789ABCDEF ? -0x123456789ABCDEE : 0; }
uint64_t abi_c_uint64(uint64_t x) { return x == 0xFEDCBA9876543210u ? 0xFEDCBA9876543211u : 0; }
bool abi_c_bool(bool x) { return !x; }
float abi_c_float(float x) { return float_from(float_bits(x) == 0xC0500000u ? 0x40500000u : 0); }  // -3.25 -> 3.25
double abi_c_double(double x) {
    return double_from(double_bits(x) == 0x7E37E43C8800759Cu ? 0xFE37E43C8800759Cu : 0);  // 1e300 -> -1e300
}
uintptr_t abi_c_pointer(const uint32_t *p) { return p[0] == 0xCAFEF00Du ? (uintptr_t)(p + 1) : 0; }

// Mixed arguments: eight words and more, so some go on the stack, with 64-bit values at odd positions
// (the Xtensa ABI aligns them to an even register pair).
uint32_t abi_c_mixed(uint8_t a, int64_t b, uint16_t c, double d, int32_t e, float f, uint64_t g, int8_t h) {
    uint32_t failures = 0;
    failures |= (a != 0xAB) << 0;
    failures |= (b != -2) << 1;
    failures |= (c != 0xBEEF) << 2;
    failures |= (double_bits(d) != 0x3FF8000000000000u) << 3;  // 1.5
    failures |= (e != -7) << 4;
    failures |= (float_bits(f) != 0x3F000000u) << 5;           // 0.5
    failures |= (g != 0x8000000000000001u) << 6;
    failures |= (h != -1) << 7;
    return failures;
}

// C -> Swift: the Swift side exports these; C checks each answer.
int8_t abi_swift_int8(int8_t);
uint8_t abi_swift_uint8(uint8_t);
int16_t abi_swift_int16(int16_t);
uint16_t abi_swift_uint16(uint16_t);
int32_t abi_swift_int32(int32_t);
uint32_t abi_swift_uint32(uint32_t);
int64_t abi_swift_int64(int64_t);
uint64_t abi_swift_uint64(uint64_t);
bool abi_swift_bool(bool);
float abi_swift_float(float);
double abi_swift_double(double);
uint32_t abi_swift_mixed(uint8_t, int64_t, uint16_t, double, int32_t, float, uint64_t, int8_t);

static uint32_t failures;

static void check(bool ok, const char *what) {
    if (ok) return;
    failures++;
    fw_console_puts("ABI FAIL (C calls Swift): ");
    fw_console_puts(what);
    fw_console_puts("\n");
}

uint32_t abi_c_calls_swift(void) {
    failures = 0;
    check(abi_swift_int8(-100) == -99, "int8");
    check(abi_swift_uint8(200) == 201, "uint8");
    check(abi_swift_int16(-30000) == -29999, "int16");
    check(abi_swift_uint16(60000) == 60001, "uint16");
    check(abi_swift_int32(-2000000000) == -1999999999, "int32");
    check(abi_swift_uint32(4000000000u) == 4000000001u, "uint32");
    check(abi_swift_int64(-0x123456789ABCDEF) == -0x123456789ABCDEE, "int64");
    check(abi_swift_uint64(0xFEDCBA9876543210u) == 0xFEDCBA9876543211u, "uint64");
    check(abi_swift_bool(true) == false && abi_swift_bool(false) == true, "bool");
    check(float_bits(abi_swift_float(float_from(0xC0500000u))) == 0x40500000u, "float");
    check(double_bits(abi_swift_double(double_from(0x7E37E43C8800759Cu))) == 0xFE37E43C8800759Cu, "double");
    check(abi_swift_mixed(0xAB, -2, 0xBEEF, double_from(0x3FF8000000000000u), -7, float_from(0x3F000000u),
                          0x8000000000000001u, -1) == 0, "mixed arguments");
    return failures;
}
