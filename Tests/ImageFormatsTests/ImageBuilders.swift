// SPDX-License-Identifier: MIT
import ImageFormats

/// Little-endian byte assembly for building test images.
extension Array where Element == UInt8 {
    mutating func append32(_ value: UInt32) { append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }) }
    mutating func append16(_ value: UInt16) { append(UInt8(value & 0xFF)); append(UInt8(value >> 8)) }
    mutating func put32(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { self[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
}

/// A minimal valid esptool app image with the given segments, checksum and optional SHA-256.
func makeAppImage(entry: UInt32, segments: [(UInt32, [UInt8])], digest: Bool = true) -> [UInt8] {
    var bytes: [UInt8] = [0xE9, UInt8(segments.count), 0x02, 0x20]
    bytes.append32(entry)
    bytes += [0xEE, 0, 0, 0]        // wp_pin, spi_pin_drv
    bytes.append16(0)               // chip id: ESP32
    bytes += [0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, digest ? 1 : 0]
    var checksum: UInt8 = 0xEF
    for (address, data) in segments {
        bytes.append32(address)
        bytes.append32(UInt32(data.count))
        bytes += data
        for byte in data { checksum ^= byte }
    }
    while bytes.count % 16 != 15 { bytes.append(0) }
    bytes.append(checksum)
    if digest { bytes += Digest.sha256(bytes) }
    return bytes
}

/// A minimal 32-bit little-endian Xtensa ELF with one PT_LOAD segment holding `code` at `address`.
func makeELF(entry: UInt32, address: UInt32, code: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 1, 1, 1] + [UInt8](repeating: 0, count: 9)
    bytes.append16(2)                   // e_type: EXEC
    bytes.append16(ELFFile.machineXtensa)
    bytes.append32(1)                   // e_version
    bytes.append32(entry)
    bytes.append32(52)                  // e_phoff
    bytes.append32(0)                   // e_shoff: no sections
    bytes.append32(0x300)               // e_flags
    bytes.append16(52)                  // e_ehsize
    bytes.append16(32)                  // e_phentsize
    bytes.append16(1)                   // e_phnum
    bytes.append16(40)                  // e_shentsize
    bytes.append16(0)                   // e_shnum
    bytes.append16(0)                   // e_shstrndx
    bytes.append32(1)                   // p_type: LOAD
    bytes.append32(84)                  // p_offset
    bytes.append32(address)
    bytes.append32(address)
    bytes.append32(UInt32(code.count))
    bytes.append32(UInt32(code.count) + 16)
    bytes.append32(5)
    bytes.append32(4)
    return bytes + code
}
