# SPDX-License-Identifier: MIT
# newlib 3.3.0's C library, compiled for the ESP32 with our own rules and configuration (Newlib/include/
# newlib.h) from the source Tools/setup unpacks into the cache. Included by the Makefile; the result is
# $(NEWLIB_LIB), which every app links. Third-party code: its warnings are not ours to fix (-w).

NEWLIB_SRC   ?= $(ESP32EMU_CACHE)/src/newlib/newlib/libc
# Shared by every build (also tests that build apps elsewhere with BUILD=…): it depends only on these rules.
NEWLIB_BUILD ?= $(FW_DIR)/build/newlib
NEWLIB_LIB   := $(NEWLIB_BUILD)/libc.a

# What we take from newlib. Left out: its malloc (ours is Runtime/heap.c), its system-call wrappers (we
# provide the _r calls directly: Runtime/newlib_syscalls.c), its lock stubs (Runtime/newlib_locks.c), the
# long-double and wide-character conversions, wide/multibyte extras, and POSIX pieces with no meaning on a
# microcontroller. strtod and atof use double precision from compiler-rt (compiler_rt.mk); printf and scanf stay
# integer-only (NO_FLOATING_POINT), as ESP-IDF's nano formatting does.
NEWLIB_DIRS  := string ctype stdlib stdio time errno reent locale search misc
NEWLIB_SKIP  := $(addprefix $(NEWLIB_SRC)/, \
    stdlib/%alloc%.c stdlib/mallinfor.c stdlib/mallocr.c stdlib/malign%.c stdlib/mstats%.c stdlib/msize%.c \
    stdlib/mtrim%.c stdlib/nano-mallocr.c stdlib/pvallocr.c stdlib/vallocr.c stdlib/freer.c stdlib/free.c \
    stdlib/mlock.c stdlib/strtodg.c stdlib/strtold.c stdlib/wcstod.c stdlib/wcstold.c \
    stdlib/ldtoa.c stdlib/dtoa.c stdlib/dtoastub.c stdlib/ecvtbuf.c stdlib/efgcvt.c stdlib/system.c stdlib/arc4random%.c \
    stdlib/getopt.c stdlib/rpmatch.c stdlib/abort.c stdlib/assert.c \
    stdio/vfwprintf.c stdio/vfwscanf.c stdio/%wprintf.c stdio/%wscanf.c stdio/tmpfile.c stdio/tmpnam.c stdio/tempnam.c stdio/mktemp.c stdio/remove.c \
    stdio/rename.c stdio/fdopen.c stdio/fopen.c stdio/freopen.c stdio/popen.c stdio/nano-%.c \
    reent/%r.c reent/signgam.c reent/execr.c reent/fcntlr.c reent/gettimeofdayr.c reent/isattyr.c \
    reent/linkr.c reent/mkdirr.c reent/renamer.c reent/sbrkr.c reent/statr.c reent/timesr.c reent/unlinkr.c \
    misc/lock.c misc/init.c misc/fini.c time/clock.c)
NEWLIB_SOURCES := $(filter-out $(NEWLIB_SKIP),$(wildcard $(NEWLIB_DIRS:%=$(NEWLIB_SRC)/%/*.c)))
# reent.c and impure.c hold the reentrancy structures themselves, which we keep.
NEWLIB_SOURCES += $(NEWLIB_SRC)/reent/reent.c $(NEWLIB_SRC)/reent/impure.c
# newlib compiles its formatters several times over: for strings only (the sprintf/sscanf families) and for
# integers only (the iprintf/iscanf families, which ESP-IDF code and newlib itself call).
NEWLIB_PRINTF_VARIANTS := $(addprefix $(NEWLIB_BUILD)/obj/stdio/,vfiprintf.o svfprintf.o svfiprintf.o)
NEWLIB_SCANF_VARIANTS  := $(addprefix $(NEWLIB_BUILD)/obj/stdio/,vfiscanf.o svfscanf.o svfiscanf.o)
# From libm only nan(), which strtod returns for "nan(...)".
NEWLIB_LIBM_SRC := $(NEWLIB_SRC)/../libm/common
NEWLIB_LIBM_OBJS := $(NEWLIB_BUILD)/obj/libm/s_nan.o
NEWLIB_OBJS  := $(patsubst $(NEWLIB_SRC)/%.c,$(NEWLIB_BUILD)/obj/%.o,$(NEWLIB_SOURCES)) \
                $(NEWLIB_PRINTF_VARIANTS) $(NEWLIB_SCANF_VARIANTS) $(NEWLIB_LIBM_OBJS)

$(NEWLIB_BUILD)/obj/stdio/vfiprintf.o $(NEWLIB_BUILD)/obj/stdio/vfiscanf.o: NEWLIB_VARIANT := -DINTEGER_ONLY
$(NEWLIB_BUILD)/obj/stdio/svfprintf.o $(NEWLIB_BUILD)/obj/stdio/svfscanf.o: NEWLIB_VARIANT := -DSTRING_ONLY
$(NEWLIB_BUILD)/obj/stdio/svfiprintf.o $(NEWLIB_BUILD)/obj/stdio/svfiscanf.o: NEWLIB_VARIANT := -DINTEGER_ONLY -DSTRING_ONLY

NEWLIB_CFLAGS := --target=xtensa-none-elf -O2 -ffreestanding -fomit-frame-pointer -nostdlibinc -w -fno-builtin \
                 -I$(FW_DIR)/Newlib/include -I$(NEWLIB_SRC)/include -D_COMPILING_NEWLIB -DNO_FLOATING_POINT \
                 -DREENTRANT_SYSCALLS_PROVIDED -D_LIBC -DHAVE_FCNTL
NEWLIB_DEPS   := $(wildcard $(FW_DIR)/Newlib/include/*.h) $(FW_DIR)/newlib.mk

define newlib_compile
	@mkdir -p $(@D)
	@$(CLANG) $(NEWLIB_CFLAGS) $(NEWLIB_VARIANT) -I$(<D) -S -emit-llvm $< -o $(basename $@).ll
	@$(LLC) $(LLCFLAGS) $(basename $@).ll -o $(basename $@).llc.s
	@$(CFI_FIX) $(basename $@).llc.s > $(basename $@).s
	@$(LLVM_MC) $(MCFLAGS) $(basename $@).s -o $@
endef

$(NEWLIB_BUILD)/obj/%.o: $(NEWLIB_SRC)/%.c $(NEWLIB_DEPS)
	$(newlib_compile)

$(NEWLIB_BUILD)/obj/libm/%.o: $(NEWLIB_LIBM_SRC)/%.c $(NEWLIB_DEPS)
	$(newlib_compile)

$(NEWLIB_PRINTF_VARIANTS): $(NEWLIB_SRC)/stdio/vfprintf.c $(NEWLIB_DEPS)
	$(newlib_compile)

$(NEWLIB_SCANF_VARIANTS): $(NEWLIB_SRC)/stdio/vfscanf.c $(NEWLIB_DEPS)
	$(newlib_compile)

$(NEWLIB_LIB): $(NEWLIB_OBJS)
	$(archive)
