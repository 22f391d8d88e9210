/* SPDX-License-Identifier: MIT */
/* <stdarg.h>: the compiler's, with va_start and va_arg replaced because LLVM 22's Xtensa backend gets both
 * wrong. An Xtensa va_list is { __va_stk, __va_reg, __va_ndx }: register-passed arguments (a2..a7, 24
 * bytes) are saved at __va_reg + 0..23, stack-passed ones sit at __va_stk + 32 onwards, and __va_ndx is the
 * byte offset just past the last argument consumed (GCC's convention, which the callers' argument layout
 * follows). LLVM 22's va_start points __va_reg at the first unnamed register's slot while __va_ndx counts
 * the named arguments, so every va_arg read one register too far; and its va_arg adds 40 to __va_ndx for
 * each stack-passed argument instead of moving to __va_stk + 32 once, so every argument past the sixth
 * register was garbage. va_start here moves __va_reg back by __va_ndx; va_arg follows GCC's algorithm.
 * The libc_check firmware test (printf with many arguments, compared with the host) guards both.
 *
 * A third LLVM 22 defect needs no code: a variadic function that sets up a frame pointer (a7) does so before
 * saving a7's argument, losing it. -fomit-frame-pointer, which the firmware and newlib build with, avoids
 * the frame pointer except in functions with variable-length arrays or alloca: keep those out of variadic
 * functions. */
#include_next <stdarg.h>

#if defined(va_start) && !defined(FW_XTENSA_VA_LIST)
#define FW_XTENSA_VA_LIST 1

struct fw_xtensa_va_list {
    char *stack;       // stack-passed arguments start at stack + 32
    char *registers;   // a2's save slot
    int index;
};

static inline __attribute__((always_inline)) void fw_va_rebase(__builtin_va_list *list) {
    struct fw_xtensa_va_list *fields = (struct fw_xtensa_va_list *)list;
    fields->registers -= fields->index;
}

// The address of the next argument of `size` bytes and `alignment`: in the register save area while it
// fits in the six argument registers, else on the stack (an argument is never split between the two).
static inline __attribute__((always_inline)) void *fw_va_next(__builtin_va_list *list, unsigned size,
                                                              unsigned alignment) {
    struct fw_xtensa_va_list *fields = (struct fw_xtensa_va_list *)list;
    int slot_bytes = (int)((size + 3) & ~3u);
    int start = fields->index;
    if (alignment > 4) start = (start + (int)alignment - 1) & -(int)alignment;
    int end = start + slot_bytes;
    char *base = fields->registers;
    if (end > 24) {
        if (start <= 24) end = 32 + slot_bytes;
        base = fields->stack;
    }
    fields->index = end;
    return base + end - slot_bytes;
}

#undef va_start
#undef va_arg
#define va_start(list, last_named) (__builtin_va_start(list, last_named), fw_va_rebase(&(list)))
#define va_arg(list, type) (*(type *)fw_va_next(&(list), sizeof(type), _Alignof(type)))
#endif
