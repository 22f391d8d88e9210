// SPDX-License-Identifier: MIT
// A lock for data both CPUs and interrupt handlers touch: it masks interrupts up to level 3 on this CPU, then
// takes ownership with S32C1I compare-and-swap (the other CPU spins). The owner may take it again (nested).
#pragma once
#include <stdint.h>

typedef struct {
    volatile uint32_t owner;   // PRID of the owning CPU, 0 when free
    uint32_t count;            // nesting depth
} fw_spinlock_t;

#define FW_SPINLOCK_INIT {0, 0}

// Returns the PS to hand back to fw_spinlock_release.
uint32_t fw_spinlock_acquire(fw_spinlock_t *lock);
void fw_spinlock_release(fw_spinlock_t *lock, uint32_t saved_ps);
