// SPDX-License-Identifier: MIT

/// Data accesses from instructions. The fast path is one page-table load; everything else goes through the
/// address space's slow path, and a fault there becomes the guest exception silicon raises. Functions return
/// nil (loads) or false (stores) after raising, and the instruction then stops without writing results.
extension Core {
    @inline(__always) func load32(_ address: UInt32) -> UInt32? {
        let offset = Int(address & 0xFFF)
        if address & 3 == 0, let page = addressSpace.wordRead[Int(address >> 12)] {
            return UnsafeRawPointer(page).load(fromByteOffset: offset, as: UInt32.self)
        }
        if offset <= 0xFFC, let page = addressSpace.narrowRead[Int(address >> 12)] {
            return UnsafeRawPointer(page).loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        }
        return loadSlow(address, size: 4)
    }

    @inline(__always) func load16(_ address: UInt32) -> UInt32? {
        let offset = Int(address & 0xFFF)
        if offset <= 0xFFE, let page = addressSpace.narrowRead[Int(address >> 12)] {
            return UInt32(UnsafeRawPointer(page).loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        }
        return loadSlow(address, size: 2)
    }

    @inline(__always) func load8(_ address: UInt32) -> UInt32? {
        if let page = addressSpace.narrowRead[Int(address >> 12)] {
            return UInt32(page[Int(address & 0xFFF)])
        }
        return loadSlow(address, size: 1)
    }

    @inline(__always) func store32(_ address: UInt32, _ value: UInt32) -> Bool {
        let offset = Int(address & 0xFFF)
        if address & 3 == 0, let page = addressSpace.wordWrite[Int(address >> 12)] {
            UnsafeMutableRawPointer(page).storeBytes(of: value, toByteOffset: offset, as: UInt32.self)
            return true
        }
        if offset <= 0xFFC, let page = addressSpace.narrowWrite[Int(address >> 12)] {
            UnsafeMutableRawPointer(page).storeBytes(of: value, toByteOffset: offset, as: UInt32.self)
            return true
        }
        return storeSlow(address, size: 4, value: value)
    }

    @inline(__always) func store16(_ address: UInt32, _ value: UInt32) -> Bool {
        let offset = Int(address & 0xFFF)
        if offset <= 0xFFE, let page = addressSpace.narrowWrite[Int(address >> 12)] {
            UnsafeMutableRawPointer(page).storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: offset,
                                                     as: UInt16.self)
            return true
        }
        return storeSlow(address, size: 2, value: value)
    }

    @inline(__always) func store8(_ address: UInt32, _ value: UInt32) -> Bool {
        if let page = addressSpace.narrowWrite[Int(address >> 12)] {
            page[Int(address & 0xFFF)] = UInt8(truncatingIfNeeded: value)
            return true
        }
        return storeSlow(address, size: 1, value: value)
    }

    @inline(never) func loadSlow(_ address: UInt32, size: Int) -> UInt32? {
        if debugChecksActive && dataBreakpointHit(address, size: size, isStore: false) { return nil }
        if !hostWatchpoints.isEmpty { noteHostWatchpoints(address, size: size, isStore: false) }
        switch addressSpace.slowRead(address, size: size) {
        case .success(let value):
            return value
        case .failure(let fault):
            raise(fault.dataCause(isStore: false), address: address)
            return nil
        }
    }

    @inline(never) func storeSlow(_ address: UInt32, size: Int, value: UInt32) -> Bool {
        if debugChecksActive && dataBreakpointHit(address, size: size, isStore: true) { return false }
        if !hostWatchpoints.isEmpty { noteHostWatchpoints(address, size: size, isStore: true) }
        guard let fault = addressSpace.slowWrite(address, size: size, value: value) else { return true }
        raise(fault.dataCause(isStore: true), address: address)
        return false
    }
}

extension BusFault {
    /// The exception a data access with this fault raises (xtensa_isa.md §3.11, §3.14; esp32_emu_anchors.md §0).
    func dataCause(isStore: Bool) -> ExceptionCause {
        switch self {
        case .unmapped: .loadStorePIFAddrError
        case .loadStoreError: .loadStoreError
        case .prohibited: isStore ? .storeProhibited : .loadProhibited
        }
    }
}
