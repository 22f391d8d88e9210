// SPDX-License-Identifier: MIT

/// The ESP32's address regions that images load into, named as in the TRM and esptool
/// (esp32_emu_anchors.md §1.1). Image loaders use this to reject segments no memory backs; tools use it to
/// describe addresses.
public struct ESP32AddressRegion: Sendable, Equatable {
    public let name: String
    public let range: ClosedRange<UInt32>
    /// True for the flash-cache windows, whose contents come from flash through the MMU.
    public let isFlashMapped: Bool

    public static let all: [ESP32AddressRegion] = [
        .init(name: "DROM", range: 0x3F40_0000...0x3F7F_FFFF, isFlashMapped: true),
        .init(name: "RTC_FAST (data)", range: 0x3FF8_0000...0x3FF8_1FFF, isFlashMapped: false),
        .init(name: "DRAM", range: 0x3FFA_E000...0x3FFF_FFFF, isFlashMapped: false),
        .init(name: "IRAM", range: 0x4007_0000...0x400B_FFFF, isFlashMapped: false),
        .init(name: "RTC_FAST (instruction)", range: 0x400C_0000...0x400C_1FFF, isFlashMapped: false),
        .init(name: "IROM", range: 0x400C_2000...0x40BF_FFFF, isFlashMapped: true),
        .init(name: "RTC_SLOW", range: 0x5000_0000...0x5000_1FFF, isFlashMapped: false),
    ]

    /// The region holding the whole range `[address, address + length)`, if any.
    public static func containing(_ address: UInt32, length: Int = 1) -> ESP32AddressRegion? {
        let last = UInt64(address) + UInt64(max(length, 1)) - 1
        return all.first { $0.range.contains(address) && last <= UInt64($0.range.upperBound) }
    }
}
