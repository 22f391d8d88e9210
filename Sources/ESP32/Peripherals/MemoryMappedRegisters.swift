// SPDX-License-Identifier: MIT

/// Byte and halfword access to 32-bit registers: the bus passes the access's offset and size, and devices
/// keep whole words.
enum MemoryMappedRegisters {
    /// The bytes of `word` an access at `offset` reads, shifted down (the bus keeps the low `size` bytes).
    static func extract(_ word: UInt32, offset: UInt32) -> UInt32 { word >> (8 * (offset & 3)) }

    /// `word` with the bytes a `size`-byte write of `value` at `offset` covers replaced.
    static func merge(_ word: UInt32, _ value: UInt32, offset: UInt32, size: Int) -> UInt32 {
        let shift = 8 * (offset & 3)
        let mask: UInt32 = size >= 4 ? 0xFFFF_FFFF : ((1 << (8 * UInt32(size))) - 1) << shift
        return word & ~mask | (value << shift) & mask
    }
}
