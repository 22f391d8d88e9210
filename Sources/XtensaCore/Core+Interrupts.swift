// SPDX-License-Identifier: MIT

/// Interrupts, the CCOUNT/CCOMPARE timers and WAITI (xtensa_isa.md §4.3).
extension Core {
    // MARK: - Lines from the SoC

    /// Drives external interrupt `number` (a CPU interrupt of type level or edge). Level-triggered interrupts
    /// follow the line; edge-triggered ones latch on a rising edge until INTCLEAR.
    public func setInterruptLine(_ number: UInt32, asserted: Bool) {
        let bit: UInt32 = 1 << number
        let wasAsserted = externalLines & bit != 0
        if asserted { externalLines |= bit } else { externalLines &= ~bit }
        if InterruptConfiguration.levelTriggeredMask & bit != 0 {
            if asserted { interruptPending |= bit } else { interruptPending &= ~bit }
        } else if InterruptConfiguration.edgeMask & bit != 0 || InterruptConfiguration.nmiMask & bit != 0 {
            if asserted && !wasAsserted { interruptPending |= bit }
        }
        attention = true
    }

    /// The INTERRUPT register: pending interrupts.
    public var pendingInterrupts: UInt32 { interruptPending }

    // MARK: - Taking interrupts

    /// Takes the highest-priority pending, enabled interrupt above the current level, if any. Returns whether
    /// one was taken.
    @discardableResult
    func takePendingInterrupt() -> Bool {
        let enabled = interruptPending & (special[Int(SpecialRegister.intenable)] | InterruptConfiguration.nmiMask)
        guard enabled != 0 else { return false }
        let current = currentInterruptLevel
        var level = InterruptConfiguration.nmiLevel
        while level > 0 {
            if enabled & InterruptConfiguration.levelMasks[Int(level)] != 0
                && (level > current || level == InterruptConfiguration.nmiLevel) {
                break
            }
            level -= 1
        }
        guard level > 0 else { return false }
        if level == InterruptConfiguration.nmiLevel {
            // The NMI is edge-triggered; clear it so its handler is not re-entered.
            interruptPending &= ~InterruptConfiguration.nmiMask
        }
        isWaiting = false
        onVectorTaken?(.interrupt(level: level, pending: enabled, pc: pc))
        if level == 1 {
            special[Int(SpecialRegister.exccause)] = ExceptionCause.level1Interrupt.rawValue
            special[Int(SpecialRegister.epc1)] = pc
            pc = vectorBase &+ (ps & ProcessorStatus.um != 0 ? VectorOffset.user : VectorOffset.kernel)
            ps |= ProcessorStatus.excm
        } else {
            special[Int(SpecialRegister.epc1) + Int(level) - 1] = pc
            special[Int(SpecialRegister.eps2) + Int(level) - 2] = ps
            ps = (ps & ~ProcessorStatus.intLevelMask) | level | ProcessorStatus.excm
            pc = vectorBase &+ VectorOffset.level(level)
        }
        updateWindowChecks()
        return true
    }

    /// Stops the core for good, as `waiti 15` with nothing to wake it would (a machine that cannot boot).
    public func halt() {
        ps |= ProcessorStatus.intLevelMask
        isWaiting = true
        attention = true
    }

    /// Asleep in WAITI with nothing pending that could wake the core: only time (a CCOMPARE timer, see
    /// `cyclesUntilTimerWakeup`) or a new external interrupt line can end the sleep.
    public var isIdle: Bool { isWaiting && !hasTakeableInterrupt }

    /// Whether an interrupt could be taken now (used to wake from WAITI).
    var hasTakeableInterrupt: Bool {
        let enabled = interruptPending & (special[Int(SpecialRegister.intenable)] | InterruptConfiguration.nmiMask)
        let current = currentInterruptLevel
        for level in UInt32(1)...InterruptConfiguration.nmiLevel
        where enabled & InterruptConfiguration.levelMasks[Int(level)] != 0 && (level > current || level == 7) {
            return true
        }
        return false
    }

    // MARK: - Timers

    /// Cycles until CCOUNT next equals one of CCOMPARE0–2 (at least 1; a value equal now matches again only
    /// after a full wrap).
    var cyclesUntilTimerMatch: UInt64 {
        let count = cycleCount
        var nearest: UInt64 = 1 << 32
        for index in 0..<3 {
            let distance = UInt64(special[Int(SpecialRegister.ccompare0) + index] &- count)
            if distance > 0 { nearest = Swift.min(nearest, distance) }
        }
        return nearest
    }

    /// Lets `count` cycles pass without executing (the core sleeps in WAITI), raising the interrupt of every
    /// CCOMPARE that CCOUNT passes on the way (it is pending even if masked, as on silicon).
    func passIdleCycles(_ count: UInt64) {
        let start = cycleCount
        for index in 0..<3 {
            let distance = UInt64(special[Int(SpecialRegister.ccompare0) + index] &- start)
            if distance > 0 && distance <= count || count >= 1 << 32 {
                interruptPending |= 1 << InterruptConfiguration.timerInterrupts[index]
            }
        }
        cycles += count
    }

    /// Sets the timer interrupt of every CCOMPARE equal to CCOUNT now.
    func raiseMatchingTimers() {
        let count = cycleCount
        for index in 0..<3 where special[Int(SpecialRegister.ccompare0) + index] == count {
            interruptPending |= 1 << InterruptConfiguration.timerInterrupts[index]
            attention = true
        }
    }

    /// Cycles until a CCOMPARE timer can wake the core from WAITI, or nil if none can (its interrupt is
    /// disabled or masked by the current level).
    public var cyclesUntilTimerWakeup: UInt64? {
        let enable = special[Int(SpecialRegister.intenable)]
        let current = currentInterruptLevel
        let count = cycleCount
        var nearest: UInt64?
        for index in 0..<3 {
            let number = InterruptConfiguration.timerInterrupts[index]
            guard enable >> number & 1 != 0, InterruptConfiguration.level(of: number) > current else { continue }
            var distance = UInt64(special[Int(SpecialRegister.ccompare0) + index] &- count)
            if distance == 0 { distance = 1 << 32 }
            nearest = Swift.min(nearest ?? distance, distance)
        }
        return nearest
    }

    // MARK: - Instructions

    /// RSIL: AR[t] ← PS, PS.INTLEVEL ← level.
    @inline(never)
    func readAndSetInterruptLevel(_ d: InstructionPointer) {
        let old = ps
        ps = (ps & ~ProcessorStatus.intLevelMask) | (d.imm & ProcessorStatus.intLevelMask)
        setA(d.t, old)
        attention = true
    }

    /// WAITI: lower the level and sleep; the interrupt that wakes the core returns to the next instruction.
    @inline(never)
    func waitForInterrupt(_ d: InstructionPointer) {
        ps = (ps & ~ProcessorStatus.intLevelMask) | (d.imm & ProcessorStatus.intLevelMask)
        pc &+= 3
        isWaiting = true
        attention = true
    }

    /// RFI level: return from a level 2–7 interrupt.
    @inline(never)
    func returnFromInterrupt(_ d: InstructionPointer) {
        let level = d.imm
        guard (2...7).contains(level) else {
            raise(.illegalInstruction)
            return
        }
        ps = special[Int(SpecialRegister.eps2) + Int(level) - 2]
        pc = special[Int(SpecialRegister.epc1) + Int(level) - 1]
        updateWindowChecks()
        attention = true
    }

    /// WSR INTSET sets software interrupts only; INTCLEAR clears software and edge-triggered ones.
    func setSoftwareInterrupts(_ value: UInt32) {
        interruptPending |= value & InterruptConfiguration.softwareMask
        attention = true
    }

    func clearInterrupts(_ value: UInt32) {
        interruptPending &= ~(value & (InterruptConfiguration.softwareMask | InterruptConfiguration.edgeMask))
        attention = true
    }

    /// Writing CCOMPAREn clears timer interrupt n.
    func setTimerCompare(_ index: Int, _ value: UInt32) {
        special[Int(SpecialRegister.ccompare0) + index] = value
        interruptPending &= ~(1 << InterruptConfiguration.timerInterrupts[index])
        attention = true
    }
}
