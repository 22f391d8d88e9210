// SPDX-License-Identifier: MIT
#include "spinlock.h"
#include "interrupts.h"

static uint32_t processor_id(void) {
    uint32_t id;
    __asm__ volatile("rsr %0, prid" : "=r"(id));
    return id;
}

uint32_t fw_spinlock_acquire(fw_spinlock_t *lock) {
    uint32_t ps = fw_interrupt_mask();
    uint32_t me = processor_id();
    if (lock->owner == me) {
        lock->count++;
        return ps;
    }
    uint32_t expected;
    do {
        expected = 0;
    } while (!__atomic_compare_exchange_n(&lock->owner, &expected, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
    lock->count = 1;
    return ps;
}

void fw_spinlock_release(fw_spinlock_t *lock, uint32_t saved_ps) {
    if (--lock->count == 0) __atomic_store_n(&lock->owner, 0, __ATOMIC_RELEASE);
    fw_interrupt_restore(saved_ps);
}
