// SPDX-License-Identifier: MIT
// The host's mbedtls crypto library (Debian libmbedtls-dev): image digests and the SoC's SHA, AES and RSA
// accelerators.
#pragma once
#include <mbedtls/aes.h>
#include <mbedtls/bignum.h>
#include <mbedtls/md5.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
