// SPDX-License-Identifier: MIT
// C library cases run twice: on the ESP32 against our newlib build (libc_check) and on the host against the
// host's C library (Tests/HostDifferential/libc_host.c). Each case writes one line through `emit`; the two
// runs must write the same lines. Only behaviour C defines is compared: no pointer-sized `long` beyond 32
// bits, comparison results reduced to their sign.
#pragma once

void libc_cases_run(void (*emit)(const char *line));
