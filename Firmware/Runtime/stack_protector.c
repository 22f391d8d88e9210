// SPDX-License-Identifier: MIT
// Stack-smashing protection that Embedded Swift enables on functions with local buffers.
#include "firmware.h"

// Fixed rather than random: the guard catches accidental overwrites, which is what firmware tests need.
uintptr_t __stack_chk_guard = 0x5A17C0DEu;

void __stack_chk_fail(void) { fw_fatal("stack smashing detected"); }
