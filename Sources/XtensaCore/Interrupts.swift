// SPDX-License-Identifier: MIT

/// The ESP32 core's 32 interrupts: level and type of each (xtensa_isa.md §1.3, from ESP-IDF's core-isa.h).
public enum InterruptConfiguration {
    /// Interrupt numbers per priority level 1…7 (level 6 is the debug level and has none).
    static let levelMasks: [UInt32] = [0, 0x0006_37FF, 0x0038_0000, 0x28C0_8800, 0x5300_0000, 0x8401_0000, 0, 0x0000_4000]
    public static let softwareMask: UInt32 = 0x2000_0080
    public static let edgeMask: UInt32 = 0x5040_0400
    public static let levelTriggeredMask: UInt32 = 0x8FBE_333F
    public static let timerMask: UInt32 = 0x0001_8040
    public static let nmiMask: UInt32 = 0x0000_4000
    public static let profilingMask: UInt32 = 0x0000_0800
    /// CPU interrupts raised by CCOMPARE0, 1, 2.
    public static let timerInterrupts: [UInt32] = [6, 15, 16]
    public static let nmiLevel: UInt32 = 7
    public static let debugLevel: UInt32 = 6

    /// The priority level of interrupt `number`.
    public static func level(of number: UInt32) -> UInt32 {
        UInt32(levelMasks.firstIndex { $0 >> number & 1 != 0 } ?? 0)
    }
}

/// DEBUGCAUSE bits (xtensa_isa.md §4.2).
public enum DebugCause {
    public static let instructionCount: UInt32 = 0x01
    public static let instructionBreak: UInt32 = 0x02
    public static let dataBreak: UInt32 = 0x04
    public static let breakInstruction: UInt32 = 0x08
    public static let breakNarrow: UInt32 = 0x10
    public static let debugInterrupt: UInt32 = 0x20
}
