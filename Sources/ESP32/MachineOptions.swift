// SPDX-License-Identifier: MIT

/// How an ESP32 machine is built. Defaults match a board fresh out of the box and `idf.py qemu`'s choices.
public struct MachineOptions: Sendable {
    /// CPU clock; CCOUNT and every timer follow it.
    public var cpuMHz: UInt64 = 240
    /// Seeds the hardware RNG, so that runs repeat.
    public var seed: UInt64 = 0
    /// The factory MAC address in eFuse BLK0.
    public var mac: [UInt8] = EFuse.defaultMAC
    /// Whether the timer-group watchdogs act (off by default, as `idf.py qemu` runs).
    public var watchdogs = false
    /// What the flash chip holds at power-on (2, 4, 8 or 16 MB); nil for an erased 4 MB chip.
    public var flashContents: [UInt8]?
    /// A ROM image (ELF, or raw bytes for 0x40000000) to boot the real way: both CPUs start in it at the reset
    /// vector and it loads the 2nd-stage bootloader from flash (`--rom`). Nil: the emulator boots firmware itself.
    public var rom: [UInt8]?
    /// Stop with a crash report when an exception has no handler or a double exception occurs.
    public var stopOnGuestCrash = true

    public init() {}
}
