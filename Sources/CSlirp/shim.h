// SPDX-License-Identifier: MIT
// libslirp (Debian libslirp-dev): the user-mode TCP/IP stack behind the emulated Ethernet MAC.
#pragma once
#include <libslirp.h>
