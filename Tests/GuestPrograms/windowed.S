/* SPDX-License-Identifier: MIT */
/* Windowed calls at every depth with CALL4/CALL8/CALL12 and CALLXn, so that window overflows spill frames
 * of every size and underflows reload them; values kept in each frame's preserved registers must survive.
 * Also RETW.N, ROTW and MOVSP without Alloca. Checks never name a13-a15 (the harness's scratch).
 * QEMU: dc233c */
#include "harness.inc"

    /* sum(n) = n + sum(n - 1) through CALL4: only a0-a3 survive a CALL4, so n lives in a3. */
    .align 4
sum4:
    entry   a1, 32
    beqz    a2, 1f
    mov     a3, a2
    addi    a6, a2, -1
    call4   sum4
    add     a2, a6, a3
1:  retw

    /* through CALL8: n in a5 and a canary 0x5A5A0000 + n in a7 (a0-a7 survive) */
    .align 4
sum8:
    entry   a1, 32
    beqz    a2, 1f
    mov     a5, a2
    l32r_value a7, 0x5A5A0000
    add     a7, a7, a2
    addi    a10, a2, -1
    call8   sum8
    l32r_value a4, 0x5A5A0000
    add     a4, a4, a5
    ASSERT_EQ_REG(a7, a4)
    add     a2, a10, a5
1:  retw

    /* through CALLX12: n in a9 and a canary in a11 (a0-a11 survive) */
    .align 4
sum12:
    entry   a1, 48
    beqz    a2, 1f
    mov     a9, a2
    l32r_value a11, 0xC0DE0000
    add     a11, a11, a2
    addi    a14, a2, -1
    l32r_value a8, sum12
    callx12 a8
    l32r_value a4, 0xC0DE0000
    add     a4, a4, a9
    ASSERT_EQ_REG(a11, a4)
    add     a2, a14, a9
1:  retw

    /* mixes all call sizes along one chain of depth a2; returns the depth */
    .align 4
mixed:
    entry   a1, 48
    beqz    a2, 2f
    addi    a3, a2, -1
    extui   a4, a2, 0, 2
    beqi    a4, 1, 1f
    beqi    a4, 2, 3f
    mov     a14, a3
    l32r_value a10, mixed
    callx12 a10
    addi    a2, a14, 1
    retw.n
1:  mov     a6, a3
    call4   mixed
    addi    a2, a6, 1
    retw.n
3:  mov     a10, a3
    l32r_value a9, mixed
    callx8  a9
    addi    a2, a10, 1
2:  retw.n

    .align 4
sum4_wrapper:
    entry   a1, 32
    mov     a6, a2
    call4   sum4
    mov     a2, a6
    retw

    .global main
main:
    movi    a3, 0x777
    movi    a10, 40
    call8   sum8
    mov     a2, a10
    ASSERT_EQ(a2, 820)
    ASSERT_EQ(a3, 0x777)
    movi    a14, 40
    call12  sum12
    mov     a2, a14
    ASSERT_EQ(a2, 820)
    movi    a6, 40
    call4   sum4
    mov     a2, a6
    ASSERT_EQ(a2, 820)
    movi    a10, 57
    call8   mixed
    mov     a2, a10
    ASSERT_EQ(a2, 57)
    ASSERT_EQ(a3, 0x777)
    /* every depth from 0 to 31 frames */
    movi    a8, 0
.Ldepths:
    mov     a14, a8
    call12  sum4_wrapper
    addi    a3, a8, 1
    mull    a2, a8, a3
    srli    a2, a2, 1
    ASSERT_EQ_REG(a14, a2)
    addi    a8, a8, 1
    blti    a8, 32, .Ldepths

    call4   rotate_and_back
    call4   move_stack
    PASS

    .align 4
rotate_and_back:
    entry   a1, 32
    movi    a7, 0x1234
    rsr     a8, windowbase
    rotw    1
    mov     a2, a3              /* the old a7 is now a3 */
    rotw    -1
    mov     a5, a6              /* ... and the copy in the new a2 was the old a6 */
    ASSERT_EQ(a5, 0x1234)
    rsr     a9, windowbase
    ASSERT_EQ_REG(a9, a8)
    retw

    .align 4
move_stack:
    entry   a1, 32
    addi    a5, a1, -16
    movsp   a1, a5
    addi    a1, a1, 16
    retw
