// SPDX-License-Identifier: MIT
// The faulting instructions for the crash app; C because Swift has no inline assembly.
#include <stdint.h>

// Sets PS.EXCM, as exception handlers run, then faults: a double exception.
__attribute__((noinline)) void crash_double_exception(void) {
    __asm__ volatile("rsr a8, ps\n\tmovi a9, 0x10\n\tor a8, a8, a9\n\twsr a8, ps\n\trsync\n\t"
                     "movi a8, 0\n\tl32i a8, a8, 0" ::: "a8", "a9", "memory");
}

__attribute__((noinline)) void crash_illegal_instruction(void) { __asm__ volatile("ill"); }

__attribute__((noinline)) uint32_t crash_load(uint32_t address) { return *(volatile uint32_t *)(uintptr_t)address; }
