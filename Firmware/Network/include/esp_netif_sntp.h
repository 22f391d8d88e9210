// SPDX-License-Identifier: MIT
// ESP-IDF 5's convenience API over SNTP (esp_netif_sntp.h): configure servers, start, and wait until the clock
// has been set. Implemented in Network/sntp_time.c over esp_sntp.h; esp_sntp_setserverport (ours) still picks
// the servers' port.
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "esp_err.h"
#include "esp_sntp.h"
#include "freertos/FreeRTOS.h"

#define CONFIG_LWIP_SNTP_MAX_SERVERS 1

typedef struct esp_sntp_config {
    bool smooth_sync;                 // not supported: the clock is stepped
    bool server_from_dhcp;            // not supported: servers come from `servers`
    bool wait_for_sync;               // let esp_netif_sntp_sync_wait wait for the first update
    bool start;                       // start at init (else esp_netif_sntp_start)
    sntp_sync_time_cb_t sync_cb;      // called on each update
    bool renew_servers_after_new_IP;  // not supported
    int ip_event_to_renew;
    size_t index_of_first_server;
    size_t num_of_servers;
    const char *servers[CONFIG_LWIP_SNTP_MAX_SERVERS];
} esp_sntp_config_t;

#define ESP_SNTP_SERVER_LIST(...) {__VA_ARGS__}
#define ESP_NETIF_SNTP_DEFAULT_CONFIG_MULTIPLE(servers_in_list, list_of_servers)                                \
    {                                                                                                          \
        .smooth_sync = false, .server_from_dhcp = false, .wait_for_sync = true, .start = true, .sync_cb = NULL, \
        .renew_servers_after_new_IP = false, .ip_event_to_renew = 0, .index_of_first_server = 0,              \
        .num_of_servers = (servers_in_list), .servers = list_of_servers,                                       \
    }
#define ESP_NETIF_SNTP_DEFAULT_CONFIG(server) ESP_NETIF_SNTP_DEFAULT_CONFIG_MULTIPLE(1, ESP_SNTP_SERVER_LIST(server))

// ESP_OK; ESP_ERR_INVALID_ARG for no or too many servers; ESP_ERR_INVALID_STATE if already initialised.
esp_err_t esp_netif_sntp_init(const esp_sntp_config_t *config);
esp_err_t esp_netif_sntp_start(void);
void esp_netif_sntp_deinit(void);
// Waits up to `tout` ticks for the clock to be set: ESP_OK, or ESP_ERR_TIMEOUT.
esp_err_t esp_netif_sntp_sync_wait(TickType_t tout);
