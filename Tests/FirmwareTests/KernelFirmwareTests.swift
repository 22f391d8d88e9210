// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import Harness
import ImageFormats
import TestSupport
import Testing

/// The kernel (Firmware/Kernel) through ESP-IDF-style C code: scheduling, synchronisation, timers, memory,
/// window spills under interrupts, per-task FPU state, and the panic reports.
@Suite struct KernelFirmwareTests {
    @Test func everyKernelCheckPasses() throws {
        let session = try Session(imagePath: FirmwareBuild.elf("kernel_check").path)
        let outcome = try session.run(
            expecting: [.text("kernel_check: done")], failText: ["FAILED"],
            limits: Session.Limits(timeout: 10))
        #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        for check in [
            "preemption", "delay", "delay-until", "queue", "binary-semaphore-from-isr", "counting-semaphore",
            "mutex-priority-inheritance", "recursive-mutex", "event-group", "software-timers", "notifications",
            "deletion-reclaims-memory", "window-spill-stress", "fpu-per-task",
        ] {
            #expect(session.log.contains("kernel_check: \(check) ok"), "\(check):\n\(session.log)")
        }
        #expect(session.log.contains("preemption ok woke after ticks 10"))
        #expect(session.log.contains("delay-until ok 5 periods of 10 took ticks 50"))
        #expect(session.log.contains("holder ran at priority 9"))
    }

    /// Runs kernel_panic with `choice` and returns its report and the function names its backtrace resolves to.
    func panic(_ choice: String) throws -> (report: String, functions: [String]) {
        let elfPath = try FirmwareBuild.elf("kernel_panic").path
        let elf = try ELFFile(bytes: Session.read(elfPath))
        let session = try Session(imagePath: elfPath)
        try session.addScriptedInput(ScriptedInput(trigger: "choose>", text: choice))
        guard case .panicked(let report) = try session.run(limits: Session.Limits(timeout: 5)) else {
            Issue.record("no panic for \(choice):\n\(session.log)")
            return ("", [])
        }
        let backtrace = report.split(separator: "\n").first { $0.hasPrefix("Backtrace: ") } ?? ""
        let functions = backtrace.dropFirst("Backtrace: ".count).split(separator: " ").compactMap { pair -> String? in
            guard let pc = UInt32(pair.split(separator: ":")[0].dropFirst(2), radix: 16) else { return nil }
            // A return address points after the call: look up the byte before it (the first PC is exact).
            return elf.function(containing: pc)?.name ?? elf.function(containing: pc - 1)?.name
        }
        return (report, functions)
    }

    @Test func faultsProduceTheReportWithTheRightCauseAndBacktrace() throws {
        for (choice, cause, function) in [
            ("n", "LoadProhibited", "read_null_pointer"),
            ("i", "IllegalInstruction", "execute_illegal_instruction"),
            ("z", "IntegerDivideByZero", "divide_by_zero"),
        ] {
            let (report, functions) = try panic(choice)
            #expect(
                report.hasPrefix("Guru Meditation Error: Core  0 panic'ed (\(cause)). Exception was unhandled."),
                "\(report)")
            #expect(report.contains("Core  0 register dump:"))
            #expect(Array(functions.prefix(3)) == [function, "fail", "descend"], "\(choice): \(functions)")
            #expect(functions.contains("app_main"), "\(functions)")
        }
    }

    @Test func aStackOverflowIsDetectedAtTheNextSwitch() throws {
        let (report, functions) = try panic("s")
        #expect(report.hasPrefix("***ERROR*** A stack overflow in task overflow has been detected."))
        #expect(functions.filter { $0 == "recurse_until_overflow" }.count >= 5, "\(functions)")
        #expect(functions.contains("vTaskDelay"), "\(functions)")
    }

    @Test func aPanicCanRestartTheChip() throws {
        let session = try Session(imagePath: FirmwareBuild.elf("kernel_panic").path)
        try session.addScriptedInput(ScriptedInput(trigger: "choose>", text: "r"))
        _ = try session.run(
            expecting: [.text("kernel_panic: restarted after the panic")],
            limits: Session.Limits(timeout: 5))
        #expect(session.log.contains("panic'ed (LoadProhibited)"))
        #expect(session.log.contains("Rebooting...\nkernel_panic: restarted after the panic"), "\(session.log)")
    }
}
