// SPDX-License-Identifier: MIT

/// The ESP32 partition table, flashed at 0x8000: 32-byte entries (magic AA 50), an optional MD5 entry
/// (magic EB EB) over the entries before it, and 0xFF padding.
public struct PartitionTable: Sendable {
    public static let flashOffset = 0x8000
    public static let maximumSize = 0xC00

    public struct Entry: Sendable, Equatable {
        public static let typeApp: UInt8 = 0x00
        public static let typeData: UInt8 = 0x01
        public static let subtypeFactory: UInt8 = 0x00
        /// OTA app slots are subtypes 0x10 (ota_0) to 0x1F (ota_15).
        public static let subtypeOTA0: UInt8 = 0x10

        public let label: String
        public let type: UInt8
        public let subtype: UInt8
        public let offset: UInt32
        public let size: UInt32
        public let flags: UInt32

        public var isApp: Bool { type == Entry.typeApp }
    }

    public let entries: [Entry]

    /// Parses the table starting at `offset` inside `bytes` (usually a whole flash image) and checks its MD5.
    public init(bytes: [UInt8], at offset: Int = PartitionTable.flashOffset) throws(ImageFormatError) {
        let r = ByteReader(bytes)
        var parsed: [Entry] = []
        var cursor = offset
        while cursor + 32 <= offset + PartitionTable.maximumSize {
            let magic = try r.u16(at: cursor, "partition entry \(parsed.count) magic")
            if magic == 0xFFFF { break }
            if magic == 0xEBEB {
                let stored = try r.slice(at: cursor + 16, count: 16, "partition table MD5")
                guard Digest.md5(r.bytes[offset..<cursor]).elementsEqual(stored) else {
                    throw ImageFormatError(offset: cursor + 16, field: "partition table MD5",
                                           problem: "does not match the entries")
                }
                break
            }
            guard magic == 0x50AA else {
                throw ImageFormatError(offset: cursor, field: "partition entry \(parsed.count) magic",
                                       problem: "0x\(String(magic, radix: 16)) is not AA 50")
            }
            let labelBytes = try r.slice(at: cursor + 12, count: 16, "partition entry \(parsed.count) label")
            parsed.append(Entry(
                label: String(decoding: labelBytes.prefix { $0 != 0 }, as: UTF8.self),
                type: try r.u8(at: cursor + 2, "partition entry \(parsed.count) type"),
                subtype: try r.u8(at: cursor + 3, "partition entry \(parsed.count) subtype"),
                offset: try r.u32(at: cursor + 4, "partition entry \(parsed.count) offset"),
                size: try r.u32(at: cursor + 8, "partition entry \(parsed.count) size"),
                flags: try r.u32(at: cursor + 28, "partition entry \(parsed.count) flags")))
            cursor += 32
        }
        guard !parsed.isEmpty else {
            throw ImageFormatError(offset: offset, field: "partition table", problem: "no partition entries")
        }
        entries = parsed
    }

    /// The app a bootloader without OTA data starts: the factory app, else the first OTA slot.
    public var bootApp: Entry? {
        entries.first { $0.isApp && $0.subtype == Entry.subtypeFactory }
            ?? entries.first { $0.isApp && $0.subtype >= Entry.subtypeOTA0 && $0.subtype < Entry.subtypeOTA0 + 16 }
    }
}
