// SPDX-License-Identifier: MIT
// The frame the interrupt and exception entry code (Boards/common/interrupt_entry.S) saves below the
// interrupted stack pointer: everything the interrupted code can observe, so that C and Swift handlers may run
// and the code resumes untouched. Shared by the assembly (offsets) and C (struct).
#pragma once

#define FRAME_PC        0x00
#define FRAME_PS        0x04
#define FRAME_A0        0x08    // a0..a15 at FRAME_A0 + 4 * n
#define FRAME_A1        0x0C
#define FRAME_SAR       0x48
#define FRAME_LBEG      0x4C
#define FRAME_LEND      0x50
#define FRAME_LCOUNT    0x54
#define FRAME_SCOMPARE1 0x58
#define FRAME_EXCCAUSE  0x5C
#define FRAME_EXCVADDR  0x60
#define FRAME_SIZE      0x70    // a multiple of 16: stack pointers stay 16-byte aligned

// The 16 bytes right below the interrupted stack pointer belong to the interrupted function's caller: a window
// overflow spills the caller's a0..a3 there. The frame therefore starts that far below.
#define FRAME_GAP       16

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef struct fw_interrupt_frame {
    uint32_t pc, ps;
    uint32_t a[16];
    uint32_t sar, lbeg, lend, lcount, scompare1, exccause, excvaddr;
    uint32_t reserved[3];
} fw_interrupt_frame;

_Static_assert(sizeof(fw_interrupt_frame) == FRAME_SIZE, "frame layout");
_Static_assert(__builtin_offsetof(fw_interrupt_frame, sar) == FRAME_SAR, "frame layout");
_Static_assert(__builtin_offsetof(fw_interrupt_frame, excvaddr) == FRAME_EXCVADDR, "frame layout");
#endif
