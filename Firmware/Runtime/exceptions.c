// SPDX-License-Identifier: MIT
// The end of the road for an exception the firmware cannot handle: a panic report in ESP-IDF's format (so the
// tools that read those, and people used to them, read ours), then a halt or a restart.
#include "firmware.h"
#include "interrupts.h"

static const char *cause_name(uint32_t cause) {
    switch (cause) {
    case 0: return "IllegalInstruction";
    case 1: return "Syscall";
    case 2: return "InstructionFetchError";
    case 3: return "LoadStoreError";
    case 6: return "IntegerDivideByZero";
    case 8: return "Privileged";
    case 9: return "LoadStoreAlignment";
    case 12: return "InstrPIFDataError";
    case 13: return "LoadStorePIFDataError";
    case 14: return "InstrPIFAddrError";
    case 15: return "LoadStorePIFAddrError";
    case 20: return "InstFetchProhibited";
    case 28: return "LoadProhibited";
    case 29: return "StoreProhibited";
    case 32: return "Cp0Disabled";
    default: return "Unknown";
    }
}

static void put_register(const char *name, uint32_t value) {
    fw_console_puts(name);
    fw_console_put_hex(value);
    fw_console_puts("  ");
}

// Whether `sp` can be a stack pointer of ours: 16-byte aligned in DRAM or the sim board's RAM.
static int plausible_stack(uint32_t sp) {
    return (sp & 15) == 0 && ((sp >= 0x3FFAE000u && sp <= 0x40000000u) || sp >= 0xFE000000u);
}

static int restart_on_panic;

void fw_panic_set_restart(int restart) { restart_on_panic = restart; }

// The kernel's lazy FPU switch (weak default: no kernel, nothing to switch).
__attribute__((weak)) int fw_kernel_coprocessor_exception(fw_interrupt_frame *frame) {
    (void)frame;
    return 0;
}

void fw_panic_end(void) {
    if (restart_on_panic) {
        fw_console_puts("Rebooting...\n");
        fw_board_restart(4);   // ESP_RST_PANIC
    }
    fw_board_halt(1);
}

// "Backtrace: PC:SP ..." through the frames of the code `frame` interrupted. The entry code spilled every
// window, so each caller's a0/a1 sit 16/12 bytes below its callee's sp.
static void print_backtrace(const fw_interrupt_frame *frame) {
    fw_console_puts("\nBacktrace: ");
    uint32_t pc = frame->pc, sp = frame->a[1], return_address = frame->a[0];
    for (int depth = 0; depth < 32 && pc != 0 && plausible_stack(sp); depth++) {
        fw_console_put_hex(pc);
        fw_console_puts(":");
        fw_console_put_hex(sp);
        fw_console_puts(" ");
        if (return_address == 0) break;
        pc = (return_address & 0x3FFFFFFFu) | (pc & 0xC0000000u);
        const uint32_t *save_area = (const uint32_t *)(uintptr_t)(sp - 16);
        return_address = save_area[0];
        sp = save_area[1];
    }
    fw_console_puts("\n");
}

void fw_window_spill(void);

// The backtrace of fw_fatal's caller. fw_window_spill (called with CALLX4, as it needs) puts every older frame
// in its save area; this frame, still in registers, starts the walk.
__attribute__((noinline)) static void print_backtrace_here(void) {
    __asm__ volatile("callx4 %0" : : "r"(fw_window_spill) : "a4", "a5", "a6", "a7", "memory");
    fw_interrupt_frame frame = {.pc = (uint32_t)(uintptr_t)print_backtrace_here};
    __asm__ volatile("mov %0, a0\n\tmov %1, a1" : "=r"(frame.a[0]), "=r"(frame.a[1]));
    print_backtrace(&frame);
}

static void put_fatal(const char *reason) {
    fw_console_puts("\nFATAL: ");
    fw_console_puts(reason);
}

void fw_fatal(const char *reason) {
    put_fatal(reason);
    print_backtrace_here();
    fw_panic_end();
}

void fw_panic_backtrace(fw_interrupt_frame *frame) {
    if (frame) print_backtrace(frame);
    fw_console_puts("\n");
    fw_panic_end();
}

void fw_exception_dispatch(fw_interrupt_frame *frame) {
    if (frame->exccause == 32 && fw_kernel_coprocessor_exception(frame)) return;   // Cp0Disabled: lazy FPU
    const char *core = (fw_processor_id() >> 13 & 1) ? "1" : "0";
    fw_console_puts("\nGuru Meditation Error: Core  ");
    fw_console_puts(core);
    fw_console_puts(" panic'ed (");
    fw_console_puts(cause_name(frame->exccause));
    fw_console_puts("). Exception was unhandled.\n\nCore  ");
    fw_console_puts(core);
    fw_console_puts(" register dump:\n");
    put_register("PC      : ", frame->pc);
    put_register("PS      : ", frame->ps);
    static const char *const names[16] = {"A0      : ", "A1      : ", "A2      : ", "A3      : ",
                                          "A4      : ", "A5      : ", "A6      : ", "A7      : ",
                                          "A8      : ", "A9      : ", "A10     : ", "A11     : ",
                                          "A12     : ", "A13     : ", "A14     : ", "A15     : "};
    for (int i = 0; i < 16; i++) {
        if ((i + 2) % 4 == 0) fw_console_puts("\n");
        put_register(names[i], frame->a[i]);
    }
    fw_console_puts("\n");
    put_register("SAR     : ", frame->sar);
    put_register("EXCCAUSE: ", frame->exccause);
    put_register("EXCVADDR: ", frame->excvaddr);
    fw_console_puts("\n");
    put_register("LBEG    : ", frame->lbeg);
    put_register("LEND    : ", frame->lend);
    put_register("LCOUNT  : ", frame->lcount);

    fw_console_puts("\n");
    print_backtrace(frame);
    put_fatal("unhandled exception\n");
    fw_panic_end();
}
