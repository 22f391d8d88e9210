// SPDX-License-Identifier: MIT
// The Ethernet driver for the OpenCores MAC that esp32emu and Espressif's QEMU provide, as an lwIP netif.
// Implemented in Network/openeth.c.
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "lwip/netif.h"

// lwIP netif init function: pass it to netif_add (with tcpip_input). Fails with ERR_IF when the MAC is absent.
err_t fw_openeth_netif_init(struct netif *netif);
// Whether the PHY reports a link (read through the MII management interface).
bool fw_openeth_link_is_up(void);
// Frames the MAC could not store because every receive descriptor was full (BUSY interrupts).
uint32_t fw_openeth_busy_count(void);
