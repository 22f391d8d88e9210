// SPDX-License-Identifier: MIT
// What the two CPUs share, with the atomics Swift cannot express here: a counter both increment (an atomic
// add, S32C1I compare-and-swap on the ESP32), flags one CPU sets and the other waits for (atomic loads, so
// that a wait loop really reads memory each time round), and PRID.
#include <stdint.h>

static volatile uint32_t counter;
static volatile uint32_t flags[8];

void shared_counter_increment(void) { __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST); }

uint32_t shared_counter_value(void) { return __atomic_load_n(&counter, __ATOMIC_SEQ_CST); }

void shared_flag_set(uint32_t index) { __atomic_store_n(&flags[index & 7], 1, __ATOMIC_SEQ_CST); }

uint32_t shared_flag(uint32_t index) { return __atomic_load_n(&flags[index & 7], __ATOMIC_SEQ_CST); }

uint32_t processor_id(void) {
    uint32_t id;
    __asm__ volatile("rsr %0, prid" : "=r"(id));
    return id;
}
