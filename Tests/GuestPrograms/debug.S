/* SPDX-License-Identifier: MIT */
/* The debug option as firmware uses it: BREAK and BREAK.N, IBREAK (checked before the instruction runs),
 * DBREAK on stores and loads with the watched block size from DBREAKC's mask (DBNUM in DEBUGCAUSE 11:8), and
 * ICOUNT. Debug exceptions enter the level-6 vector with EPC6/EPS6 and return with RFI 6. QEMU: dc233c */
#include "harness.inc"
    .data
    .align 4
watched: .long 0, 0, 0, 0
    .text
    .global main
main:
    set_handler debug, debug_handler
    movi    a9, 0                     /* debug exceptions taken */
    movi    a11, 0                    /* how far the handler advances EPC6 */

    /* BREAK: DEBUGCAUSE.BI, EPC6 at the BREAK */
    movi    a11, 3
.Lbreak:
    break   1, 2
    ASSERT_EQ(a9, 1)
    ASSERT_EQ(a10, 0x08)
    l32r_value a3, .Lbreak
    ASSERT_EQ_REG(a8, a3)
    ASSERT_EQ(a7, 0x40020)            /* EPS6: the interrupted PS */

    /* BREAK.N: DEBUGCAUSE.BN */
    movi    a11, 2
    break.n 5
    ASSERT_EQ(a9, 2)
    ASSERT_EQ(a10, 0x10)

    /* IBREAK: taken before the instruction at IBREAKA0 runs; the handler disarms it and resumes there */
    movi    a11, 0
    movi    a5, 0
    l32r_value a3, .Libreak_target
    wsr     a3, ibreaka0
    movi    a2, 1
    wsr     a2, ibreakenable
    isync
    nop
.Libreak_target:
    addi    a5, a5, 1
    ASSERT_EQ(a9, 3)
    ASSERT_EQ(a10, 0x02)
    ASSERT_EQ_REG(a8, a3)
    ASSERT_EQ(a5, 1)                  /* the instruction ran once, after the exception */

    /* DBREAK 0 on a one-byte store watch */
    l32r_value a4, watched
    addi    a3, a4, 5
    wsr     a3, dbreaka0
    l32r_value a2, 0x8000003F         /* stores, 1 byte */
    wsr     a2, dbreakc0
    dsync
    movi    a6, 0x77
    s32i    a6, a4, 0                 /* bytes 0-3: outside the watched byte */
    ASSERT_EQ(a9, 3)
.Ldbreak_store:
    s32i    a6, a4, 4                 /* covers byte 5 */
    ASSERT_EQ(a9, 4)
    ASSERT_EQ(a10, 0x04)
    l32r_value a3, .Ldbreak_store
    ASSERT_EQ_REG(a8, a3)
    l32i    a6, a4, 4                 /* a load does not trigger a store watch */
    ASSERT_EQ(a9, 4)
    ASSERT_EQ(a6, 0x77)               /* and the store happened after the exception */

    /* DBREAK 1 on loads of a 4-byte block: DBNUM = 1 */
    addi    a3, a4, 8
    wsr     a3, dbreaka1
    l32r_value a2, 0x4000003C         /* loads, 4 bytes */
    wsr     a2, dbreakc1
    dsync
    s32i    a6, a4, 8                 /* a store does not trigger a load watch */
    ASSERT_EQ(a9, 4)
    l16ui   a6, a4, 10
    ASSERT_EQ(a9, 5)
    ASSERT_EQ(a10, 0x104)

    /* ICOUNT counts instructions while ICOUNTLEVEL > CINTLEVEL and traps when it would wrap */
    movi    a9, 0
    movi    a2, -3
    wsr     a2, icount
    movi    a2, 1
    wsr     a2, icountlevel
    isync
    nop
    nop
    nop
    nop
    nop
    ASSERT_EQ(a9, 1)
    ASSERT_EQ(a10, 0x01)
    PASS

    .align 4
debug_handler:
    addi    a9, a9, 1
    rsr     a10, debugcause
    extui   a10, a10, 0, 12
    rsr     a8, epc6
    rsr     a7, eps6
    movi    a2, 0
    wsr     a2, ibreakenable
    wsr     a2, dbreakc0
    wsr     a2, dbreakc1
    wsr     a2, icountlevel
    add     a2, a8, a11
    wsr     a2, epc6
    rsr     a0, excsave6
    rfi     6
