# SPDX-License-Identifier: MIT
# lwIP 2.1.3, compiled for the ESP32 from the Debian source Tools/setup unpacks into the cache, configured by
# Network/include/lwipopts.h with our port (Network/include/arch, Network/sys_arch.c). Included by the
# Makefile; the result is $(LWIP_LIB), which apps with NETWORK := 1 link. Third-party code: -w.

LWIP_SRC   ?= $(ESP32EMU_CACHE)/src/lwip/src
LWIP_BUILD ?= $(FW_DIR)/build/lwip
LWIP_LIB   := $(LWIP_BUILD)/liblwip.a

# IPv4 core, the sequential and socket APIs, Ethernet, and the SNTP client.
LWIP_SOURCES := $(wildcard $(LWIP_SRC)/core/*.c $(LWIP_SRC)/core/ipv4/*.c $(LWIP_SRC)/api/*.c) \
                $(LWIP_SRC)/netif/ethernet.c $(LWIP_SRC)/apps/sntp/sntp.c
LWIP_OBJS    := $(patsubst $(LWIP_SRC)/%.c,$(LWIP_BUILD)/obj/%.o,$(LWIP_SOURCES))
LWIP_INCLUDES := -I$(FW_DIR)/Network/include -I$(LWIP_SRC)/include
LWIP_DEPS    := $(wildcard $(FW_DIR)/Network/include/*.h $(FW_DIR)/Network/include/arch/*.h) $(FW_DIR)/lwip.mk

$(LWIP_BUILD)/obj/%.o: $(LWIP_SRC)/%.c $(LWIP_DEPS)
	$(call third_party_c,$(LWIP_INCLUDES))

$(LWIP_LIB): $(LWIP_OBJS)
	$(archive)
