// SPDX-License-Identifier: MIT

/// The three kinds of image an ESP32 can be started from, told apart by their contents.
public enum FirmwareImage: Sendable {
    /// An ELF as the linker wrote it.
    case elf(ELFFile)
    /// An esptool app image (`elf2image` output), as flashed at an app partition.
    case appImage([UInt8])
    /// A whole flash chip (`esptool merge-bin`): partition table at 0x8000, apps in their partitions.
    case flashImage([UInt8])

    /// Flash chip sizes a flash image can have.
    public static let flashSizes: Set<Int> = [2 << 20, 4 << 20, 8 << 20, 16 << 20]

    /// Recognises `bytes`: the ELF magic, the app image magic 0xE9 at offset 0, or a flash-sized file with a
    /// partition table at 0x8000. Anything else is an error that says what was expected.
    public static func detect(_ bytes: [UInt8]) throws(ImageFormatError) -> FirmwareImage {
        if bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return .elf(try ELFFile(bytes: bytes)) }
        let hasPartitionTable =
            bytes.count > PartitionTable.flashOffset + 1
            && bytes[PartitionTable.flashOffset] == 0xAA && bytes[PartitionTable.flashOffset + 1] == 0x50
        if flashSizes.contains(bytes.count) && hasPartitionTable { return .flashImage(bytes) }
        if bytes.first == ESPAppImage.magic { return .appImage(bytes) }
        if hasPartitionTable {
            throw ImageFormatError(
                offset: 0, field: "file size",
                problem: "\(bytes.count) bytes: a flash image must be 2, 4, 8 or 16 MB "
                    + "(esptool merge-bin --pad-to-size)")
        }
        throw ImageFormatError(
            offset: 0, field: "magic",
            problem: "neither an ELF file, an app image (0xE9) nor a flash image with a "
                + "partition table at 0x8000")
    }
}

/// The OTA data partition's two records, which say which OTA app slot boots (ESP-IDF's esp_ota_select_entry_t:
/// sequence number, label, state, CRC-32 of the sequence number; one record per 4 KB sector).
public struct OTAData: Sendable {
    public struct Record: Sendable, Equatable {
        public let sequence: UInt32
        public let state: UInt32
    }

    /// Valid records (CRC matches, not erased, not marked invalid or aborted).
    public let records: [Record]

    /// ESP-IDF's esp_ota_img_states_t values that a bootloader must not boot.
    static let invalidStates: Set<UInt32> = [3, 4]  // ESP_OTA_IMG_INVALID, ESP_OTA_IMG_ABORTED

    public init(bytes: [UInt8], at offset: Int) {
        let reader = ByteReader(bytes)
        var valid: [Record] = []
        for sector in 0..<2 {
            let base = offset + sector * 4096
            guard let sequence = try? reader.u32(at: base, "ota_seq"),
                let state = try? reader.u32(at: base + 24, "ota_state"),
                let crc = try? reader.u32(at: base + 28, "crc"),
                sequence != 0xFFFF_FFFF, crc == CRC32.ieee(Array(bytes[base..<base + 4]), seed: 0xFFFF_FFFF),
                !OTAData.invalidStates.contains(state)
            else { continue }
            valid.append(Record(sequence: sequence, state: state))
        }
        records = valid
    }

    /// The OTA slot (0-based) to boot with `slotCount` OTA app partitions, or nil to boot the factory app.
    public func selectedSlot(slotCount: Int) -> Int? {
        guard slotCount > 0, let newest = records.map(\.sequence).max() else { return nil }
        return Int((newest - 1) % UInt32(slotCount))
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) with ESP-IDF's conventions.
public enum CRC32 {
    /// ESP-IDF's `esp_rom_crc32_le(seed, …)` as the OTA code calls it: the seed is inverted going in and the
    /// result inverted coming out.
    public static func ieee(_ bytes: [UInt8], seed: UInt32) -> UInt32 {
        var crc = ~seed
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? crc >> 1 ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
