// SPDX-License-Identifier: MIT

/// Fields of the PS special register (xtensa_isa.md §3.9).
public enum ProcessorStatus {
    public static let intLevelMask: UInt32 = 0xF
    public static let excm: UInt32 = 1 << 4
    public static let um: UInt32 = 1 << 5
    public static let owbShift: UInt32 = 8
    public static let owbMask: UInt32 = 0xF << 8
    public static let callIncShift: UInt32 = 16
    public static let callIncMask: UInt32 = 3 << 16
    public static let woe: UInt32 = 1 << 18
    /// Bits software can write on the ESP32 (no RING field: there is no MMU).
    public static let writableMask: UInt32 = 0x0007_0F3F
    /// PS at reset: INTLEVEL 15, EXCM 1.
    public static let resetValue: UInt32 = 0x1F
    /// EXCMLEVEL: PS.EXCM = 1 masks interrupts up to this level.
    public static let exceptionModeLevel: UInt32 = 3
}
