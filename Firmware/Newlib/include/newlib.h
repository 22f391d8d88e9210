/* SPDX-License-Identifier: MIT */
/* Our configuration of newlib 3.3.0 for the ESP32: the header newlib's configure script would generate (it
 * stops at "Newlib does not support CPU xtensa"). Chosen to match what ESP-IDF's newlib offers code:
 * C99 and long long printf formats, retargetable locks (Runtime/newlib_locks.c), long double = double. The
 * floating-point printf/scanf conversions are left out (NO_FLOATING_POINT in the build): they need soft
 * double arithmetic that the ESP32 has no hardware for. */
#ifndef __NEWLIB_H__
#define __NEWLIB_H__ 1

#include <_newlib_version.h>

#define _WANT_IO_C99_FORMATS 1
#define _WANT_IO_LONG_LONG 1
#define _MB_LEN_MAX 1
#define _RETARGETABLE_LOCKING 1
#define _LDBL_EQ_DBL 1
#define _FVWRITE_IN_STREAMIO 1
#define _FSEEK_OPTIMIZATION 1
#define _WIDE_ORIENT 1
#define _UNBUF_STREAM_OPT 1
#endif
