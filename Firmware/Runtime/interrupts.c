// SPDX-License-Identifier: MIT
// Dispatch of CPU interrupts to registered handlers (see interrupts.h).
#include "firmware.h"
#include "interrupts.h"

static struct {
    fw_interrupt_handler handler;
    void *context;
} handlers[32];

static uint32_t read_interrupt(void) {
    uint32_t value;
    __asm__ volatile("rsr %0, interrupt" : "=r"(value));
    return value;
}

static uint32_t read_intenable(void) {
    uint32_t value;
    __asm__ volatile("rsr %0, intenable" : "=r"(value));
    return value;
}

static void write_intenable(uint32_t value) { __asm__ volatile("wsr %0, intenable\n\trsync" ::"r"(value) : "memory"); }

static void write_intclear(uint32_t value) { __asm__ volatile("wsr %0, intclear\n\trsync" ::"r"(value) : "memory"); }

uint32_t fw_interrupt_mask(void) {
    uint32_t ps;
    __asm__ volatile("rsil %0, 3" : "=r"(ps)::"memory");
    return ps;
}

void fw_interrupt_set_pending(uint32_t mask) { __asm__ volatile("wsr %0, intset\n\trsync" ::"r"(mask) : "memory"); }

void fw_interrupt_clear_pending(uint32_t mask) { write_intclear(mask); }

void fw_set_cpenable(uint32_t value) { __asm__ volatile("wsr %0, cpenable\n\trsync" ::"r"(value) : "memory"); }

uint32_t fw_processor_id(void) {
    uint32_t id;
    __asm__ volatile("rsr %0, prid" : "=r"(id));
    return id;
}

// How deep in interrupt handlers each CPU is (xPortInIsrContext).
static volatile uint32_t interrupt_nesting[2];

uint32_t fw_interrupt_nesting(void) { return interrupt_nesting[fw_processor_id() >> 13 & 1]; }

uint32_t fw_current_ps(void) {
    uint32_t ps;
    __asm__ volatile("rsr %0, ps" : "=r"(ps));
    return ps;
}

void fw_interrupt_restore(uint32_t saved_ps) { __asm__ volatile("wsr %0, ps\n\trsync" ::"r"(saved_ps) : "memory"); }

void fw_interrupt_set_handler(uint32_t number, fw_interrupt_handler handler, void *context) {
    if (number >= 32) fw_fatal("fw_interrupt_set_handler: no such CPU interrupt");
    uint32_t ps = fw_interrupt_mask();
    handlers[number].handler = handler;
    handlers[number].context = context;
    fw_interrupt_restore(ps);
}

void fw_interrupt_enable(uint32_t mask) {
    uint32_t ps = fw_interrupt_mask();
    write_intenable(read_intenable() | mask);
    fw_interrupt_restore(ps);
}

void fw_interrupt_disable(uint32_t mask) {
    uint32_t ps = fw_interrupt_mask();
    write_intenable(read_intenable() & ~mask);
    fw_interrupt_restore(ps);
}

uint32_t fw_cycle_count(void) {
    uint32_t value;
    __asm__ volatile("rsr %0, ccount" : "=r"(value));
    return value;
}

void fw_set_cycle_compare(uint32_t which, uint32_t value) {
    switch (which) {
    case 0: __asm__ volatile("wsr %0, ccompare0\n\trsync" ::"r"(value) : "memory"); break;
    case 1: __asm__ volatile("wsr %0, ccompare1\n\trsync" ::"r"(value) : "memory"); break;
    case 2: __asm__ volatile("wsr %0, ccompare2\n\trsync" ::"r"(value) : "memory"); break;
    default: fw_fatal("fw_set_cycle_compare: no such compare register");
    }
}

void fw_wait_for_interrupt(void) { __asm__ volatile("waiti 0" ::: "memory"); }

uint32_t fw_interrupt_level(uint32_t number) {
    for (uint32_t level = 1; level < 4; level++)
        if (number < 32 && (fw_interrupt_level_masks[level] >> number & 1)) return level;
    return 0;
}

// The kernel's hook (Firmware/Kernel), called after level-1 handlers with the interrupted task's frame: it
// returns the frame of the task to resume, which may be another task's. Without the kernel: the same frame.
__attribute__((weak)) fw_interrupt_frame *fw_kernel_switch_context(fw_interrupt_frame *frame) { return frame; }

fw_interrupt_frame *fw_interrupt_dispatch(uint32_t level, fw_interrupt_frame *frame) {
    uint32_t mask = level < 4 ? fw_interrupt_level_masks[level] : 0;
    uint32_t pending = read_interrupt() & read_intenable() & mask;
    if (pending == 0) {
        fw_console_puts("\nInterrupt at level ");
        fw_console_put_hex(level);
        fw_fatal("no enabled interrupt of that level is pending (the board's level table is wrong)");
    }
    // Lowest number first; one pass, then the entry code returns and a still-pending line enters again.
    volatile uint32_t *nesting = &interrupt_nesting[fw_processor_id() >> 13 & 1];
    (*nesting)++;
    while (pending) {
        uint32_t number = (uint32_t)__builtin_ctz(pending);
        pending &= pending - 1;
        write_intclear(1u << number);   // clears edge and software latches; level lines ignore it
        if (handlers[number].handler) {
            handlers[number].handler(handlers[number].context);
        } else {
            // A line nobody handles would fire forever: switch it off and say so once.
            write_intenable(read_intenable() & ~(1u << number));
            fw_console_puts("\nInterrupt without a handler disabled: ");
            fw_console_put_hex(number);
            fw_console_puts("\n");
        }
    }
    (*nesting)--;
    // Only level 1 switches tasks: it is never taken on top of another interrupt, so the frame belongs to a task.
    return level == 1 ? fw_kernel_switch_context(frame) : frame;
}
