// SPDX-License-Identifier: MIT
// CPU interrupts for C and Swift: handlers per CPU interrupt number, enable masks, and the dispatcher the
// interrupt entry code (Boards/common/interrupt_entry.S) calls. Which interrupt has which level is the board's
// business (fw_interrupt_level_masks).
#pragma once
#include <stdint.h>
#include "interrupt_frame.h"

typedef void (*fw_interrupt_handler)(void *context);

// Installs `handler` (NULL removes it) for CPU interrupt `number` (0..31). Does not enable the interrupt.
void fw_interrupt_set_handler(uint32_t number, fw_interrupt_handler handler, void *context);
// Sets / clears bits of INTENABLE atomically with respect to interrupts.
void fw_interrupt_enable(uint32_t mask);
void fw_interrupt_disable(uint32_t mask);
// The priority level of CPU interrupt `number` (0 if the board has no such interrupt).
uint32_t fw_interrupt_level(uint32_t number);
// Masks every interrupt a C handler can serve (levels 1..3) and returns the PS for fw_interrupt_restore.
uint32_t fw_interrupt_mask(void);
void fw_interrupt_restore(uint32_t saved_ps);
// Raises / clears pending software (and edge) interrupts: INTSET / INTCLEAR.
void fw_interrupt_set_pending(uint32_t mask);
void fw_interrupt_clear_pending(uint32_t mask);
// CPENABLE: which coprocessors (bit 0: the FPU) instructions may use.
void fw_set_cpenable(uint32_t value);
// PRID: 0xCDCD on the PRO CPU, 0xABAB on the APP CPU.
uint32_t fw_processor_id(void);
// How many interrupt handlers are running on this CPU (0 in task code).
uint32_t fw_interrupt_nesting(void);
// The processor status register (PS.INTLEVEL in bits 3:0 tells the level being served).
uint32_t fw_current_ps(void);

// The cycle counter (CCOUNT) and its compare registers CCOMPARE0..2, which raise CPU interrupts 6, 15 and 16
// on the ESP32 when CCOUNT reaches them.
uint32_t fw_cycle_count(void);
void fw_set_cycle_compare(uint32_t which, uint32_t value);
// Sleeps (WAITI 0) until an interrupt has been taken. Call it with interrupts masked (fw_interrupt_mask) after
// checking the condition to wait for, so that an interrupt between the check and the sleep is not lost.
void fw_wait_for_interrupt(void);

// Interrupts at levels 1..3 by level (index 0 unused); provided by the board.
extern const uint32_t fw_interrupt_level_masks[4];

// Called by the entry code. The dispatcher returns the frame to resume: at level 1 the kernel may switch tasks.
fw_interrupt_frame *fw_interrupt_dispatch(uint32_t level, fw_interrupt_frame *frame);
void fw_exception_dispatch(fw_interrupt_frame *frame);

// The kernel's hooks (weak defaults here): choose the task to resume after a level-1 interrupt, and take a
// Coprocessor0Disabled exception (lazy FPU switching; returns nonzero if handled).
fw_interrupt_frame *fw_kernel_switch_context(fw_interrupt_frame *frame);
int fw_kernel_coprocessor_exception(fw_interrupt_frame *frame);
