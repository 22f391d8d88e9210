// SPDX-License-Identifier: MIT
import Foundation
import XtensaISA

/// The 32-bit address space a core sees: RAM and ROM regions backed by host memory, device register blocks,
/// and holes. Lookups go through per-4-KB-page tables so that a RAM access costs one table load and one
/// memory access; everything else (devices, holes, access-rule violations, writes into pages holding
/// predecoded code) takes one slow path.
///
/// Page tables for the fast path (nil entry = take the slow path):
/// - `wordRead`/`wordWrite`: aligned 32-bit accesses;
/// - `narrowRead`/`narrowWrite`: 8/16-bit and unaligned accesses. Instruction-bus RAM is absent here, which is
///   how the ESP32 rule "only aligned 32-bit data access to IRAM/IROM" costs nothing on the fast path.
public final class AddressSpace {
    public static let pageShift: UInt32 = 12
    public static let pageSize = 1 << 12
    static let pageCount = 1 << 20

    /// How a RAM/ROM region may be accessed.
    public struct Access: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let read = Access(rawValue: 1)
        public static let write = Access(rawValue: 2)
        public static let execute = Access(rawValue: 4)
        /// Data accesses must be aligned 32-bit (instruction-bus memories).
        public static let wordOnly = Access(rawValue: 8)
        public static let ram: Access = [.read, .write]
        public static let code: Access = [.read, .write, .execute]
    }

    /// Fast-path tables: host address of the page's first byte, indexed by guest page number.
    let wordRead: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    let wordWrite: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    let narrowRead: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    let narrowWrite: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    /// Every RAM/ROM page regardless of access rules (loaders, debuggers, instruction fetch).
    let hostPage: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    let pageAccess: UnsafeMutablePointer<Access>
    /// Index + 1 into `devices` for pages owned by a device, 0 otherwise.
    let pageDevice: UnsafeMutablePointer<UInt16>
    private(set) var devices: [(base: UInt32, size: UInt32, device: MemoryMappedDevice)] = []
    private var regions: [UnsafeMutableRawPointer] = []
    private var peers: [WeakAddressSpace] = []

    /// Predecoded instructions, per page that has been executed from (see `DecodeCache`).
    let decodeCache = DecodeCache()

    /// Region-protection attributes (xtensa_isa.md §3.11): one per 512 MB region for instruction fetch and
    /// one for data, set by WITLB/WDTLB. Reset value 2 (RWX).
    private(set) var instructionAttributes = [UInt8](repeating: 2, count: 8)
    private(set) var dataAttributes = [UInt8](repeating: 2, count: 8)
    /// Pages with a data breakpoint or watchpoint: every access to them takes the slow path.
    private var watchCount: [Int: Int] = [:]

    public init() {
        // Every table starts all zero bits (nil pointers, no access, no device); calloc hands out zeroed pages
        // lazily, so a machine costs no time for the 1 M-entry tables it never touches.
        func table<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
            guard let memory = calloc(AddressSpace.pageCount, MemoryLayout<T>.stride) else {
                fatalError("cannot allocate the page tables")
            }
            return memory.bindMemory(to: T.self, capacity: AddressSpace.pageCount)
        }
        wordRead = table(UnsafeMutablePointer<UInt8>?.self)
        wordWrite = table(UnsafeMutablePointer<UInt8>?.self)
        narrowRead = table(UnsafeMutablePointer<UInt8>?.self)
        narrowWrite = table(UnsafeMutablePointer<UInt8>?.self)
        hostPage = table(UnsafeMutablePointer<UInt8>?.self)
        pageAccess = table(Access.self)
        pageDevice = table(UInt16.self)
    }

    deinit {
        for pointer in [wordRead, wordWrite, narrowRead, narrowWrite, hostPage] { free(pointer) }
        free(pageAccess)
        free(pageDevice)
        for region in regions { free(region) }
    }

    // MARK: - Building the map

    /// Adds zero-filled memory at `base` (page aligned, `size` a multiple of 4 KB) and returns its host storage.
    /// Memory is allocated lazily by the host OS, so large sparse regions cost nothing until touched.
    @discardableResult
    public func addMemory(base: UInt32, size: Int, access: Access) -> UnsafeMutablePointer<UInt8> {
        precondition(size > 0 && size % AddressSpace.pageSize == 0 && Int(base) % AddressSpace.pageSize == 0)
        guard let storage = calloc(size, 1) else { fatalError("cannot allocate \(size) bytes of guest memory") }
        regions.append(storage)
        let bytes = storage.assumingMemoryBound(to: UInt8.self)
        mapMemory(base: base, size: size, storage: bytes, access: access)
        return bytes
    }

    /// Maps existing host storage (memory shared with another CPU, a flash page behind the cache) at `base`.
    /// Remapping a page drops the instructions decoded from what was there before.
    public func mapMemory(base: UInt32, size: Int, storage: UnsafeMutablePointer<UInt8>, access: Access) {
        for index in 0..<(size >> AddressSpace.pageSize.trailingZeroBitCount) {
            let page = Int(base >> AddressSpace.pageShift) + index
            let host = storage + index * AddressSpace.pageSize
            if hostPage[page] != host { decodeCache.forgetPage(page) }
            hostPage[page] = host
            pageAccess[page] = access
            pageDevice[page] = 0
            refreshFastPath(page: page)
        }
    }

    /// Another CPU's address space over the same memory: stores here must reach the instructions it decoded,
    /// and its stores ours (the ESP32's two CPUs share IRAM and DRAM).
    public func sharesMemory(with other: AddressSpace) {
        peers.append(WeakAddressSpace(other))
        other.peers.append(WeakAddressSpace(self))
    }

    /// Whether this or a peer CPU has decoded instructions on `page`: stores to it take the slow path.
    private func holdsCode(page: Int) -> Bool {
        decodeCache.hasCode(page: page) || peers.contains { $0.space?.decodeCache.hasCode(page: page) == true }
    }

    /// A page got its first decoded instructions: stores to it, from any CPU, must now invalidate them.
    func noteCode(page: Int) {
        refreshFastPath(page: page)
        for peer in peers { peer.space?.refreshFastPath(page: page) }
    }

    /// Maps a device's register block at `base` (page aligned; `size` rounded up to whole pages).
    public func addDevice(_ device: MemoryMappedDevice, base: UInt32, size: UInt32) {
        precondition(base % UInt32(AddressSpace.pageSize) == 0 && devices.count < Int(UInt16.max))
        devices.append((base, size, device))
        let pages = (Int(size) + AddressSpace.pageSize - 1) >> AddressSpace.pageShift
        for index in 0..<pages {
            let page = Int(base >> AddressSpace.pageShift) + index
            hostPage[page] = nil
            pageAccess[page] = []
            pageDevice[page] = UInt16(devices.count)
            refreshFastPath(page: page)
        }
    }

    /// Recomputes a page's fast-path entries from its access rules, its region's attribute, watchpoints and
    /// whether it holds predecoded code.
    func refreshFastPath(page: Int) {
        let host = hostPage[page]
        let access = pageAccess[page]
        let unwatched = watchCount[page] == nil
        let readable = access.contains(.read) && RegionAttribute.allowsData(dataAttributes[page >> 17]) && unwatched
        let writable = readable && access.contains(.write) && !holdsCode(page: page)
        wordRead[page] = readable ? host : nil
        wordWrite[page] = writable ? host : nil
        narrowRead[page] = readable && !access.contains(.wordOnly) ? host : nil
        narrowWrite[page] = writable && !access.contains(.wordOnly) ? host : nil
    }

    /// Sets the region-protection attributes of one 512 MB region (WITLB/WDTLB, or reset).
    public func setRegionAttribute(region: Int, instruction: UInt8? = nil, data: UInt8? = nil) {
        if let instruction { instructionAttributes[region] = instruction & 0xF }
        if let data, dataAttributes[region] != data & 0xF {
            dataAttributes[region] = data & 0xF
            for page in (region << 17)..<((region + 1) << 17) where hostPage[page] != nil {
                refreshFastPath(page: page)
            }
        }
    }

    /// Routes every access to the pages covering `[address, address + length)` through the slow path (or
    /// stops doing so), for data breakpoints and debugger watchpoints.
    public func watch(_ address: UInt32, length: Int, _ enabled: Bool) {
        let first = Int(address >> AddressSpace.pageShift)
        let last = Int((address &+ UInt32(max(length, 1) - 1)) >> AddressSpace.pageShift)
        for page in Set([first, last]) {
            let count = (watchCount[page] ?? 0) + (enabled ? 1 : -1)
            watchCount[page] = count > 0 ? count : nil
            refreshFastPath(page: page)
        }
    }

    /// Whether instruction fetch from `address` is allowed by its region's attribute.
    func allowsExecution(_ address: UInt32) -> Bool {
        RegionAttribute.allowsExecution(instructionAttributes[Int(address >> 29)])
    }

    /// The opcodes executed (decoded for execution) in this address space so far.
    public var executedOpcodes: Set<Opcode> {
        Set(decodeCache.decodedOpcodes.indices.filter { decodeCache.decodedOpcodes[$0] }
            .map { Opcode(rawValue: UInt16($0))! })
    }

    // MARK: - Accesses that bypass the CPU's rules (loaders, debuggers, DMA)

    /// Host pointer for `address` if RAM or ROM backs it.
    public func hostPointer(_ address: UInt32) -> UnsafeMutablePointer<UInt8>? {
        hostPage[Int(address >> AddressSpace.pageShift)].map { $0 + Int(address & 0xFFF) }
    }

    /// Copies `bytes` into memory at `address`, ignoring write protection (ELF and image loading).
    /// Returns false, writing nothing, if any byte has no RAM or ROM behind it.
    @discardableResult
    public func load(_ bytes: some Collection<UInt8>, at address: UInt32) -> Bool {
        guard UInt64(address) + UInt64(bytes.count) <= 1 << 32 else { return false }
        for offset in stride(from: 0, to: bytes.count, by: 1) where hostPointer(address &+ UInt32(offset)) == nil {
            return false
        }
        for (offset, byte) in bytes.enumerated() {
            hostPointer(address &+ UInt32(offset))!.pointee = byte
        }
        invalidateCode(from: address, count: bytes.count)
        return true
    }

    /// Reads `count` bytes for a debugger or loader; nil if any byte is not RAM/ROM. Devices are not read
    /// (reads can have side effects).
    public func peek(_ address: UInt32, count: Int) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        for offset in 0..<count {
            guard let pointer = hostPointer(address &+ UInt32(offset)) else { return nil }
            result.append(pointer.pointee)
        }
        return result
    }

    // MARK: - Bus access for debuggers and tests

    /// A data read as the CPU's load unit would make it: device registers answer (with their side effects),
    /// the instruction-bus and access rules apply. Nil where the CPU would take an exception.
    public func dataRead(_ address: UInt32, size: Int) -> UInt32? {
        try? slowRead(address, size: size).get()
    }

    /// A data write as the CPU's store unit would make it; false where the CPU would take an exception.
    @discardableResult
    public func dataWrite(_ address: UInt32, size: Int, value: UInt32) -> Bool {
        slowWrite(address, size: size, value: value) == nil
    }

    // MARK: - Slow paths

    /// A device access, or nil if no device owns the address.
    func deviceAccess(_ address: UInt32) -> (device: MemoryMappedDevice, offset: UInt32)? {
        let index = Int(pageDevice[Int(address >> AddressSpace.pageShift)])
        guard index > 0 else { return nil }
        let entry = devices[index - 1]
        let offset = address &- entry.base
        return offset < entry.size ? (entry.device, offset) : nil
    }

    /// Data read of 1, 2 or 4 bytes that missed the fast path.
    func slowRead(_ address: UInt32, size: Int) -> Result<UInt32, BusFault> {
        let page = Int(address >> AddressSpace.pageShift)
        guard RegionAttribute.allowsData(dataAttributes[Int(address >> 29)]) else { return .failure(.prohibited) }
        if let (device, offset) = deviceAccess(address) {
            return .success(device.read(offset: offset, size: size))
        }
        let access = pageAccess[page]
        guard access.contains(.read), hostPage[page] != nil else { return .failure(.unmapped) }
        if access.contains(.wordOnly) && (size != 4 || address & 3 != 0) { return .failure(.loadStoreError) }
        var value: UInt32 = 0
        for index in 0..<size {
            let byteAddress = address &+ UInt32(index)
            guard let pointer = hostPointer(byteAddress), pageAccess[Int(byteAddress >> 12)].contains(.read) else {
                return .failure(.unmapped)
            }
            value |= UInt32(pointer.pointee) << (8 * index)
        }
        return .success(value)
    }

    /// Data write of 1, 2 or 4 bytes that missed the fast path; invalidates predecoded code it overwrites.
    func slowWrite(_ address: UInt32, size: Int, value: UInt32) -> BusFault? {
        let page = Int(address >> AddressSpace.pageShift)
        guard RegionAttribute.allowsData(dataAttributes[Int(address >> 29)]) else { return .prohibited }
        if let (device, offset) = deviceAccess(address) {
            device.write(offset: offset, size: size, value: value)
            return nil
        }
        let access = pageAccess[page]
        guard access.contains(.write), hostPage[page] != nil else { return .unmapped }
        if access.contains(.wordOnly) && (size != 4 || address & 3 != 0) { return .loadStoreError }
        for index in 0..<size {
            let byteAddress = address &+ UInt32(index)
            guard let pointer = hostPointer(byteAddress), pageAccess[Int(byteAddress >> 12)].contains(.write) else {
                return .unmapped
            }
            pointer.pointee = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
        invalidateCode(from: address, count: size)
        return nil
    }

    /// Forgets predecoded instructions overlapping `[address, address + count)`, here and in peer address
    /// spaces (after a store, or when the bytes behind them changed otherwise, as flash under the cache does).
    /// Pages keep their "holds code" mark, so later writes to them stay on the slow path and keep invalidating.
    public func invalidateCode(from address: UInt32, count: Int) {
        forgetDecoded(from: address, count: count)
        for peer in peers { peer.space?.forgetDecoded(from: address, count: count) }
    }

    private func forgetDecoded(from address: UInt32, count: Int) {
        guard count > 0 else { return }
        // An instruction starting up to 2 bytes before the first written byte may cover it.
        var current = Int64(address) - 2
        let end = Int64(address) + Int64(count)
        while current < end {
            let guest = UInt32(truncatingIfNeeded: current)
            let pageEnd = current + Int64(AddressSpace.pageSize) - Int64(guest & 0xFFF)
            if decodeCache.hasCode(page: Int(guest >> AddressSpace.pageShift)) {
                for byte in current..<min(end, pageEnd) { decodeCache.forget(address: UInt32(truncatingIfNeeded: byte)) }
            }
            current = pageEnd
        }
    }
}

/// Meaning of the region-protection attribute values (QEMU's table for the option; xtensa_isa.md §3.11).
enum RegionAttribute {
    /// 0 RW, 1/2/4/5 RWX, 14 RW (isolate); everything else forbids data access.
    static func allowsData(_ attribute: UInt8) -> Bool {
        attribute <= 2 || attribute == 4 || attribute == 5 || attribute == 14
    }

    /// 1/2/4/5 RWX and 3 execute-only allow instruction fetch.
    static func allowsExecution(_ attribute: UInt8) -> Bool {
        (1...5).contains(attribute)
    }
}

/// A reference to a peer address space that does not keep it alive (peers refer to each other).
private struct WeakAddressSpace {
    weak var space: AddressSpace?

    init(_ space: AddressSpace) { self.space = space }
}
