// SPDX-License-Identifier: MIT
// From the reset code to app_main, plus the fatal-error path everything shares.
#include "firmware.h"

void fw_heap_init(void);

// How the application runs: here app_main is simply called; the kernel (Firmware/Kernel) replaces this with
// starting the scheduler and running app_main in the main task.
__attribute__((weak)) void fw_run_app(void) { app_main(); }

void fw_main(void) {
    fw_board_init();
    fw_heap_init();
    fw_run_app();
    fw_board_halt(0);
}

void fw_console_puts(const char *text) {
    size_t n = 0;
    while (text[n]) n++;
    fw_console_write((const uint8_t *)text, n);
}

// What Embedded Swift's print() writes through.
int putchar(int c) {
    uint8_t byte = (uint8_t)c;
    fw_console_write(&byte, 1);
    return c;
}

void fw_console_put_hex(uint32_t value) {
    uint8_t digits[10] = {'0', 'x'};
    for (int i = 0; i < 8; i++) digits[2 + i] = "0123456789abcdef"[(value >> (28 - 4 * i)) & 0xF];
    fw_console_write(digits, sizeof digits);
}

// Called by a vector that has no handler yet (see Boards/*/vectors.S).
void fw_report_unhandled_vector(uint32_t vector_offset, uint32_t exccause, uint32_t epc1, uint32_t excvaddr) {
    fw_console_puts("\nUnhandled vector ");
    fw_console_put_hex(vector_offset);
    fw_console_puts(" EXCCAUSE=");
    fw_console_put_hex(exccause);
    fw_console_puts(" EPC1=");
    fw_console_put_hex(epc1);
    fw_console_puts(" EXCVADDR=");
    fw_console_put_hex(excvaddr);
    fw_fatal("unhandled exception or interrupt");
}
