// SPDX-License-Identifier: MIT

/// A cursor over one DWARF section's bytes (little-endian, 32-bit DWARF): fixed-size integers, LEB128 and
/// strings. Reading past the end throws an `ImageFormatError` at the section's file offset.
struct DWARFReader {
    let bytes: ArraySlice<UInt8>
    /// The section's name and where it starts in the file, for errors.
    let section: String
    let fileOffset: Int
    var position: Int

    init(_ bytes: ArraySlice<UInt8>, section: String, fileOffset: Int, at position: Int = 0) {
        self.bytes = bytes
        self.section = section
        self.fileOffset = fileOffset
        self.position = bytes.startIndex + position
    }

    /// Offset from the start of the section.
    var offset: Int { position - bytes.startIndex }
    var isAtEnd: Bool { position >= bytes.endIndex }

    func error(_ field: String, _ problem: String) -> ImageFormatError {
        ImageFormatError(offset: fileOffset + offset, field: "\(section) \(field)", problem: problem)
    }

    mutating func u8(_ field: String) throws(ImageFormatError) -> UInt8 {
        guard position < bytes.endIndex else { throw error(field, "runs past the end of the section") }
        defer { position += 1 }
        return bytes[position]
    }

    /// A little-endian unsigned integer of `size` bytes (1-8).
    mutating func unsigned(size: Int, _ field: String) throws(ImageFormatError) -> UInt64 {
        guard bytes.endIndex - position >= size else { throw error(field, "runs past the end of the section") }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[position + index]) << (8 * index) }
        position += size
        return value
    }

    mutating func u16(_ field: String) throws(ImageFormatError) -> UInt16 {
        UInt16(try unsigned(size: 2, field))
    }

    mutating func u32(_ field: String) throws(ImageFormatError) -> UInt32 {
        UInt32(try unsigned(size: 4, field))
    }

    mutating func uleb(_ field: String) throws(ImageFormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8(field)
            if shift < 64 { value |= UInt64(byte & 0x7F) << shift }
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }

    mutating func sleb(_ field: String) throws(ImageFormatError) -> Int64 {
        var value: Int64 = 0
        var shift: Int64 = 0
        var byte: UInt8
        repeat {
            byte = try u8(field)
            if shift < 64 { value |= Int64(byte & 0x7F) << shift }
            shift += 7
        } while byte & 0x80 != 0
        if shift < 64 && byte & 0x40 != 0 { value |= -(Int64(1) << shift) }
        return value
    }

    mutating func cString(_ field: String) throws(ImageFormatError) -> String {
        guard let end = bytes[position...].firstIndex(of: 0) else { throw error(field, "string without its NUL") }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    mutating func skip(_ count: Int, _ field: String) throws(ImageFormatError) {
        guard count >= 0, bytes.endIndex - position >= count else {
            throw error(field, "runs past the end of the section")
        }
        position += count
    }

    /// The NUL-terminated string at `offset` of a string section (.debug_str, .debug_line_str).
    static func string(in section: ArraySlice<UInt8>, at offset: UInt64) -> String? {
        guard offset < UInt64(section.count) else { return nil }
        let start = section.startIndex + Int(offset)
        guard let end = section[start...].firstIndex(of: 0) else { return nil }
        return String(decoding: section[start..<end], as: UTF8.self)
    }
}
