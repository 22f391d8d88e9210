// SPDX-License-Identifier: MIT

/// An esptool application image (`esptool elf2image` output, the `.bin` flashed at the app partition):
/// a 24-byte header, segments of (load address, length, data), a checksum byte at the next 16-byte boundary
/// and, when the header says so, a SHA-256 of everything before it.
public struct ESPAppImage: Sendable {
    public static let magic: UInt8 = 0xE9
    public static let checksumSeed: UInt8 = 0xEF
    public static let chipIDESP32: UInt16 = 0
    public static let headerSize = 24

    public struct Segment: Sendable, Equatable {
        public let loadAddress: UInt32
        /// Offset of the segment's data from the start of the image.
        public let dataOffset: Int
        public let data: ArraySlice<UInt8>
    }

    public let entry: UInt32
    public let flashMode: UInt8
    public let flashSizeAndFrequency: UInt8
    public let chipID: UInt16
    public let hasAppendedDigest: Bool
    public let segments: [Segment]
    /// Total length of the image including checksum and digest.
    public let length: Int

    /// Parses and verifies the image: checksum and (if present) SHA-256 must match, or the error says which.
    /// - Parameter offset: where the image starts inside `bytes` (an app partition inside a flash image).
    public init(bytes: [UInt8], at offset: Int = 0) throws(ImageFormatError) {
        let r = ByteReader(bytes)
        let magic = try r.u8(at: offset, "image header magic")
        guard magic == ESPAppImage.magic else {
            throw ImageFormatError(offset: offset, field: "image header magic",
                                   problem: "0x\(String(magic, radix: 16)) is not 0xE9 (not an ESP app image)")
        }
        let count = Int(try r.u8(at: offset + 1, "image header segment count"))
        guard (1...16).contains(count) else {
            throw ImageFormatError(offset: offset + 1, field: "image header segment count",
                                   problem: "\(count) segments (esptool writes 1 to 16)")
        }
        flashMode = try r.u8(at: offset + 2, "image header flash mode")
        flashSizeAndFrequency = try r.u8(at: offset + 3, "image header flash size/frequency")
        entry = try r.u32(at: offset + 4, "image header entry address")
        chipID = try r.u16(at: offset + 12, "extended header chip id")
        hasAppendedDigest = try r.u8(at: offset + 23, "extended header hash_appended") == 1

        var cursor = offset + ESPAppImage.headerSize
        var checksum = ESPAppImage.checksumSeed
        var parsed: [Segment] = []
        for index in 0..<count {
            let loadAddress = try r.u32(at: cursor, "segment \(index) load address")
            let length = Int(try r.u32(at: cursor + 4, "segment \(index) length"))
            guard length <= r.count - (cursor + 8) else {
                throw ImageFormatError(
                    offset: cursor + 4, field: "segment \(index) length",
                    problem: "\(length) bytes from 0x\(String(cursor + 8, radix: 16)) run past the end of the file")
            }
            let data = try r.slice(at: cursor + 8, count: length, "segment \(index) data")
            for byte in data { checksum ^= byte }
            parsed.append(Segment(loadAddress: loadAddress, dataOffset: cursor + 8 - offset, data: data))
            cursor += 8 + length
        }
        segments = parsed

        let checksumOffset = (cursor | 15)  // padded so that the checksum is the last byte of a 16-byte block
        let stored = try r.u8(at: checksumOffset, "image checksum")
        guard stored == checksum else {
            throw ImageFormatError(
                offset: checksumOffset, field: "image checksum",
                problem: "stored 0x\(String(stored, radix: 16)), computed 0x\(String(checksum, radix: 16))")
        }
        var end = checksumOffset + 1
        if hasAppendedDigest {
            let stored = try r.slice(at: end, count: 32, "image SHA-256 digest")
            guard Digest.sha256(r.bytes[offset..<end]).elementsEqual(stored) else {
                throw ImageFormatError(offset: end, field: "image SHA-256 digest",
                                       problem: "does not match the image contents")
            }
            end += 32
        }
        length = end - offset
    }
}
