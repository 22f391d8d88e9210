// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation
import ImageFormats
import XtensaCore
import XtensaSim

extension Run {
    /// The QEMU-compatible sim board: semihosted console and exit status.
    func runSimBoard() throws {
        guard let data = FileManager.default.contents(atPath: image) else { throw fail("cannot read \(image)") }
        let board = SimBoard { descriptor, bytes in
            (descriptor == 2 ? FileHandle.standardError : FileHandle.standardOutput).write(Data(bytes))
        }
        do {
            try board.load(elf: try ELFFile(bytes: [UInt8](data)))
        } catch {
            throw fail(error.in(file: image).description)
        }
        let chunk: UInt64 = 1 << 20
        var executed: UInt64 = 0
        let started = ContinuousClock.now
        defer { if stats { printStats(cycles: board.core.cycles, since: started) } }
        while true {
            let budget = maxInstructions.map { min(chunk, $0 - executed) } ?? chunk
            switch board.core.run(cycles: Int(budget)) {
            case .exited(let status):
                throw ExitCode(status & 0xFF)
            case .unrecoverableException(let cause, let pc), .unhandledException(let cause, let pc, _):
                throw fail(
                    "guest crashed: \(cause.name) at PC \(pc.hexWord) with no usable exception handler",
                    status: ExitStatus.guestCrash)
            case .waitingForInterrupt:
                throw fail(
                    "the guest waits for an interrupt that nothing can raise (WAITI with no timer armed "
                        + "at PC \(board.core.pc.hexWord))", status: ExitStatus.guestCrash)
            case .hostBreakpoint, .hostWatchpoint, .observerStop:
                preconditionFailure("no debugger or tracer watches the sim board")
            case .budgetExhausted:
                executed += budget
                if let maxInstructions, executed >= maxInstructions {
                    throw fail(
                        "instruction limit reached: \(maxInstructions) instructions executed",
                        status: ExitStatus.instructionLimit)
                }
            }
        }
    }

    func printStats(cycles: UInt64, since start: ContinuousClock.Instant) {
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let mips = seconds > 0 ? Double(cycles) / seconds / 1e6 : 0
        FileHandle.standardError.write(
            Data(
                "esp32emu: \(cycles) cycles in \(String(format: "%.3f", seconds)) s: \(String(format: "%.1f", mips)) MIPS\n"
                    .utf8))
    }
}
