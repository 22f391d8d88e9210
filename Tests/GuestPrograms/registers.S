/* SPDX-License-Identifier: MIT */
/* The rest of the ESP32's instruction set: XSR of every special register that has it (exchanging a register
 * with its own value), RSR/WSR forms not used elsewhere, CALLX4, the remaining synchronisation no-ops, NOP.N,
 * the EXPSTATE port (QEMU's model: no wires, a bit register), RER/WER (no external-register devices: reads give
 * 0), the F64 user registers, WSR MMID (a trace marker: no effect), RITLB0, and every opcode that decodes but is
 * illegal on the ESP32 (each must raise IllegalInstruction). */
#include "harness.inc"
    .global main
main:
    set_handler user, illegal_handler
    movi    a2, 1
    wsr     a2, cpenable
    rsr     a2, sar
    mov     a3, a2
    xsr     a3, sar
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, sar
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, lbeg
    mov     a3, a2
    xsr     a3, lbeg
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, lbeg
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, lend
    mov     a3, a2
    xsr     a3, lend
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, lend
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, lcount
    mov     a3, a2
    xsr     a3, lcount
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, lcount
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, scompare1
    mov     a3, a2
    xsr     a3, scompare1
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, scompare1
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, memctl
    mov     a3, a2
    xsr     a3, memctl
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, memctl
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, atomctl
    mov     a3, a2
    xsr     a3, atomctl
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, atomctl
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, ddr
    mov     a3, a2
    xsr     a3, ddr
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, ddr
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, ibreakenable
    mov     a3, a2
    xsr     a3, ibreakenable
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, ibreakenable
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, ibreaka0
    mov     a3, a2
    xsr     a3, ibreaka0
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, ibreaka0
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, ibreaka1
    mov     a3, a2
    xsr     a3, ibreaka1
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, ibreaka1
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, dbreaka0
    mov     a3, a2
    xsr     a3, dbreaka0
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, dbreaka0
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, dbreaka1
    mov     a3, a2
    xsr     a3, dbreaka1
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, dbreaka1
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, dbreakc0
    mov     a3, a2
    xsr     a3, dbreakc0
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, dbreakc0
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, dbreakc1
    mov     a3, a2
    xsr     a3, dbreakc1
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, dbreakc1
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, epc1
    mov     a3, a2
    xsr     a3, epc1
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, epc1
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, epc2
    mov     a3, a2
    xsr     a3, epc2
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, epc2
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, epc3
    mov     a3, a2
    xsr     a3, epc3
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, epc3
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, epc4
    mov     a3, a2
    xsr     a3, epc4
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, epc4
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, epc5
    mov     a3, a2
    xsr     a3, epc5
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, epc5
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, epc6
    mov     a3, a2
    xsr     a3, epc6
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, epc6
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, epc7
    mov     a3, a2
    xsr     a3, epc7
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, epc7
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, depc
    mov     a3, a2
    xsr     a3, depc
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, depc
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, eps2
    mov     a3, a2
    xsr     a3, eps2
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, eps2
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, eps3
    mov     a3, a2
    xsr     a3, eps3
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, eps3
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, eps4
    mov     a3, a2
    xsr     a3, eps4
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, eps4
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, eps5
    mov     a3, a2
    xsr     a3, eps5
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, eps5
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, eps6
    mov     a3, a2
    xsr     a3, eps6
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, eps6
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, eps7
    mov     a3, a2
    xsr     a3, eps7
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, eps7
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excsave1
    mov     a3, a2
    xsr     a3, excsave1
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excsave1
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excsave2
    mov     a3, a2
    xsr     a3, excsave2
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excsave2
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excsave3
    mov     a3, a2
    xsr     a3, excsave3
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excsave3
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excsave4
    mov     a3, a2
    xsr     a3, excsave4
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excsave4
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excsave5
    mov     a3, a2
    xsr     a3, excsave5
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excsave5
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excsave6
    mov     a3, a2
    xsr     a3, excsave6
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excsave6
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excsave7
    mov     a3, a2
    xsr     a3, excsave7
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excsave7
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, cpenable
    mov     a3, a2
    xsr     a3, cpenable
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, cpenable
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, intenable
    mov     a3, a2
    xsr     a3, intenable
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, intenable
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, ps
    mov     a3, a2
    xsr     a3, ps
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, ps
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, vecbase
    mov     a3, a2
    xsr     a3, vecbase
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, vecbase
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, exccause
    mov     a3, a2
    xsr     a3, exccause
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, exccause
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, icount
    mov     a3, a2
    xsr     a3, icount
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, icount
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, icountlevel
    mov     a3, a2
    xsr     a3, icountlevel
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, icountlevel
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, excvaddr
    mov     a3, a2
    xsr     a3, excvaddr
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, excvaddr
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, misc1
    mov     a3, a2
    xsr     a3, misc1
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, misc1
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, misc2
    mov     a3, a2
    xsr     a3, misc2
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, misc2
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, misc3
    mov     a3, a2
    xsr     a3, misc3
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, misc3
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, windowbase
    mov     a3, a2
    xsr     a3, windowbase
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, windowbase
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, windowstart
    mov     a3, a2
    xsr     a3, windowstart
    ASSERT_EQ_REG(a3, a2)
    rsr     a4, windowstart
    ASSERT_EQ_REG(a4, a2)
    rsr     a2, ccount
    xsr     a2, ccount
    rsr     a2, ccompare0
    mov     a3, a2
    xsr     a3, ccompare0
    ASSERT_EQ_REG(a3, a2)
    rsr     a2, ccompare1
    mov     a3, a2
    xsr     a3, ccompare1
    ASSERT_EQ_REG(a3, a2)
    rsr     a2, ccompare2
    mov     a3, a2
    xsr     a3, ccompare2
    ASSERT_EQ_REG(a3, a2)
    l32r_value a2, 0x40023
    wsr     a2, eps3
    rsr     a3, eps3
    ASSERT_EQ(a3, 0x40023)
    l32r_value a2, 0x40024
    wsr     a2, eps4
    rsr     a3, eps4
    ASSERT_EQ(a3, 0x40024)
    l32r_value a2, 0x40025
    wsr     a2, eps5
    rsr     a3, eps5
    ASSERT_EQ(a3, 0x40025)
    l32r_value a2, 0x40026
    wsr     a2, eps6
    rsr     a3, eps6
    ASSERT_EQ(a3, 0x40026)
    l32r_value a2, 0x222
    wsr     a2, excsave2
    rsr     a3, excsave2
    ASSERT_EQ(a3, 0x222)
    l32r_value a2, 0x444
    wsr     a2, excsave4
    rsr     a3, excsave4
    ASSERT_EQ(a3, 0x444)
    /* CALLX4 and the no-ops */
    movi    a6, 5
    l32r_value a5, add_one
    callx4  a5
    ASSERT_EQ(a6, 6)
    memw
    extw
    esync
    excw
    nop.n
    /* EXPSTATE */
    movi    a2, 0x0F
    .byte   0x20, 0xe6, 0xf3        /* wur a2, expstate */
    .byte   0x50, 0x10, 0x0e        /* setb_expstate 5 */
    .byte   0x20, 0x10, 0x0e        /* setb_expstate 2: already set */
    .byte   0x00, 0x12, 0x0e        /* clrb_expstate 0 */
    .byte   0x60, 0x2e, 0xe3        /* rur a2, expstate */
    ASSERT_EQ(a2, 0x2E)
    movi    a2, 0x3C
    movi    a3, 0x0F
    .byte   0x20, 0x23, 0x0e        /* wrmsk_expstate a2, a3 */
    .byte   0x60, 0x4e, 0xe3        /* rur a4, expstate */
    ASSERT_EQ(a4, 0x0C)
    movi    a2, 99
    .byte   0x20, 0x00, 0x0e        /* read_impwire a2 */
    ASSERT_EQ(a2, 0)
    /* RER/WER */
    movi    a3, 0x100
    movi    a2, 77
    .byte   0x20, 0x73, 0x40        /* wer a2, a3 */
    .byte   0x20, 0x63, 0x40        /* rer a2, a3 */
    ASSERT_EQ(a2, 0)
    /* F64 user registers */
    l32r_value a2, 0x11223344
    wur     a2, f64r_lo
    rur     a3, f64r_lo
    ASSERT_EQ(a3, 0x11223344)
    wur     a2, f64r_hi
    rur     a3, f64r_hi
    ASSERT_EQ(a3, 0x11223344)
    wur     a2, f64s
    rur     a3, f64s
    ASSERT_EQ(a3, 0x11223344)
    /* WSR MMID and RITLB0 */
    .byte   0x20, 0x59, 0x13        /* wsr a2, mmid */
    l32r_value a2, 0xFE000000
    ritlb0  a3, a2
    ASSERT_EQ(a3, 0xE0000000)
    /* illegal on the ESP32 */
    movi    a10, -1
    .byte   0x80, 0x12, 0xfa            /* recip0.s f1, f2 */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0xa0, 0x02, 0xfa            /* rsqrt0.s f1, f2 */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0xe0, 0x72, 0x00            /* lddr32.p a2 */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0xf0, 0x72, 0x00            /* sddr32.p a2 */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0xe0, 0xf1            /* rfdo 0 */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x10, 0xe0, 0xf1            /* rfdd */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x20, 0x05, 0x61            /* xsr a2, litbase */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x00, 0x8e            /* f64iter */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x00, 0x4e            /* f64rnd */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x00, 0xfb            /* f64addc */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x80, 0xfb            /* f64subc */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0xd0, 0x0e            /* f64sig */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x00, 0xeb            /* f64cmpl */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x00, 0x0f            /* f64cmph */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x00, 0x2e            /* f64norm */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0x00, 0x1e            /* f64sexp */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0xce, 0x0b            /* rf64r */
    ASSERT_EQ(a10, 0)
    movi    a10, -1
    .byte   0x00, 0xe0, 0x0b            /* wf64r */
    ASSERT_EQ(a10, 0)
    PASS

    .align 4
add_one:
    entry   a1, 32
    addi    a2, a2, 1
    retw

    .align 4
illegal_handler:
    rsr     a10, exccause
    rsr     a13, epc1
    addi    a13, a13, 3
    wsr     a13, epc1
    rsr     a0, excsave1
    rfe
