// SPDX-License-Identifier: MIT
import XtensaCore

/// The ESP32's address map as the PRO CPU sees it (esp32_emu_anchors.md §1.1–1.2), built into an
/// `AddressSpace`: memories with their access rules, peripheral blocks at their DPORT-bus addresses and at
/// the APB mirror 0x6000_0000 + (address − 0x3FF4_0000), and read-as-zero stubs for the blocks we do not
/// model. Anything else is unmapped and faults (LoadStorePIFAddrError / InstrPIFAddrError), as on silicon.
enum MemoryMap {
    struct Region {
        let name: String
        let base: UInt32
        let size: Int
        let access: AddressSpace.Access
        /// The same memory seen at a second address, with that bus's access rules.
        var alias: (base: UInt32, access: AddressSpace.Access)?
    }

    /// Internal memories. The instruction-bus memories take data accesses only as aligned 32-bit words. The
    /// flash windows (DROM, IROM) are not here: `FlashCache` maps them per CPU.
    static let memories: [Region] = [
        Region(
            name: "RTC FAST", base: 0x3FF8_0000, size: 0x2000, access: .ram,
            alias: (0x400C_0000, [.read, .write, .execute, .wordOnly])),
        Region(name: "ROM (data)", base: 0x3FF9_0000, size: 0x1_0000, access: .read),
        Region(name: "DRAM", base: 0x3FFA_E000, size: 0x5_2000, access: .ram),
        Region(name: "ROM", base: 0x4000_0000, size: 0x6_0000, access: [.read, .execute, .wordOnly]),
        Region(name: "IRAM", base: 0x4007_0000, size: 0x5_0000, access: [.read, .write, .execute, .wordOnly]),
        Region(name: "RTC SLOW", base: 0x5000_0000, size: 0x2000, access: .code),
    ]

    /// Peripheral blocks we answer with plain registers (reads 0 until written); accessing one is reported
    /// once under `--log unimp`.
    static let unmodelledBlocks: [(name: String, base: UInt32)] = [
        ("IO_MUX", 0x3FF4_9000), ("IO_MUX", 0x3FF4_A000),
        ("HINF", 0x3FF4_B000), ("UHCI1", 0x3FF4_C000), ("ANA", 0x3FF4_E000), ("I2S0", 0x3FF4_F000),
        ("I2C0", 0x3FF5_3000), ("UHCI0", 0x3FF5_4000), ("SLCHOST", 0x3FF5_5000), ("RMT", 0x3FF5_6000),
        ("PCNT", 0x3FF5_7000), ("SLC", 0x3FF5_8000), ("LEDC", 0x3FF5_9000), ("SPI_ENCRYPT", 0x3FF5_B000),
        ("BB", 0x3FF5_D000), ("MCPWM0", 0x3FF5_E000), ("SPI2", 0x3FF6_4000), ("SPI3", 0x3FF6_5000),
        ("I2C1", 0x3FF6_7000), ("SDMMC", 0x3FF6_8000), ("TWAI", 0x3FF6_B000),
        ("MCPWM1", 0x3FF6_C000), ("I2S1", 0x3FF6_D000), ("PWM2", 0x3FF6_F000), ("PWM3", 0x3FF7_0000),
        ("WIFI", 0x3FF7_3000), ("BT", 0x3FF7_1000),
    ]

    /// The APB mirror of a DPORT-bus peripheral address, if it has one.
    static func apbMirror(of address: UInt32) -> UInt32? {
        (0x3FF4_0000..<0x3FF8_0000).contains(address) ? 0x6000_0000 + (address - 0x3FF4_0000) : nil
    }
}
