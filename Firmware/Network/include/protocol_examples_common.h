// SPDX-License-Identifier: MIT
// ESP-IDF's example_connect(): bring the network up and wait until the interface has an address
// (Network/esp_netif.c). On esp32emu the "network" is the emulated Ethernet behind slirp.
#pragma once
#include "esp_err.h"
#include "esp_netif.h"

esp_err_t example_connect(void);
esp_err_t example_disconnect(void);
esp_netif_t *get_example_netif(void);
