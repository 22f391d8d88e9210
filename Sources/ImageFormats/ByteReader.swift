// SPDX-License-Identifier: MIT

/// Bounds-checked little-endian reads from a byte buffer. Every read names the field it is for, so a short or
/// corrupt file produces an `ImageFormatError` that says where and what, never a crash.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var count: Int { bytes.count }

    func require(_ offset: Int, _ length: Int, _ field: String) throws(ImageFormatError) {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
            throw ImageFormatError(
                offset: max(0, offset), field: field,
                problem: "needs \(length) bytes but the file ends at 0x\(String(bytes.count, radix: 16))")
        }
    }

    public func u8(at offset: Int, _ field: String) throws(ImageFormatError) -> UInt8 {
        try require(offset, 1, field)
        return bytes[offset]
    }

    public func u16(at offset: Int, _ field: String) throws(ImageFormatError) -> UInt16 {
        try require(offset, 2, field)
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    public func u32(at offset: Int, _ field: String) throws(ImageFormatError) -> UInt32 {
        try require(offset, 4, field)
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    public func slice(at offset: Int, count: Int, _ field: String) throws(ImageFormatError) -> ArraySlice<UInt8> {
        try require(offset, count, field)
        return bytes[offset..<offset + count]
    }

    /// A NUL-terminated string starting at `offset` (the whole rest of the buffer if no NUL follows).
    public func cString(at offset: Int, _ field: String) throws(ImageFormatError) -> String {
        try require(offset, 0, field)
        let end = bytes[offset...].firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }
}
