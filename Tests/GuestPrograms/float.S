/* SPDX-License-Identifier: MIT */
/* The single-precision FPU (coprocessor 0): loads/stores including the ESP32's post-increment forms,
 * moves, conversions with scale and their edge cases, compares including NaN, arithmetic in all four
 * rounding modes with the FSR flags, fused multiply-add, CONST.S, the divide/square-root helper steps, FCR and
 * FSR widths, and Coprocessor0Disabled when CPENABLE bit 0 is clear. QEMU: de233_fpu */
#include "harness.inc"

    /* op3 insn, a, b, rounding, result, flags: f1 <- a, f2 <- b, FCR <- rounding, FSR <- 0, `insn f0, f1, f2`,
     * then f0 and FSR must be result and flags. */
    .macro op3_at insn, a, b, rounding, result, flags, line
    l32r_value a2, \a
    wfr     f1, a2
    l32r_value a2, \b
    wfr     f2, a2
    movi    a2, \rounding
    wur     a2, fcr
    movi    a2, 0
    wur     a2, fsr
    \insn   f0, f1, f2
    rfr     a3, f0
    assert_eq a3, \result, \line
    rur     a3, fsr
    assert_eq a3, \flags, \line
    .endm
#define OP3(insn, a, b, rm, result, flags) op3_at insn, a, b, rm, result, flags, __LINE__

    /* to_int insn, value, scale, result, flags: a3 <- insn(f1 = value, scale) */
    .macro to_int_at insn, value, scale, result, flags, line
    l32r_value a2, \value
    wfr     f1, a2
    movi    a2, 0
    wur     a2, fsr
    \insn   a3, f1, \scale
    assert_eq a3, \result, \line
    rur     a3, fsr
    assert_eq a3, \flags, \line
    .endm
#define TO_INT(insn, value, scale, result, flags) to_int_at insn, value, scale, result, flags, __LINE__

    /* compare insn, a, b, expected bit (b5), flags */
    .macro compare_at insn, a, b, expected, flags, line
    l32r_value a2, \a
    wfr     f1, a2
    l32r_value a2, \b
    wfr     f2, a2
    movi    a2, 0
    wur     a2, fsr
    wsr     a2, br
    \insn   b5, f1, f2
    rsr     a3, br
    extui   a3, a3, 5, 1
    assert_eq a3, \expected, \line
    rur     a3, fsr
    assert_eq a3, \flags, \line
    .endm
#define COMPARE(insn, a, b, expected, flags) compare_at insn, a, b, expected, flags, __LINE__

#define ONE 0x3F800000
#define TWO 0x40000000
#define HALF 0x3F000000
#define TINY 0x33800000             /* 2^-24: half an ulp of 1.0 */
#define MAX 0x7F7FFFFF
#define INF 0x7F800000
#define NINF 0xFF800000
#define QNAN 0x7FC00000
#define I 0x80
#define U 0x100
#define O 0x200
#define Z 0x400
#define V 0x800

    .data
    .align 4
fp_words: .long 0x40490FDB, 0xC0000000, 0x3F800000, 0, 0, 0, 0, 0
    .text
    .global main
main:
    movi    a2, 1
    wsr     a2, cpenable

    /* loads and stores; LSIP/SSIP/LSXP/SSXP access first, then advance the base */
    l32r_value a4, fp_words
    lsi     f3, a4, 4
    rfr     a3, f3
    ASSERT_EQ(a3, 0xC0000000)
    mov     a5, a4
    lsip    f4, a5, 8
    rfr     a3, f4
    ASSERT_EQ(a3, 0x40490FDB)
    sub     a6, a5, a4
    ASSERT_EQ(a6, 8)
    movi    a7, 4
    lsx     f5, a4, a7
    rfr     a3, f5
    ASSERT_EQ(a3, 0xC0000000)
    mov     a5, a4
    lsxp    f6, a5, a7
    rfr     a3, f6
    ASSERT_EQ(a3, 0x40490FDB)
    sub     a6, a5, a4
    ASSERT_EQ(a6, 4)
    ssi     f3, a4, 12
    l32i    a3, a4, 12
    ASSERT_EQ(a3, 0xC0000000)
    mov     a5, a4
    ssip    f4, a5, 16
    l32i    a3, a4, 0
    ASSERT_EQ(a3, 0x40490FDB)
    sub     a6, a5, a4
    ASSERT_EQ(a6, 16)
    movi    a7, 20
    ssx     f5, a4, a7
    l32i    a3, a4, 20
    ASSERT_EQ(a3, 0xC0000000)
    mov     a5, a4
    movi    a7, 24
    ssxp    f3, a5, a7
    l32i    a3, a4, 0
    ASSERT_EQ(a3, 0xC0000000)
    sub     a6, a5, a4
    ASSERT_EQ(a6, 24)

    /* moves */
    l32r_value a2, 0xC0490FDB
    wfr     f1, a2
    abs.s   f2, f1
    rfr     a3, f2
    ASSERT_EQ(a3, 0x40490FDB)
    neg.s   f2, f1
    rfr     a3, f2
    ASSERT_EQ(a3, 0x40490FDB)
    mov.s   f2, f1
    rfr     a3, f2
    ASSERT_EQ(a3, 0xC0490FDB)
    l32r_value a2, QNAN
    wfr     f7, a2
    neg.s   f2, f7                   /* a bit operation: the NaN keeps its payload, the sign flips */
    rfr     a3, f2
    ASSERT_EQ(a3, 0xFFC00000)
    movi    a5, 0
    movi    a6, -1
    mov.s   f2, f7
    moveqz.s f2, f1, a5
    rfr     a3, f2
    ASSERT_EQ(a3, 0xC0490FDB)
    mov.s   f2, f7
    movnez.s f2, f1, a5
    rfr     a3, f2
    ASSERT_EQ(a3, QNAN)
    movltz.s f2, f1, a6
    rfr     a3, f2
    ASSERT_EQ(a3, 0xC0490FDB)
    mov.s   f2, f7
    movgez.s f2, f1, a6
    rfr     a3, f2
    ASSERT_EQ(a3, QNAN)
    movgez.s f2, f1, a5
    rfr     a3, f2
    ASSERT_EQ(a3, 0xC0490FDB)
    movi    a2, 1 << 3
    wsr     a2, br
    mov.s   f2, f7
    movt.s  f2, f1, b3
    rfr     a3, f2
    ASSERT_EQ(a3, 0xC0490FDB)
    mov.s   f2, f7
    movf.s  f2, f1, b3
    rfr     a3, f2
    ASSERT_EQ(a3, QNAN)
    movf.s  f2, f1, b2
    rfr     a3, f2
    ASSERT_EQ(a3, 0xC0490FDB)

    /* CONST.S */
    const.s f2, 0
    rfr     a3, f2
    ASSERT_EQ(a3, 0)
    const.s f2, 1
    rfr     a3, f2
    ASSERT_EQ(a3, ONE)
    const.s f2, 2
    rfr     a3, f2
    ASSERT_EQ(a3, TWO)
    const.s f2, 3
    rfr     a3, f2
    ASSERT_EQ(a3, HALF)

    /* arithmetic with every rounding mode */
    OP3(add.s, ONE, TINY, 0, ONE, I)
    OP3(add.s, ONE, TINY, 1, ONE, I)
    OP3(add.s, ONE, TINY, 2, 0x3F800001, I)
    OP3(add.s, ONE, TINY, 3, ONE, I)
    OP3(sub.s, ONE, TINY, 0, 0x3F7FFFFF, 0)        /* exact: below 1.0 the spacing is 2^-24 */
    OP3(sub.s, ONE, 0x33000000, 0, ONE, I)         /* 1 - 2^-25: a tie, to even */
    OP3(sub.s, ONE, 0x33000000, 1, 0x3F7FFFFF, I)
    OP3(sub.s, ONE, 0x33000000, 2, ONE, I)
    OP3(sub.s, ONE, 0x33000000, 3, 0x3F7FFFFF, I)
    OP3(add.s, ONE, TWO, 0, 0x40400000, 0)
    OP3(mul.s, MAX, TWO, 0, INF, O|I)
    OP3(mul.s, MAX, TWO, 1, MAX, O|I)
    OP3(mul.s, MAX, TWO, 2, INF, O|I)
    OP3(mul.s, MAX, TWO, 3, MAX, O|I)
    OP3(mul.s, 0x00800001, HALF, 0, 0x00400000, U|I)
    OP3(mul.s, 0x00800001, HALF, 2, 0x00400001, U|I)
    OP3(sub.s, INF, INF, 0, QNAN, V)
    OP3(mul.s, 0, INF, 0, QNAN, V)
    OP3(add.s, QNAN, ONE, 0, QNAN, 0)
    OP3(mul.s, 0xC0400000, TWO, 0, 0xC0C00000, 0)

    /* fused multiply-add: f0 = f0 +/- f1 * f2 with a single rounding */
    l32r_value a2, ONE
    wfr     f0, a2
    l32r_value a2, 0x3F800001        /* 1 + 2^-23 */
    wfr     f1, a2
    l32r_value a2, 0x3F7FFFFF        /* 1 - 2^-24 */
    wfr     f2, a2
    movi    a2, 0
    wur     a2, fcr
    wur     a2, fsr
    madd.s  f0, f1, f2               /* 1 + (1 + 2^-23 - 2^-24 - 2^-47) exactly, rounded once */
    rfr     a3, f0
    ASSERT_EQ(a3, 0x40000000)
    rur     a3, fsr
    ASSERT_EQ(a3, I)
    l32r_value a2, TWO
    wfr     f0, a2
    l32r_value a2, ONE
    wfr     f1, a2
    wfr     f2, a2
    msub.s  f0, f1, f2
    rfr     a3, f0
    ASSERT_EQ(a3, ONE)

    /* conversions to integers (fixed rounding each) with scale */
    TO_INT(round.s, 0x40200000, 0, 2, I)          /* 2.5 -> 2 (even) */
    TO_INT(round.s, 0x40600000, 0, 4, I)          /* 3.5 -> 4 */
    TO_INT(round.s, 0xC0200000, 0, -2, I)
    TO_INT(trunc.s, 0xC02CCCCD, 0, -2, I)         /* -2.7 -> -2 */
    TO_INT(floor.s, 0xC0066666, 0, -3, I)         /* -2.1 -> -3 */
    TO_INT(ceil.s, 0x40066666, 0, 3, I)           /* 2.1 -> 3 */
    TO_INT(round.s, 0x3FC00000, 4, 24, 0)         /* 1.5 * 16 */
    TO_INT(trunc.s, QNAN, 0, 0x7FFFFFFF, V)
    TO_INT(trunc.s, INF, 0, 0x7FFFFFFF, V)
    TO_INT(trunc.s, NINF, 0, 0x80000000, V)
    TO_INT(trunc.s, 0x4F32D05E, 0, 0x7FFFFFFF, V)  /* 3e9 */
    TO_INT(utrunc.s, 0x4F32D05E, 0, 0xB2D05E00, 0)
    TO_INT(utrunc.s, 0x4FA00000, 0, 0xFFFFFFFF, V) /* 5.4e9 */
    TO_INT(utrunc.s, QNAN, 0, 0xFFFFFFFF, V)
    TO_INT(utrunc.s, 0xBF800000, 0, 0xFFFFFFFF, V) /* -1.0 */
    TO_INT(utrunc.s, 0xBF000000, 0, 0, I)          /* -0.5 */
    TO_INT(utrunc.s, 0x40400000, 2, 12, 0)

    /* conversions from integers */
    movi    a2, 0
    wur     a2, fcr
    wur     a2, fsr
    movi    a2, 3
    float.s f2, a2, 1
    rfr     a3, f2
    ASSERT_EQ(a3, 0x3FC00000)
    movi    a2, -1
    float.s f2, a2, 0
    rfr     a3, f2
    ASSERT_EQ(a3, 0xBF800000)
    ufloat.s f2, a2, 0
    rfr     a3, f2
    ASSERT_EQ(a3, 0x4F800000)
    rur     a3, fsr
    ASSERT_EQ(a3, I)
    l32r_value a2, 0x7FFFFFFF
    movi    a4, 1
    wur     a4, fcr                          /* toward zero */
    float.s f2, a2, 0
    rfr     a3, f2
    ASSERT_EQ(a3, 0x4EFFFFFF)

    /* compares */
    COMPARE(oeq.s, ONE, ONE, 1, 0)
    COMPARE(oeq.s, ONE, TWO, 0, 0)
    COMPARE(oeq.s, QNAN, ONE, 0, 0)
    COMPARE(ueq.s, QNAN, ONE, 1, 0)
    COMPARE(ueq.s, ONE, TWO, 0, 0)
    COMPARE(olt.s, ONE, TWO, 1, 0)
    COMPARE(olt.s, TWO, ONE, 0, 0)
    COMPARE(olt.s, QNAN, ONE, 0, V)
    COMPARE(ult.s, QNAN, ONE, 1, 0)
    COMPARE(ult.s, TWO, ONE, 0, 0)
    COMPARE(ole.s, ONE, ONE, 1, 0)
    COMPARE(ole.s, QNAN, ONE, 0, V)
    COMPARE(ule.s, TWO, ONE, 0, 0)
    COMPARE(ule.s, ONE, QNAN, 1, 0)
    COMPARE(un.s, ONE, QNAN, 1, 0)
    COMPARE(un.s, ONE, TWO, 0, 0)

    /* the divide and square-root helper steps (QEMU's model): seeds change nothing, MKDADJ.S divides,
     * MKSADJ.S takes the square root, ADDEXPM.S copies */
    l32r_value a2, 0x40C00000                /* 6.0 */
    wfr     f1, a2
    l32r_value a2, 0x40400000                /* 3.0 */
    wfr     f2, a2
    movi    a2, 0
    wur     a2, fcr
    wur     a2, fsr
    mov.s   f3, f2
    div0.s  f3, f1
    nexp01.s f3, f1
    addexp.s f3, f1
    maddn.s f3, f1, f2
    divn.s  f3, f1, f2
    sqrt0.s f3, f1
    rfr     a3, f3
    ASSERT_EQ(a3, 0x40400000)
    mkdadj.s f3, f1
    rfr     a3, f3
    ASSERT_EQ(a3, 0x40000000)
    l32r_value a2, 0x41100000                /* 9.0 */
    wfr     f4, a2
    mksadj.s f5, f4
    rfr     a3, f5
    ASSERT_EQ(a3, 0x40400000)
    addexpm.s f6, f4
    rfr     a3, f6
    ASSERT_EQ(a3, 0x41100000)

    /* FCR and FSR widths */
    movi    a2, -1
    wur     a2, fcr
    rur     a3, fcr
    ASSERT_EQ(a3, 0x7F)
    wur     a2, fsr
    rur     a3, fsr
    ASSERT_EQ(a3, 0xF80)

    /* with CPENABLE clear every FP instruction, and RUR/WUR FCR, raise Coprocessor0Disabled */
    set_handler user, cp0_disabled
    movi    a2, 0
    wsr     a2, cpenable
    rsync
    movi    a10, -1
.Lfp_disabled:
    add.s   f0, f1, f2
    ASSERT_EQ(a10, 32)
    ASSERT_EQ(a9, 1)
    movi    a10, -1
    rur     a3, fcr
    ASSERT_EQ(a10, 32)
    movi    a10, -1
    lsi     f0, a4, 0
    ASSERT_EQ(a10, 32)
    PASS

    .align 4
cp0_disabled:
    rsr     a10, exccause
    rsr     a13, epc1
    l32r_value a14, .Lfp_disabled
    movi    a9, 0
    bne     a13, a14, 1f
    movi    a9, 1
1:  addi    a13, a13, 3
    wsr     a13, epc1
    rsr     a0, excsave1
    rfe
