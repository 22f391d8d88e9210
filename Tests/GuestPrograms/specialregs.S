/* SPDX-License-Identifier: MIT */
/* The ESP32's special-register access matrix: widths and write masks, XSR exchange, read-only registers,
 * and the encodings that decode but are illegal on the ESP32 (LITBASE, WSR CONFIGID0, WSR/XSR DEBUGCAUSE). */
#include "harness.inc"

    /* write_read sr, value, expected: WSR then RSR must give `expected` */
    .macro write_read sr, value, expected
    l32r_value a2, \value
    wsr     a2, \sr
    rsr     a3, \sr
    ASSERT_EQ(a3, \expected)
    .endm

    .macro expect_illegal bytes:vararg
    movi    a10, -1
    .byte   \bytes
    ASSERT_EQ(a10, 0)
    .endm

    .global main
main:
    set_handler user, illegal_handler
    write_read sar, 0xFFFFFFFF, 0x3F
    write_read br, 0xFFFFFFFF, 0xFFFF
    write_read scompare1, 0x12345678, 0x12345678
    write_read acclo, 0xDEADBEEF, 0xDEADBEEF
    write_read acchi, 0x000000FF, 0xFFFFFFFF
    write_read acchi, 0xFFFFFF7F, 0x7F
    write_read m0, 0x11111111, 0x11111111
    write_read m1, 0x22222222, 0x22222222
    write_read m2, 0x33333333, 0x33333333
    write_read m3, 0x44444444, 0x44444444
    write_read ibreakenable, 0xFFFFFFFF, 3
    write_read ibreakenable, 0, 0
    write_read memctl, 0xFFFFFFFF, 1
    write_read atomctl, 0xFFFFFFFF, 0x3F
    write_read atomctl, 0x15, 0x15
    write_read ddr, 0xA5A5A5A5, 0xA5A5A5A5
    write_read ibreaka0, 0x40080000, 0x40080000
    write_read ibreaka1, 0x40080004, 0x40080004
    write_read dbreaka0, 0x3FFB0000, 0x3FFB0000
    write_read dbreaka1, 0x3FFB0004, 0x3FFB0004
    write_read dbreakc0, 0xFFFFFFFF, 0xC000003F
    write_read dbreakc0, 0, 0
    write_read dbreakc1, 0xFFFFFFFF, 0xC000003F
    write_read dbreakc1, 0, 0
    write_read epc1, 0x1001, 0x1001
    write_read epc2, 0x1002, 0x1002
    write_read epc3, 0x1003, 0x1003
    write_read epc4, 0x1004, 0x1004
    write_read epc5, 0x1005, 0x1005
    write_read epc6, 0x1006, 0x1006
    write_read epc7, 0x1007, 0x1007
    write_read depc, 0x1008, 0x1008
    write_read eps2, 0xFFFFFFFF, 0x00070F3F
    write_read eps7, 0x00040025, 0x00040025
    write_read excsave1, 0x2001, 0x2001
    write_read excsave7, 0x2007, 0x2007
    write_read cpenable, 0xFFFFFFFF, 0xFF
    write_read cpenable, 0, 0
    write_read exccause, 0xFFFFFFFF, 0x3F
    write_read icountlevel, 0xFFFFFFFF, 0xF
    write_read icountlevel, 0, 0
    write_read icount, 0x77, 0x77
    write_read excvaddr, 0xCAFE0000, 0xCAFE0000
    write_read misc0, 0x100, 0x100
    write_read misc1, 0x101, 0x101
    write_read misc2, 0x102, 0x102
    write_read misc3, 0x103, 0x103
    write_read lbeg, 0x4000, 0x4000
    write_read lend, 0x4010, 0x4010
    write_read lcount, 0, 0

    /* XSR exchanges */
    movi    a2, 0x55
    wsr     a2, misc0
    movi    a3, 0x66
    xsr     a3, misc0
    ASSERT_EQ(a3, 0x55)
    rsr     a3, misc0
    ASSERT_EQ(a3, 0x66)

    /* read-only identification registers */
    rsr     a3, prid
    ASSERT_EQ(a3, 0xCDCD)
    rsr     a3, configid0
    ASSERT_EQ(a3, 0xC2BCFFFE)
    rsr     a3, configid1
    ASSERT_EQ(a3, 0x1CC5FE96)
    rsr     a3, vecbase
    ASSERT_EQ(a3, 0xFE000400)

    /* CCOUNT advances and can be written */
    rsr     a3, ccount
    rsr     a4, ccount
    sub     a5, a4, a3
    ASSERT_EQ(a5, 1)
    l32r_value a2, 0x10000
    wsr     a2, ccount
    rsr     a3, ccount
    sub     a5, a3, a2
    bltui   a5, 4, 1f
    j       .Lccount_bad
1:
    /* user register THREADPTR */
    l32r_value a2, 0x3FFB1234
    wur     a2, threadptr
    rur     a3, threadptr
    ASSERT_EQ(a3, 0x3FFB1234)

    expect_illegal 0x20, 0x05, 0x03         /* rsr a2, litbase */
    expect_illegal 0x20, 0x05, 0x13         /* wsr a2, litbase */
    expect_illegal 0x20, 0xB0, 0x13         /* wsr a2, configid0 */
    expect_illegal 0x20, 0xE9, 0x13         /* wsr a2, debugcause */
    expect_illegal 0x20, 0xE9, 0x61         /* xsr a2, debugcause */
    PASS
.Lccount_bad:
    movi    a15, __LINE__
    mov     a13, a5
    j       test_fail

    .align 4
illegal_handler:
    rsr     a10, exccause
    rsr     a13, epc1
    addi    a13, a13, 3
    wsr     a13, epc1
    rsr     a0, excsave1
    rfe
