// SPDX-License-Identifier: MIT

/// RSR/WSR/XSR and RUR/WUR with the ESP32's access matrix (xtensa_isa.md §3.9). Register numbers that do not
/// exist never decode; the few that decode but are illegal on the ESP32 raise IllegalInstruction here.
extension Core {
    /// Reads special register `number`, or raises IllegalInstruction and returns nil.
    func readSpecialRegister(_ number: UInt32) -> UInt32? {
        switch number {
        case SpecialRegister.lbeg: return loopBegin
        case SpecialRegister.lend: return loopEnd
        case SpecialRegister.lcount: return loopCount
        case SpecialRegister.sar: return sar
        case SpecialRegister.windowbase: return windowBase
        case SpecialRegister.windowstart: return windowStart
        case SpecialRegister.ps: return ps
        case SpecialRegister.ccount: return cycleCount
        case SpecialRegister.litbase:
            raise(.illegalInstruction)   // no extended L32R on the ESP32: LITBASE does not exist
            return nil
        default: return special[Int(number)]
        }
    }

    /// Writes special register `number` with its width and side effects; false after raising.
    func writeSpecialRegister(_ number: UInt32, _ value: UInt32) -> Bool {
        switch number {
        case SpecialRegister.lbeg: loopBegin = value
        case SpecialRegister.lend: loopEnd = value
        case SpecialRegister.lcount: loopCount = value
        case SpecialRegister.sar: sar = value & 0x3F
        case SpecialRegister.br: special[Int(number)] = value & 0xFFFF
        case SpecialRegister.acchi: special[Int(number)] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: value)))
        case SpecialRegister.windowbase: setWindowBase(value)
        case SpecialRegister.windowstart:
            windowStart = value & 0xFFFF
            updateWindowChecks()
        case SpecialRegister.ps:
            ps = value & ProcessorStatus.writableMask
            updateWindowChecks()
        case SpecialRegister.mmid: break   // trace marker: no trace port, so no effect
        case SpecialRegister.ibreakenable: special[Int(number)] = value & 3
        case SpecialRegister.memctl: special[Int(number)] = value & 1
        case SpecialRegister.atomctl: special[Int(number)] = value & 0x3F
        case SpecialRegister.dbreakc0, SpecialRegister.dbreakc0 + 1: special[Int(number)] = value & 0xC000_003F
        case SpecialRegister.eps2...SpecialRegister.eps2 + 5: special[Int(number)] = value & ProcessorStatus.writableMask
        case SpecialRegister.cpenable: special[Int(number)] = value & 0xFF
        case SpecialRegister.vecbase: special[Int(number)] = value & 0xFFFF_FC00
        case SpecialRegister.exccause: special[Int(number)] = value & 0x3F
        case SpecialRegister.icountlevel: special[Int(number)] = value & 0xF
        case SpecialRegister.ccount: setCycleCount(value)
        case SpecialRegister.litbase, SpecialRegister.configid0, SpecialRegister.debugcause:
            // Decoded by the libisa tables, illegal on the ESP32 (xtensa_isa.md §3.9).
            raise(.illegalInstruction)
            return false
        default: special[Int(number)] = value
        }
        return true
    }

    /// XSR: exchange AR[t] with the special register. XSR of registers that cannot be both read and written
    /// does not decode, except the ones the write path refuses.
    func exchangeSpecialRegister(_ d: DecodedInstruction) {
        let number = d.specialRegisterNumber
        guard let old = readSpecialRegister(number), writeSpecialRegister(number, a(d.t)) else { return }
        setA(d.t, old)
        advance(d)
    }

    func readUserRegister(_ number: UInt32) -> UInt32? { user[Int(number)] }

    func writeUserRegister(_ number: UInt32, _ value: UInt32) -> Bool {
        user[Int(number)] = value
        return true
    }

    // MARK: - CCOUNT

    /// CCOUNT advances one per retired instruction; a write moves the origin.
    var cycleCount: UInt32 { UInt32(truncatingIfNeeded: instructionCount) &+ special[Int(SpecialRegister.ccount)] }

    func setCycleCount(_ value: UInt32) {
        special[Int(SpecialRegister.ccount)] = value &- UInt32(truncatingIfNeeded: instructionCount)
    }
}
