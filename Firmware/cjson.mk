# SPDX-License-Identifier: MIT
# cJSON, compiled for the ESP32 from the Debian source Tools/setup unpacks into the cache (ESP-IDF ships the same
# library as its `json` component). Included by the Makefile; apps with CJSON := 1 link $(CJSON_LIB) and see
# cJSON.h. Third-party code: -w.

CJSON_SRC   ?= $(ESP32EMU_CACHE)/src/cjson
CJSON_BUILD ?= $(FW_DIR)/build/cjson
CJSON_LIB   := $(CJSON_BUILD)/libcjson.a

$(CJSON_BUILD)/cJSON.o: $(CJSON_SRC)/cJSON.c $(CJSON_SRC)/cJSON.h $(FW_DIR)/cjson.mk
	$(call third_party_c,)

$(CJSON_LIB): $(CJSON_BUILD)/cJSON.o
	$(archive)
