// SPDX-License-Identifier: MIT
// What mbedtls asks of the platform (mbedtls_esp32_config.h): entropy from the RNG peripheral (esp_fill_random,
// as ESP-IDF's port does) and a thread-safe gmtime for certificate validity (newlib's gmtime_r).
#include <stddef.h>
#include <time.h>

#include "esp_random.h"

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t length, size_t *produced) {
    (void)data;
    esp_fill_random(output, length);
    *produced = length;
    return 0;
}

struct tm *mbedtls_platform_gmtime_r(const time_t *tt, struct tm *tm_buf) { return gmtime_r(tt, tm_buf); }
