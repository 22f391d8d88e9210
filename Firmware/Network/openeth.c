// SPDX-License-Identifier: MIT
// The OpenCores Ethernet MAC (0x3FF69000, matrix source 38) as an lwIP netif, driven the way ESP-IDF's
// openeth driver drives it: one TX and eight RX descriptors with 1600-byte buffers in DRAM, promiscuous
// receive, the MAC address from eFuse (Ethernet = base + 3). Receive is interrupt-driven: the interrupt
// wakes a task that copies each filled descriptor into a pbuf, hands the descriptor back and passes the frame
// to the tcpip thread. Transmit copies the frame into the TX buffer and hands the descriptor to the MAC.
#include <string.h>

#include "esp_intr_alloc.h"
#include "esp_log.h"
#include "esp_mac.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "openeth.h"

#define EMAC(offset) (*(volatile uint32_t *)(0x3FF69000u + (offset)))
#define DESCRIPTOR(index) ((volatile uint32_t *)(0x3FF69400u + 8u * (index)))

enum {
    MODER = 0x00, INT_SOURCE = 0x04, INT_MASK = 0x08, TX_BD_NUM = 0x20, MII_COMMAND = 0x2C, MII_ADDRESS = 0x30,
    MII_RX_DATA = 0x38, MAC_ADDR0 = 0x40, MAC_ADDR1 = 0x44,
};
enum { MODER_RESET_VALUE = 0xA000, MODER_RXEN = 1 << 0, MODER_TXEN = 1 << 1, MODER_PRO = 1 << 5, MODER_RST = 1 << 11 };
enum { INT_RXB = 1 << 2, INT_BUSY = 1 << 4 };
enum { DESC_READY = 1 << 15, DESC_IRQ = 1 << 14, DESC_WRAP = 1 << 13, DESC_PAD = 1 << 12, DESC_CRC = 1 << 11 };
enum { MII_READ_STATUS = 1 << 1, PHY_ADDRESS = 1, PHY_BASIC_STATUS = 1, PHY_LINK = 1 << 2 };
enum { TX_COUNT = 1, RX_COUNT = 8, BUFFER_BYTES = 1600, FCS_BYTES = 4, SOURCE_ETH_MAC = 38 };

static const char *TAG = "openeth";

static struct {
    struct netif *netif;
    TaskHandle_t receiver;
    uint8_t *tx_buffer;
    uint8_t *rx_buffers[RX_COUNT];
    int rx_next;
    volatile uint32_t busy;
} eth;

static uint32_t rx_flags(int index) { return DESC_READY | DESC_IRQ | (index == RX_COUNT - 1 ? DESC_WRAP : 0); }

static void interrupt_handler(void *arg) {
    (void)arg;
    uint32_t status = EMAC(INT_SOURCE);
    EMAC(INT_SOURCE) = status;   // write 1 to clear
    BaseType_t woken = pdFALSE;
    if (status & INT_RXB) vTaskNotifyGiveFromISR(eth.receiver, &woken);
    if (status & INT_BUSY) eth.busy++;
    portYIELD_FROM_ISR(woken);
}

static void receive_task(void *arg) {
    (void)arg;
    for (;;) {
        ulTaskNotifyTake(pdTRUE, portMAX_DELAY);
        for (;;) {
            volatile uint32_t *descriptor = DESCRIPTOR(TX_COUNT + eth.rx_next);
            uint32_t flags = descriptor[0];
            if (flags & DESC_READY) break;   // still empty: everything received so far is handled
            size_t length = flags >> 16;
            length = length > FCS_BYTES ? length - FCS_BYTES : 0;
            struct pbuf *frame = length ? pbuf_alloc(PBUF_RAW, (u16_t)length, PBUF_RAM) : NULL;
            if (frame) pbuf_take(frame, eth.rx_buffers[eth.rx_next], (u16_t)length);
            descriptor[0] = rx_flags(eth.rx_next);   // hand the descriptor back before the stack works on it
            eth.rx_next = (eth.rx_next + 1) % RX_COUNT;
            if (frame && eth.netif->input(frame, eth.netif) != ERR_OK) pbuf_free(frame);
        }
    }
}

static err_t transmit(struct netif *netif, struct pbuf *frame) {
    (void)netif;
    if (frame->tot_len > BUFFER_BYTES) return ERR_IF;
    volatile uint32_t *descriptor = DESCRIPTOR(0);
    for (int spins = 0; descriptor[0] & DESC_READY; spins++) {   // the MAC sends at once; never long
        if (spins > 1000) return ERR_IF;
        vTaskDelay(1);
    }
    pbuf_copy_partial(frame, eth.tx_buffer, frame->tot_len, 0);
    descriptor[0] = (uint32_t)frame->tot_len << 16 | DESC_READY | DESC_WRAP | DESC_PAD | DESC_CRC;
    return ERR_OK;
}

err_t fw_openeth_netif_init(struct netif *netif) {
    if (EMAC(MODER) != MODER_RESET_VALUE) {
        ESP_LOGE(TAG, "no OpenCores Ethernet MAC (MODER reads 0x%08lx): it exists on esp32emu and Espressif's QEMU",
                 (unsigned long)EMAC(MODER));
        return ERR_IF;
    }
    EMAC(MODER) = MODER_RESET_VALUE | MODER_RST;
    EMAC(MODER) = MODER_RESET_VALUE;
    EMAC(TX_BD_NUM) = TX_COUNT;
    uint8_t mac[6];
    esp_read_mac(mac, ESP_MAC_ETH);
    EMAC(MAC_ADDR0) = (uint32_t)mac[2] << 24 | (uint32_t)mac[3] << 16 | (uint32_t)mac[4] << 8 | mac[5];
    EMAC(MAC_ADDR1) = (uint32_t)mac[0] << 8 | mac[1];

    eth.netif = netif;
    eth.tx_buffer = malloc(BUFFER_BYTES);
    for (int i = 0; i < RX_COUNT; i++) eth.rx_buffers[i] = malloc(BUFFER_BYTES);
    for (int i = 0; i < RX_COUNT; i++) {
        if (!eth.tx_buffer || !eth.rx_buffers[i]) return ERR_MEM;
        DESCRIPTOR(TX_COUNT + i)[1] = (uint32_t)(uintptr_t)eth.rx_buffers[i];
        DESCRIPTOR(TX_COUNT + i)[0] = rx_flags(i);
    }
    DESCRIPTOR(0)[1] = (uint32_t)(uintptr_t)eth.tx_buffer;
    DESCRIPTOR(0)[0] = DESC_WRAP;
    eth.rx_next = 0;

    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, mac, sizeof mac);
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->output = etharp_output;
    netif->linkoutput = transmit;

    if (xTaskCreate(receive_task, "emac_rx", 3072, NULL, 15, &eth.receiver) != pdPASS) return ERR_MEM;
    if (esp_intr_alloc(SOURCE_ETH_MAC, ESP_INTR_FLAG_LEVEL1, interrupt_handler, NULL, NULL) != ESP_OK) return ERR_IF;
    EMAC(INT_MASK) = INT_RXB | INT_BUSY;
    EMAC(MODER) = MODER_RESET_VALUE | MODER_TXEN | MODER_RXEN | MODER_PRO;
    return ERR_OK;
}

bool fw_openeth_link_is_up(void) {
    EMAC(MII_ADDRESS) = PHY_BASIC_STATUS << 8 | PHY_ADDRESS;
    EMAC(MII_COMMAND) = MII_READ_STATUS;
    return (EMAC(MII_RX_DATA) & PHY_LINK) != 0;
}

uint32_t fw_openeth_busy_count(void) { return eth.busy; }
