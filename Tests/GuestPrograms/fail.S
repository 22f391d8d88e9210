/* SPDX-License-Identifier: MIT */
/* Must fail (as QEMU's test_fail does): proves that failing checks are detected and reported. */
#include "harness.inc"
    .global main
main:
    movi    a2, 41
    ASSERT_EQ(a2, 42)
    PASS
