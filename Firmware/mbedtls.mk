# SPDX-License-Identifier: MIT
# mbedtls 2.28, compiled for the ESP32 from the Debian source Tools/setup unpacks into the cache, configured by
# TLS/include/mbedtls_esp32_config.h (a TLS 1.2 client). Included by the Makefile; the result is $(MBEDTLS_LIB),
# which apps with TLS (WEBSOCKET := 1 implies it) link. Third-party code: -w.

MBEDTLS_SRC   ?= $(ESP32EMU_CACHE)/src/mbedtls
MBEDTLS_BUILD ?= $(FW_DIR)/build/mbedtls
MBEDTLS_LIB   := $(MBEDTLS_BUILD)/libmbedtls.a
MBEDTLS_INCLUDES := -I$(FW_DIR)/TLS/include -I$(MBEDTLS_SRC)/include \
                    -DMBEDTLS_CONFIG_FILE='"mbedtls_esp32_config.h"'

# What the configuration uses: the TLS client, X.509, the public-key and symmetric primitives under them.
MBEDTLS_NAMES := aes asn1parse asn1write base64 bignum chacha20 chachapoly cipher cipher_wrap constant_time \
                 ctr_drbg ecdh ecdsa ecp ecp_curves entropy entropy_poll error gcm md oid pem pk pk_wrap pkparse \
                 platform platform_util poly1305 rsa rsa_internal sha1 sha256 sha512 ssl_ciphersuites ssl_cli \
                 ssl_msg ssl_tls x509 x509_crt
MBEDTLS_OBJS  := $(MBEDTLS_NAMES:%=$(MBEDTLS_BUILD)/obj/%.o)
MBEDTLS_DEPS  := $(FW_DIR)/TLS/include/mbedtls_esp32_config.h $(FW_DIR)/mbedtls.mk

$(MBEDTLS_BUILD)/obj/%.o: $(MBEDTLS_SRC)/library/%.c $(MBEDTLS_DEPS)
	$(call third_party_c,$(MBEDTLS_INCLUDES))

$(MBEDTLS_LIB): $(MBEDTLS_OBJS)
	$(archive)
