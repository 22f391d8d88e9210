// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation
import ImageFormats
import XtensaCore
import XtensaSim

/// `esp32emu run IMAGE`: boot an image and run it until it ends.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a firmware image.",
        discussion: """
            --machine sim runs an ELF on a board compatible with qemu-system-xtensa -M sim: 128 MB RAM at 0, \
            RAM-backed sysrom at the reset vector 0xFE000000, SIMCALL semihosting. The guest's console output \
            goes to stdout unchanged and its exit status becomes esp32emu's.

            Exit codes: the guest's status (sim); 2 usage or image error; 3 guest crash (an exception its \
            handlers cannot take); 43 instruction limit reached.
            """)

    enum Machine: String, ExpressibleByArgument, CaseIterable {
        case sim
    }

    @Argument(help: "The ELF file to run.")
    var image: String

    @Option(help: "The machine to emulate (\(Machine.allCases.map(\.rawValue).joined(separator: ", "))).")
    var machine: Machine = .sim

    @Option(help: "Stop after this many guest cycles, about one per instruction (exit 43).")
    var maxInstructions: UInt64?

    @Flag(help: "Print guest cycles, wall time and emulation speed (MIPS) to stderr when the run ends.")
    var stats = false

    func validate() throws {
        if let maxInstructions, maxInstructions == 0 {
            throw ValidationError("--max-instructions must be at least 1")
        }
    }

    func run() throws {
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
        defer {
            if stats {
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                let cycles = board.core.cycles
                let mips = seconds > 0 ? Double(cycles) / seconds / 1e6 : 0
                FileHandle.standardError.write(Data(
                    "esp32emu: \(cycles) cycles in \(String(format: "%.3f", seconds)) s: \(String(format: "%.1f", mips)) MIPS\n".utf8))
            }
        }
        while true {
            let budget = maxInstructions.map { min(chunk, $0 - executed) } ?? chunk
            switch board.core.run(cycles: Int(budget)) {
            case .exited(let status):
                throw ExitCode(status & 0xFF)
            case .unrecoverableException(let cause, let pc), .unhandledException(let cause, let pc, _):
                throw fail("guest crashed: \(cause.name) at PC 0x\(String(pc, radix: 16)) with no usable "
                           + "exception handler", status: ExitStatus.guestCrash)
            case .waitingForInterrupt:
                throw fail("the guest waits for an interrupt that nothing can raise (WAITI with no timer armed "
                           + "at PC 0x\(String(board.core.pc, radix: 16)))", status: ExitStatus.guestCrash)
            case .budgetExhausted:
                executed += budget
                if let maxInstructions, executed >= maxInstructions {
                    throw fail("instruction limit reached: \(maxInstructions) instructions executed",
                               status: ExitStatus.instructionLimit)
                }
            }
        }
    }
}
