// SPDX-License-Identifier: MIT
// sum_with_loop(n): n + (n-1) + … + 1 with a zero-overhead loop (LOOPNEZ), for stepping across a loop end.
    .text
    .global sum_with_loop
    .type sum_with_loop, @function
    .align 4
sum_with_loop:
    entry   a1, 32
    movi    a3, 0
    loopnez a2, .Lsum_end
    add     a3, a3, a2
    addi    a2, a2, -1
.Lsum_end:
    mov     a2, a3
    retw
    .size sum_with_loop, . - sum_with_loop
