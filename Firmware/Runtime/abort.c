// SPDX-License-Identifier: MIT
// abort() and failed assert()s, reported as ESP-IDF words them ("abort() was called at PC 0x… on core 0",
// "assert failed: function file:line (expression)") and then ended as any fatal error is.
#include "firmware.h"
#include "interrupts.h"

// A windowed call's return address keeps the caller's window increment in its top two bits.
static uint32_t code_address(void *return_address) {
    return ((uint32_t)(uintptr_t)return_address & 0x3FFFFFFFu) | 0x40000000u;
}

static void put_core(void) { fw_console_puts((fw_processor_id() >> 13 & 1) ? "1" : "0"); }

void abort(void) {
    fw_console_puts("\nabort() was called at PC ");
    fw_console_put_hex(code_address(__builtin_return_address(0)));
    fw_console_puts(" on core ");
    put_core();
    fw_fatal("abort() called");
}

void __assert_func(const char *file, int line, const char *function, const char *expression) {
    char digits[12];
    int n = sizeof digits - 1;
    digits[n] = 0;
    unsigned value = line > 0 ? (unsigned)line : 0;
    do digits[--n] = (char)('0' + value % 10); while ((value /= 10) && n > 0);
    fw_console_puts("\nassert failed: ");
    fw_console_puts(function ? function : "?");
    fw_console_puts(" ");
    fw_console_puts(file ? file : "?");
    fw_console_puts(":");
    fw_console_puts(digits + n);
    fw_console_puts(" (");
    fw_console_puts(expression ? expression : "?");
    fw_console_puts(")");
    fw_fatal("assert failed");
}
