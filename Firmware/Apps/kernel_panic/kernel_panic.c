// SPDX-License-Identifier: MIT
// Fails on request, under the kernel, to check the panic reports: prints "kernel_panic: choose>" and reads one
// letter from UART0 —
//   n  NULL dereference (LoadProhibited: region protection makes the first 512 MB fault)
//   i  illegal instruction
//   z  integer divide by zero
//   s  stack overflow in a task (the canary check at a context switch reports it)
//   r  restart after the panic instead of halting, then a NULL dereference
//   a  abort()
//   q  a failed assert()
//   e  a failed ESP_ERROR_CHECK
//   o  a write past the end of a heap block, found when it is freed
//   d  a double free
//   x  esp_restart(), which runs the shutdown handlers first
// Each fault happens three calls deep, in functions named for what they do. After a restart the app says why
// the chip started again (esp_reset_reason) instead of asking.
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "esp_err.h"
#include "esp_system.h"
#include "firmware.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

static volatile uint32_t zero;

__attribute__((noinline)) static uint32_t read_null_pointer(void) { return *(volatile uint32_t *)(uintptr_t)zero; }
__attribute__((noinline)) static void execute_illegal_instruction(void) { __asm__ volatile("ill"); }
__attribute__((noinline)) static uint32_t divide_by_zero(uint32_t value) { return value / zero; }

__attribute__((noinline)) static esp_err_t allocate_nothing(void) { return ESP_ERR_NO_MEM; }

__attribute__((noinline)) static void overrun_heap_block(void) {
    char *block = malloc(24);
    memset(block, 'x', 24 + 8 + (zero & 1));   // eight bytes too many: the next block's header
    free(block);
}

__attribute__((noinline)) static void free_twice(void) {
    void *block = malloc(16);
    free(block);
    free(block);
}

static void say_goodbye(void) { fw_console_puts("kernel_panic: shutdown handler ran\n"); }

__attribute__((noinline)) static uint32_t fail(char choice) {
    switch (choice) {
    case 'n': case 'r': return read_null_pointer();
    case 'i': execute_illegal_instruction(); return 0;
    case 'z': return divide_by_zero(42);
    case 'a': abort();
    case 'q': assert(zero == 1); return 0;
    case 'e': ESP_ERROR_CHECK(allocate_nothing()); return 0;
    case 'o': overrun_heap_block(); return 0;
    case 'd': free_twice(); return 0;
    case 'x': esp_register_shutdown_handler(say_goodbye); esp_restart();
    default: return 0;
    }
}

__attribute__((noinline)) static uint32_t descend(char choice, int depth) {
    return depth ? descend(choice, depth - 1) + 1 : fail(choice);
}

/// Recurses one level per tick, each level with a 128-byte local buffer, until the 2 KB stack is gone.
__attribute__((noinline)) static uint32_t recurse_until_overflow(uint32_t depth) {
    volatile uint8_t buffer[128];
    buffer[0] = (uint8_t)depth;
    vTaskDelay(1);
    return depth < 1000000 ? recurse_until_overflow(depth + 1) + buffer[0] : 0;
}

static void overflowing_task(void *arg) {
    (void)arg;
    recurse_until_overflow(0);
}

static char read_choice(void) {
    volatile uint32_t *status = (volatile uint32_t *)0x3FF4001C, *fifo = (volatile uint32_t *)0x3FF40000;
    while ((*status & 0xFF) == 0) vTaskDelay(1);
    return (char)*fifo;
}

void app_main(void) {
    switch (esp_reset_reason()) {
    case ESP_RST_PANIC: fw_console_puts("kernel_panic: restarted after the panic\n"); return;
    case ESP_RST_SW: fw_console_puts("kernel_panic: restarted by esp_restart\n"); return;
    default: break;
    }
    fw_console_puts("kernel_panic: choose>\n");
    char choice = read_choice();
    if (choice == 'r') fw_panic_set_restart(1);
    if (choice == 's') {
        xTaskCreate(overflowing_task, "overflow", 2048, NULL, 5, NULL);
        return;
    }
    descend(choice, 2);
}
