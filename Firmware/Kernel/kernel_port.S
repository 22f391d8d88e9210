/* SPDX-License-Identifier: MIT */
/* The kernel's assembly: where tasks start, and saving and restoring the FPU for lazy switching. */
    .section .iram.literal.fw_task_entry, "ax"
    .align 4
.Ltask_exit:    .long fw_task_exit

    .section .iram.text.fw_task_entry, "ax"
    .align 4
/* A new task's first frame returns here (RFE) with the task function in a2 and its argument in a3, on the
 * task's own stack, with only this window live. The function runs as a windowed call; if it returns, the
 * task deletes itself. */
    .global fw_task_entry
    .type   fw_task_entry, @function
fw_task_entry:
    mov     a6, a3
    callx4  a2
    l32r    a2, .Ltask_exit
    callx4  a2
1:  j       1b
    .size   fw_task_entry, . - fw_task_entry

/* fw_fpu_save(uint32_t area[18]) / fw_fpu_restore(const uint32_t area[18]): f0..f15, FCR, FSR. */
    .section .iram.text.fw_fpu_save, "ax"
    .align 4
    .global fw_fpu_save
    .type   fw_fpu_save, @function
fw_fpu_save:
    entry   a1, 16
    ssi     f0, a2, 0
    ssi     f1, a2, 4
    ssi     f2, a2, 8
    ssi     f3, a2, 12
    ssi     f4, a2, 16
    ssi     f5, a2, 20
    ssi     f6, a2, 24
    ssi     f7, a2, 28
    ssi     f8, a2, 32
    ssi     f9, a2, 36
    ssi     f10, a2, 40
    ssi     f11, a2, 44
    ssi     f12, a2, 48
    ssi     f13, a2, 52
    ssi     f14, a2, 56
    ssi     f15, a2, 60
    rur     a3, fcr
    s32i    a3, a2, 64
    rur     a3, fsr
    s32i    a3, a2, 68
    retw
    .size   fw_fpu_save, . - fw_fpu_save

    .global fw_fpu_restore
    .type   fw_fpu_restore, @function
fw_fpu_restore:
    entry   a1, 16
    lsi     f0, a2, 0
    lsi     f1, a2, 4
    lsi     f2, a2, 8
    lsi     f3, a2, 12
    lsi     f4, a2, 16
    lsi     f5, a2, 20
    lsi     f6, a2, 24
    lsi     f7, a2, 28
    lsi     f8, a2, 32
    lsi     f9, a2, 36
    lsi     f10, a2, 40
    lsi     f11, a2, 44
    lsi     f12, a2, 48
    lsi     f13, a2, 52
    lsi     f14, a2, 56
    lsi     f15, a2, 60
    l32i    a3, a2, 64
    wur     a3, fcr
    l32i    a3, a2, 68
    wur     a3, fsr
    retw
    .size   fw_fpu_restore, . - fw_fpu_restore
