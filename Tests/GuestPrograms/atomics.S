/* SPDX-License-Identifier: MIT */
/* S32C1I with both outcomes, SCOMPARE1, L32AI/S32RI (acquire/release) and S32NB. */
#include "harness.inc"
    .data
    .align 4
word:   .long 10, 0, 0, 0
    .text
    .global main
main:
    l32r_value a2, word
    movi    a3, 10
    wsr     a3, scompare1
    movi    a4, 99
    s32c1i  a4, a2, 0               /* equal: stores 99, returns 10 */
    ASSERT_EQ(a4, 10)
    l32i    a5, a2, 0
    ASSERT_EQ(a5, 99)
    movi    a4, 55
    s32c1i  a4, a2, 0               /* 99 != 10: no store, returns 99 */
    ASSERT_EQ(a4, 99)
    l32i    a5, a2, 0
    ASSERT_EQ(a5, 99)
    rsr     a6, scompare1
    ASSERT_EQ(a6, 10)

    movi    a4, 0x321
    .byte   0x42, 0xF2, 0x01        /* s32ri a4, a2, 4 */
    .byte   0x52, 0xB2, 0x01        /* l32ai a5, a2, 4 */
    ASSERT_EQ(a5, 0x321)
    movi    a4, 0x456
    .byte   0x40, 0x22, 0x59        /* s32nb a4, a2, 8 */
    l32i    a5, a2, 8
    ASSERT_EQ(a5, 0x456)
    PASS
