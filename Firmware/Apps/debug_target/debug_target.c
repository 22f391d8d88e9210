// SPDX-License-Identifier: MIT
// A small program for debugger tests (GDBServerTests): a chain of windowed calls (app_main → middle → leaf),
// a global the program writes (for watchpoints) and a zero-overhead loop (sum_with_loop, in loop.S, because
// LLVM does not emit LOOP instructions). Prints its results so that a test can check the run after detaching.
#include <stdint.h>
#include <stdio.h>

volatile uint32_t watched_value;

uint32_t sum_with_loop(uint32_t count);

__attribute__((noinline)) uint32_t leaf(uint32_t x) { return x * 3 + 1; }

__attribute__((noinline)) uint32_t middle(uint32_t x) { return leaf(x) + 2; }

void app_main(void) {
    printf("debug_target: start\n");
    for (uint32_t i = 0; i < 3; i++) watched_value = middle(i);
    printf("debug_target: sum %u\n", (unsigned)sum_with_loop(10));
    printf("debug_target: done %u\n", (unsigned)watched_value);
}
