/* SPDX-License-Identifier: MIT */
/* Loads and stores of every width, sign and zero extension, offsets, density forms, L32R, and unaligned
 * data accesses (the ESP32 performs them in hardware). QEMU: none (its cores raise alignment exceptions) */
#include "harness.inc"
    .data
    .align 4
buffer: .long 0x89ABCDEF, 0x01234567, 0, 0, 0, 0, 0, 0
    .section .literal, "ax"
    .align 4
literal_word: .long 0xCAFEF00D
    .text
    .global main
main:
    l32r_value a2, buffer
    l8ui    a3, a2, 0
    ASSERT_EQ(a3, 0xEF)
    l8ui    a3, a2, 3
    ASSERT_EQ(a3, 0x89)
    l16ui   a3, a2, 2
    ASSERT_EQ(a3, 0x89AB)
    l16si   a3, a2, 2
    ASSERT_EQ(a3, 0xFFFF89AB)
    l16si   a3, a2, 4
    ASSERT_EQ(a3, 0x4567)
    l32i    a3, a2, 4
    ASSERT_EQ(a3, 0x01234567)
    l32i.n  a3, a2, 0
    ASSERT_EQ(a3, 0x89ABCDEF)
    l32r    a3, literal_word
    ASSERT_EQ(a3, 0xCAFEF00D)

    movi    a4, 0x5A
    s8i     a4, a2, 9
    l32r_value a4, 0xBEEF
    s16i    a4, a2, 10
    l32i    a3, a2, 8
    ASSERT_EQ(a3, 0xBEEF5A00)
    l32r_value a4, 0x11223344
    s32i    a4, a2, 12
    s32i.n  a4, a2, 16
    l32i    a3, a2, 12
    ASSERT_EQ(a3, 0x11223344)
    l32i.n  a3, a2, 16
    ASSERT_EQ(a3, 0x11223344)
    /* the largest offsets */
    l32r_value a5, buffer - 1020
    l32i    a3, a5, 1020
    ASSERT_EQ(a3, 0x89ABCDEF)
    l32r_value a5, buffer - 510
    l16ui   a3, a5, 510
    ASSERT_EQ(a3, 0xCDEF)
    l32r_value a5, buffer - 255
    l8ui    a3, a5, 255
    ASSERT_EQ(a3, 0xEF)

    /* unaligned accesses */
    l32i    a3, a2, 0
    addi    a5, a2, 1
    l32i    a3, a5, 0
    ASSERT_EQ(a3, 0x6789ABCD)
    l16ui   a3, a5, 0
    ASSERT_EQ(a3, 0xABCD)
    l32r_value a4, 0xA1B2C3D4
    s32i    a4, a5, 20
    l32i    a3, a2, 20
    ASSERT_EQ(a3, 0xB2C3D400)
    l8ui    a3, a2, 24
    ASSERT_EQ(a3, 0xA1)
    PASS
