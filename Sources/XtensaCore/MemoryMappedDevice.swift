// SPDX-License-Identifier: MIT

/// A device register block on the bus. Accesses arrive with the offset from the block's base and a size of
/// 1, 2 or 4 bytes; writes of narrower sizes carry the value in the low bits.
public protocol MemoryMappedDevice: AnyObject {
    /// A short name for logs (`UART0`, `TIMG1`).
    var name: String { get }
    func read(offset: UInt32, size: Int) -> UInt32
    func write(offset: UInt32, size: Int, value: UInt32)
}

/// What a data or instruction access to an address resolves to when it is not plain RAM.
public enum BusFault: Error, Sendable, Equatable {
    /// Nothing answers at the address (EXCCAUSE 15 for data, 14 for instruction fetch).
    case unmapped
    /// The memory exists but refuses this kind of access, such as byte access to instruction RAM (EXCCAUSE 3).
    case loadStoreError
    /// The region-protection attribute of the address forbids the access (EXCCAUSE 20, 28 or 29).
    case prohibited
}
