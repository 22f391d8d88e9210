/* SPDX-License-Identifier: MIT */
/* lwIP's compiler and platform definitions for the ESP32 with newlib. */
#pragma once
/* lwIP defines LITTLE_ENDIAN and BIG_ENDIAN before it includes this file; newlib's (the same values) win, and
 * newlib's BYTE_ORDER says which this is. */
#undef LITTLE_ENDIAN
#undef BIG_ENDIAN
#include <machine/endian.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>          /* struct timeval (LWIP_TIMEVAL_PRIVATE 0) */
#define LWIP_RAND() ((u32_t)esp_random())
uint32_t esp_random(void);

#define LWIP_PLATFORM_DIAG(message) do { printf message; } while (0)
#define LWIP_PLATFORM_ASSERT(message) do {                                                              \
        printf("lwIP assertion \"%s\" failed at %s:%d\n", message, __FILE__, __LINE__);             \
        abort();                                                                                     \
    } while (0)
