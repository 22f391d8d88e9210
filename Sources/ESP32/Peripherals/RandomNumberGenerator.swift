// SPDX-License-Identifier: MIT
import XtensaCore

/// The hardware RNG's data register (WDEV_RND_REG at 0x3FF75144, also reached through 0x60035144). Each read
/// returns the next value of a generator seeded by `--seed`, so runs repeat exactly.
public final class HardwareRandomNumberGenerator: MemoryMappedDevice {
    public let name = "RNG"
    /// Offset of the data register inside the WDEV block this device covers.
    static let dataOffset: UInt32 = 0x144
    private var state: UInt64

    init(seed: UInt64) {
        state = seed ^ 0x853C_49E6_748F_EA9B
    }

    /// SplitMix64: fast, statistically sound, and fully determined by the seed.
    private func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public func read(offset: UInt32, size: Int) -> UInt32 {
        offset & ~3 == HardwareRandomNumberGenerator.dataOffset ? UInt32(truncatingIfNeeded: next() >> 32) : 0
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {}
}
