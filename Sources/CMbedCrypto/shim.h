// SPDX-License-Identifier: MIT
// The host's mbedtls crypto library (Debian libmbedtls-dev): image digests and, later, the SoC's accelerators.
#pragma once
#include <mbedtls/sha256.h>
#include <mbedtls/md5.h>
