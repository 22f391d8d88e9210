// SPDX-License-Identifier: MIT
import XtensaCore

/// One CPU's flash cache: its MMU table (256 entries, each mapping a 64 KB virtual page of a cache window
/// to a 64 KB flash page) and the cache control bits, applied to that CPU's address space
/// (esp32_emu_anchors.md §2.1).
///
/// The windows map flash directly: each 4 KB guest page of a window points into the flash chip's storage,
/// so reading flash through the cache costs what reading RAM does. Invalid entries and disabled windows read
/// as a fill value (0xBAADBAAD for data, 0 for instructions) without trapping, as QEMU models them. Changes
/// take effect at once (no lazy re-sync); the code decoded from a remapped page is forgotten.
public final class FlashCache {
    /// A cache window: 64 MMU entries over 4 MB of virtual addresses.
    struct Window {
        let name: String
        let base: UInt32
        let firstEntry: Int
        /// The window's bit in CACHE_CTRL1: set means disabled.
        let maskBit: UInt32
        let access: AddressSpace.Access
        /// The part of the window that is not internal memory (IRAM0's window starts under ROM and IRAM).
        let mappedFrom: UInt32
    }

    static let windows = [
        Window(
            name: "DROM0", base: 0x3F40_0000, firstEntry: 0, maskBit: 1 << 4, access: .read, mappedFrom: 0x3F40_0000),
        Window(
            name: "IRAM0", base: 0x4000_0000, firstEntry: 64, maskBit: 1 << 0, access: [.read, .execute, .wordOnly],
            mappedFrom: 0x400C_2000),
        Window(
            name: "IRAM1", base: 0x4040_0000, firstEntry: 128, maskBit: 1 << 1,
            access: [.read, .execute, .wordOnly], mappedFrom: 0x4040_0000),
        Window(
            name: "IROM0", base: 0x4080_0000, firstEntry: 192, maskBit: 1 << 2,
            access: [.read, .execute, .wordOnly], mappedFrom: 0x4080_0000),
    ]
    public static let entryCount = 256
    public static let invalidEntry: UInt32 = 0x100
    static let entryPageSize = 0x1_0000

    /// CACHE_CTRL (PRO 0x40, APP 0x58 in DPORT) and CACHE_CTRL1 (0x44 / 0x5C) bits.
    public enum Control {
        public static let cacheEnable: UInt32 = 1 << 3
        public static let flushEnable: UInt32 = 1 << 4
        public static let flushDone: UInt32 = 1 << 5
    }

    public private(set) var entries = [UInt32](repeating: 0, count: FlashCache.entryCount)
    public private(set) var control: UInt32 = 0
    /// CACHE_CTRL1: window disable mask (reset: every window disabled).
    public private(set) var windowMask: UInt32 = 0x3F
    private let addressSpace: AddressSpace
    private let flash: FlashChip
    /// 4 KB of fill values for data and for instruction windows.
    private let dataFill: UnsafeMutablePointer<UInt8>
    private let instructionFill: UnsafeMutablePointer<UInt8>

    init(addressSpace: AddressSpace, flash: FlashChip) {
        self.addressSpace = addressSpace
        self.flash = flash
        dataFill = .allocate(capacity: AddressSpace.pageSize)
        for index in 0..<AddressSpace.pageSize { dataFill[index] = [0xAD, 0xBA, 0xAD, 0xBA][index % 4] }
        instructionFill = .allocate(capacity: AddressSpace.pageSize)
        instructionFill.initialize(repeating: 0, count: AddressSpace.pageSize)
        remapAll()
    }

    deinit {
        dataFill.deallocate()
        instructionFill.deallocate()
    }

    // MARK: - Registers

    /// Reset: every entry maps flash page 0, the cache is off (QEMU's reset state).
    func reset() {
        entries = [UInt32](repeating: 0, count: FlashCache.entryCount)
        control = 0
        windowMask = 0x3F
        remapAll()
    }

    public func setEntry(_ index: Int, _ value: UInt32) {
        let value = value & 0x1FF
        guard entries[index] != value else { return }
        entries[index] = value
        if let window = FlashCache.windows.first(where: { (0..<64).contains(index - $0.firstEntry) }) {
            remap(window, entry: index - window.firstEntry)
        }
    }

    /// CACHE_CTRL: a flush completes at once (FLUSH_DONE set, FLUSH_ENA cleared).
    func writeControl(_ value: UInt32) {
        let wasEnabled = control & Control.cacheEnable != 0
        control = value & Control.flushEnable != 0 ? value & ~Control.flushEnable | Control.flushDone : value
        if wasEnabled != (control & Control.cacheEnable != 0) { remapAll() }
    }

    func writeWindowMask(_ value: UInt32) {
        let changed = windowMask != value & 0x3F
        windowMask = value & 0x3F
        if changed { remapAll() }
    }

    // MARK: - Mapping

    /// Programs entries and enables the windows as the 2nd-stage bootloader does before starting an app:
    /// `virtualAddress` (in a window) shows flash from `flashOffset` on, for `length` bytes. The two must
    /// share their offset within a 64 KB page.
    public func map(virtualAddress: UInt32, flashOffset: Int, length: Int) {
        let firstPage = Int(virtualAddress) / FlashCache.entryPageSize
        let lastPage = (Int(virtualAddress) + max(length, 1) - 1) / FlashCache.entryPageSize
        for virtualPage in firstPage...lastPage {
            guard let (window, entry) = FlashCache.locate(UInt32(virtualPage * FlashCache.entryPageSize)) else {
                continue
            }
            let flashPage = flashOffset / FlashCache.entryPageSize + (virtualPage - firstPage)
            setEntry(window.firstEntry + entry, UInt32(flashPage))
        }
        control |= Control.cacheEnable
        windowMask = 0
        remapAll()
    }

    /// The window and entry (0..63 within it) covering `address`.
    static func locate(_ address: UInt32) -> (Window, Int)? {
        for window in windows where address >= window.base && address - window.base < 64 * UInt32(entryPageSize) {
            return (window, Int(address - window.base) / entryPageSize)
        }
        return nil
    }

    private func isEnabled(_ window: Window) -> Bool {
        control & Control.cacheEnable != 0 && windowMask & window.maskBit == 0
    }

    private func remapAll() {
        for window in FlashCache.windows {
            for entry in 0..<64 { remap(window, entry: entry) }
        }
    }

    /// Points the 16 guest pages of one entry at its flash page, or at the fill page.
    private func remap(_ window: Window, entry: Int) {
        let value = entries[window.firstEntry + entry]
        let flashPage = Int(value & 0xFF)
        let valid =
            isEnabled(window) && value & FlashCache.invalidEntry == 0
            && (flashPage + 1) * FlashCache.entryPageSize <= flash.size
        let fill = window.access.contains(.execute) ? instructionFill : dataFill
        let entryBase = window.base + UInt32(entry * FlashCache.entryPageSize)
        for page in 0..<(FlashCache.entryPageSize / AddressSpace.pageSize) {
            let address = entryBase + UInt32(page * AddressSpace.pageSize)
            guard address >= window.mappedFrom else { continue }
            let storage =
                valid ? flash.storage + flashPage * FlashCache.entryPageSize + page * AddressSpace.pageSize : fill
            addressSpace.mapMemory(base: address, size: AddressSpace.pageSize, storage: storage, access: window.access)
        }
    }

    /// Flash bytes changed under the cache: forget the instructions decoded from every window page showing them.
    func flashChanged(_ range: Range<Int>) {
        for window in FlashCache.windows where window.access.contains(.execute) {
            for entry in 0..<64 {
                let value = entries[window.firstEntry + entry]
                let start = Int(value & 0xFF) * FlashCache.entryPageSize
                guard value & FlashCache.invalidEntry == 0, range.overlaps(start..<start + FlashCache.entryPageSize)
                else {
                    continue
                }
                let lower = max(range.lowerBound, start),
                    upper = min(range.upperBound, start + FlashCache.entryPageSize)
                let address = window.base + UInt32(entry * FlashCache.entryPageSize + lower - start)
                if address >= window.mappedFrom { addressSpace.invalidateCode(from: address, count: upper - lower) }
            }
        }
    }
}
