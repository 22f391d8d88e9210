// SPDX-License-Identifier: MIT
// esp_err_t codes (Platform/include/esp_err.h says the same to C) and their names. esp_err_to_name_r and
// ESP_ERROR_CHECK's report, which format with printf, are in esp_err.c.

enum ESPError {
    static let ok: Int32 = 0
    static let fail: Int32 = -1
    static let noMemory: Int32 = 0x101
    static let invalidArgument: Int32 = 0x102
    static let invalidState: Int32 = 0x103
    static let invalidSize: Int32 = 0x104
    static let notFound: Int32 = 0x105
    static let notSupported: Int32 = 0x106
    static let timeout: Int32 = 0x107
}

/// The name of an ESP-IDF error code, or nil. (A compare tree, not a table: the firmware has no jump tables.)
func errorName(_ code: Int32) -> StaticString? {
    switch code {
    case 0: "ESP_OK"
    case -1: "ESP_FAIL"
    case 0x101: "ESP_ERR_NO_MEM"
    case 0x102: "ESP_ERR_INVALID_ARG"
    case 0x103: "ESP_ERR_INVALID_STATE"
    case 0x104: "ESP_ERR_INVALID_SIZE"
    case 0x105: "ESP_ERR_NOT_FOUND"
    case 0x106: "ESP_ERR_NOT_SUPPORTED"
    case 0x107: "ESP_ERR_TIMEOUT"
    case 0x108: "ESP_ERR_INVALID_RESPONSE"
    case 0x109: "ESP_ERR_INVALID_CRC"
    case 0x10A: "ESP_ERR_INVALID_VERSION"
    case 0x10B: "ESP_ERR_INVALID_MAC"
    case 0x10C: "ESP_ERR_NOT_FINISHED"
    case 0x10D: "ESP_ERR_NOT_ALLOWED"
    case 0x3000: "ESP_ERR_WIFI_BASE"
    case 0x4000: "ESP_ERR_MESH_BASE"
    case 0x6000: "ESP_ERR_FLASH_BASE"
    case 0xC000: "ESP_ERR_HW_CRYPTO_BASE"
    case 0xD000: "ESP_ERR_MEMPROT_BASE"
    default: nil
    }
}

@c public func esp_err_to_name(_ code: Int32) -> UnsafePointer<CChar> {
    let name: StaticString = errorName(code) ?? "UNKNOWN ERROR"
    return UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
}
