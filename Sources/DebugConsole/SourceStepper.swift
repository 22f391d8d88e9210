// SPDX-License-Identifier: MIT
import ImageFormats
import XtensaCore
import XtensaISA

/// Runs a CPU to the end of a step and stops it there, watching each instruction (`Core.instructionObserver`):
/// `stepi`/`nexti` by instructions, `step`/`next` by source lines, `finish` out of the current function.
///
/// Steps are windowed-ABI aware: a CALLn's return is recognised by the return address and the caller's stack
/// pointer (a1), so recursion and re-entry do not end a step early; interrupt and exception handlers, and other
/// tasks the kernel switches to meanwhile (their stack pointers lie outside the stepping task's stack), run
/// without stopping the step.
final class SourceStepper: InstructionObserver {
    enum Mode: Equatable {
        /// Instructions; `overCalls` runs a CALLn's callee to its return (nexti).
        case instructions(count: Int, overCalls: Bool)
        /// Source lines; `overCalls` (next) runs callees to their return, otherwise (step) stops at the first line
        /// of a callee that has line information.
        case lines(count: Int, overCalls: Bool)
        /// Until the current function returns to its caller.
        case finish
    }

    private let symbols: ProgramSymbols
    private let mode: Mode
    /// Another observer (an instruction tracer) that sees every instruction first.
    let downstream: InstructionObserver?
    private let startSP: UInt32
    private let startLevel: UInt32
    private let startedInException: Bool
    private let stack: ClosedRange<UInt32>?
    private var remaining: Int
    private var startLine: SourceLineTable.Location?
    private var frameSP: UInt32
    private var isFirst = true
    /// Run on until the CPU is at `pc` with a1 at least `sp` (a callee's return, a function's body).
    private var resumeAt: (pc: UInt32, sp: UInt32)?
    /// The CALLn just executed: where it returns, with which a1.
    private var callReturn: (pc: UInt32, sp: UInt32)?
    private let finishTarget: (pc: UInt32, sp: UInt32)?

    init(core: Core, mode: Mode, symbols: ProgramSymbols, stack: ClosedRange<UInt32>?, downstream: InstructionObserver?)
    {
        self.symbols = symbols
        self.mode = mode
        self.stack = stack
        self.downstream = downstream
        startSP = core.register(1)
        frameSP = startSP
        startLevel = core.processorStatus & 0xF
        startedInException = core.processorStatus & 0x10 != 0
        startLine = symbols.lines.location(at: core.pc)
        switch mode {
        case .instructions(let count, _), .lines(let count, _): remaining = count
        case .finish: remaining = 1
        }
        finishTarget = mode == .finish ? SourceStepper.returnTarget(of: core) : nil
    }

    /// Where the current function returns: a0's address (with the PC's top bits for windowed calls) and a1 at
    /// least the current one.
    static func returnTarget(of core: Core) -> (pc: UInt32, sp: UInt32) {
        let a0 = core.register(0)
        let pc = a0 >> 30 == 0 ? a0 : (a0 & 0x3FFF_FFFF) | (core.pc & 0xC000_0000)
        return (pc, core.register(1))
    }

    func shouldStop(before core: Core) -> Bool {
        if let downstream, downstream.shouldStop(before: core) { return true }
        let pc = core.pc
        let sp = core.register(1)
        // Handlers and other tasks run through.
        if isInHandler(core) || !isOnStack(sp) { return false }
        if let target = resumeAt {
            guard pc == target.pc && sp >= target.sp else { return false }
            resumeAt = nil
        }
        defer { isFirst = false }
        if isFirst {
            noteCall(core)
            return false
        }
        if let call = callReturn {
            callReturn = nil
            if pc != call.pc && enteredCallee(core, returningTo: call) { return false }
        }
        switch mode {
        case .instructions:
            remaining -= 1
            if remaining <= 0 { return true }
        case .lines:
            if isNewLine(pc, sp: sp) {
                remaining -= 1
                if remaining <= 0 { return true }
                startLine = symbols.lines.location(at: pc)
                frameSP = sp
            }
        case .finish:
            if let target = finishTarget, pc == target.pc && sp >= target.sp { return true }
        }
        noteCall(core)
        return false
    }

    /// A CALLn is about to execute: remember where it returns (its callee is stepped over or into next).
    private func noteCall(_ core: Core) {
        guard let bytes = core.addressSpace.peek(core.pc, count: 3) else { return }
        let word = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16
        guard let opcode = Decoder.shared.decode(word), opcode.spec.mnemonic.hasPrefix("call") else { return }
        callReturn = (core.pc &+ 3, core.register(1))
    }

    /// The CPU is at a callee's first instruction: decides whether the step goes on through it (true) or stops
    /// in it (false, for `step` into code with line information: it runs on to the end of the prologue).
    private func enteredCallee(_ core: Core, returningTo call: (pc: UInt32, sp: UInt32)) -> Bool {
        let stepsInto: Bool
        switch mode {
        case .instructions(_, let overCalls), .lines(_, let overCalls): stepsInto = !overCalls
        case .finish: stepsInto = false
        }
        if case .lines = mode, stepsInto {
            // Into code with line information, to the end of its prologue; over code without.
            if let function = symbols.function(containing: core.pc), symbols.lines.range(containing: core.pc) != nil {
                let body = symbols.breakpointAddress(forFunction: function)
                if body == core.pc { return false }
                resumeAt = (body, 0)
                startLine = nil
                return true
            }
        } else if stepsInto {
            return false
        }
        resumeAt = call
        return true
    }

    /// At the first instruction of a source line other than the one the step started on (or of the same line
    /// in another frame).
    private func isNewLine(_ pc: UInt32, sp: UInt32) -> Bool {
        guard let range = symbols.lines.range(containing: pc), range.start == pc, range.isStatement, range.line != 0
        else {
            return false
        }
        return symbols.lines.location(of: range) != startLine || sp != frameSP
    }

    private func isInHandler(_ core: Core) -> Bool {
        let ps = core.processorStatus
        return (ps & 0x10 != 0 && !startedInException) || ps & 0xF > startLevel
    }

    private func isOnStack(_ sp: UInt32) -> Bool { stack?.contains(sp) ?? true }
}
