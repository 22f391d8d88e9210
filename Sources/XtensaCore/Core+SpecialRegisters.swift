// SPDX-License-Identifier: MIT

/// RSR/WSR/XSR and RUR/WUR with the ESP32's access matrix (xtensa_isa.md §3.9). Register numbers that do not
/// exist never decode; the few that decode but are illegal on the ESP32 raise IllegalInstruction here.
extension Core {
    /// Reads special register `number`, or raises IllegalInstruction and returns nil.
    @inline(never)
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
        case SpecialRegister.interrupt: return interruptPending
        case SpecialRegister.litbase:
            raise(.illegalInstruction)   // no extended L32R on the ESP32: LITBASE does not exist
            return nil
        default: return special[Int(number)]
        }
    }

    /// Writes special register `number` with its width and side effects; false after raising.
    @inline(never)
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
            attention = true
        case SpecialRegister.mmid: break   // trace marker: no trace port, so no effect
        case SpecialRegister.memctl: special[Int(number)] = value & 1
        case SpecialRegister.atomctl: special[Int(number)] = value & 0x3F
        case SpecialRegister.ibreakenable, SpecialRegister.icountlevel, SpecialRegister.dbreaka0,
             SpecialRegister.dbreaka0 + 1, SpecialRegister.dbreakc0, SpecialRegister.dbreakc0 + 1:
            let masks: [UInt32: UInt32] = [SpecialRegister.ibreakenable: 3, SpecialRegister.icountlevel: 0xF,
                                           SpecialRegister.dbreakc0: 0xC000_003F, SpecialRegister.dbreakc0 + 1: 0xC000_003F]
            special[Int(number)] = value & (masks[number] ?? 0xFFFF_FFFF)
            updateDebugChecks()
        case SpecialRegister.eps2...SpecialRegister.eps2 + 5: special[Int(number)] = value & ProcessorStatus.writableMask
        case SpecialRegister.cpenable: special[Int(number)] = value & 0xFF
        case SpecialRegister.vecbase: special[Int(number)] = value & 0xFFFF_FC00
        case SpecialRegister.exccause: special[Int(number)] = value & 0x3F
        case SpecialRegister.interrupt: setSoftwareInterrupts(value)
        case SpecialRegister.intclear: clearInterrupts(value)
        case SpecialRegister.intenable:
            special[Int(number)] = value
            attention = true
        case SpecialRegister.ccompare0...SpecialRegister.ccompare0 + 2:
            setTimerCompare(Int(number - SpecialRegister.ccompare0), value)
        case SpecialRegister.ccount:
            setCycleCount(value)
            attention = true
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
    @inline(never)
    func exchangeSpecialRegister(_ d: InstructionPointer) {
        let number = d.specialRegisterNumber
        guard let old = readSpecialRegister(number), writeSpecialRegister(number, a(d.t)) else { return }
        setA(d.t, old)
    }

    /// RUR: FCR and FSR belong to the FPU and need CPENABLE bit 0; THREADPTR, EXPSTATE and F64* do not.
    @inline(never)
    func readUserRegister(_ number: UInt32) -> UInt32? {
        if number == SpecialRegister.fcr || number == SpecialRegister.fsr, !coprocessor0Enabled {
            raise(.coprocessor0Disabled)
            return nil
        }
        return user[Int(number)]
    }

    @inline(never)
    func writeUserRegister(_ number: UInt32, _ value: UInt32) -> Bool {
        switch number {
        case SpecialRegister.fcr, SpecialRegister.fsr:
            guard coprocessor0Enabled else {
                raise(.coprocessor0Disabled)
                return false
            }
            user[Int(number)] = value & (number == SpecialRegister.fcr ? Core.fcrMask : Core.fsrMask)
        default:
            user[Int(number)] = value
        }
        return true
    }

    // MARK: - CCOUNT

    /// CCOUNT advances with `cycles`; a write moves the origin.
    var cycleCount: UInt32 { UInt32(truncatingIfNeeded: cycles) &+ special[Int(SpecialRegister.ccount)] }

    func setCycleCount(_ value: UInt32) {
        special[Int(SpecialRegister.ccount)] = value &- UInt32(truncatingIfNeeded: cycles)
    }
}

extension Core {
    /// Special register `number` as a debugger sees it: no access rules, no exceptions (0 for numbers the
    /// ESP32 does not have).
    public func specialRegister(_ number: UInt32) -> UInt32 {
        switch number {
        case SpecialRegister.lbeg: loopBegin
        case SpecialRegister.lend: loopEnd
        case SpecialRegister.lcount: loopCount
        case SpecialRegister.sar: sar
        case SpecialRegister.windowbase: windowBase
        case SpecialRegister.windowstart: windowStart
        case SpecialRegister.ps: ps
        case SpecialRegister.ccount: cycleCount
        case SpecialRegister.interrupt: interruptPending
        default: number < 256 ? special[Int(number)] : 0
        }
    }

    /// Sets special register `number` as a debugger or test would, applying the register's width but no
    /// access rules (CONFIGID0 and DEBUGCAUSE can be set this way).
    public func setSpecialRegister(_ number: UInt32, _ value: UInt32) {
        switch number {
        case SpecialRegister.configid0, SpecialRegister.debugcause: special[Int(number)] = value
        case SpecialRegister.interrupt: interruptPending = value
        case SpecialRegister.litbase: break
        default:
            if number < 256 { _ = writeSpecialRegister(number, value) }
        }
    }

    /// User register `number` (THREADPTR, FCR, …) for debuggers.
    public func userRegister(_ number: UInt32) -> UInt32 { number < 256 ? user[Int(number)] : 0 }

    public func setUserRegister(_ number: UInt32, _ value: UInt32) {
        if number < 256 { user[Int(number)] = value }
    }
}
