# SPDX-License-Identifier: MIT
# compiler-rt's builtins, compiled for the ESP32 from the LLVM source Tools/setup unpacks into the cache: the
# helpers the compiler calls for what the CPU lacks — 64-bit division, single-precision division (the FPU
# multiplies and adds only) and all of double precision (newlib's strtod and cJSON's numbers need it).
# Included by the Makefile; every app links $(COMPILER_RT_LIB) last. libc_check compares their results with
# the host's arithmetic. Third-party code: -w.

COMPILER_RT_SRC   ?= $(ESP32EMU_CACHE)/src/compiler-rt/lib/builtins
COMPILER_RT_BUILD ?= $(FW_DIR)/build/compiler-rt
COMPILER_RT_LIB   := $(COMPILER_RT_BUILD)/libcompiler_rt.a

# 64-bit division; float division; double-precision arithmetic, comparison and conversion, and the default
# rounding mode the floating-point helpers consult (fp_mode).
COMPILER_RT_NAMES := udivdi3 umoddi3 divdi3 moddi3 udivmoddi4 divsf3 fp_mode adddf3 subdf3 muldf3 divdf3 negdf2 comparedf2 powidf2 extendsfdf2 truncdfsf2 \
                     fixdfsi fixdfdi fixunsdfsi fixunsdfdi floatsidf floatunsidf floatdidf floatundidf
COMPILER_RT_OBJS  := $(COMPILER_RT_NAMES:%=$(COMPILER_RT_BUILD)/%.o)

$(COMPILER_RT_BUILD)/%.o: $(COMPILER_RT_SRC)/%.c $(FW_DIR)/compiler_rt.mk
	$(call third_party_c,-fno-builtin -I$(COMPILER_RT_SRC))

$(COMPILER_RT_LIB): $(COMPILER_RT_OBJS)
	$(archive)
