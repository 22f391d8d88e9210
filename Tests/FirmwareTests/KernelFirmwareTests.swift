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
        let pairs = backtrace.dropFirst("Backtrace: ".count).split(separator: " ")
        let functions = pairs.enumerated().compactMap { index, pair -> String? in
            guard let pc = UInt32(pair.split(separator: ":")[0].dropFirst(2), radix: 16) else { return nil }
            // A return address points after the call, which may end its function (a call to a noreturn
            // function): look up the byte before it. The first PC is exact.
            return elf.function(containing: index == 0 ? pc : pc - 1)?.name
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

    /// abort(), assert(), ESP_ERROR_CHECK and heap misuse: ESP-IDF's first line, then a backtrace from the call.
    @Test func abortsAssertionsAndHeapMisuseEndWithTheirReport() throws {
        for (choice, opening, function) in [
            ("a", #/abort\(\) was called at PC 0x400[0-9a-f]{5} on core 0/#, "fail"),
            ("q", #/assert failed: fail /.*/Apps/kernel_panic/kernel_panic\.c:\d+ \(zero == 1\)/#, "fail"),
            ("e", #/abort\(\) was called at PC 0x400[0-9a-f]{5} on core 0/#, "fail"),
            ("o", #/CORRUPT HEAP: free\(0x3ff[0-9a-f]{5}\): written past its end .*/#, "overrun_heap_block"),
            ("d", #/CORRUPT HEAP: free\(0x3ff[0-9a-f]{5}\): double free/#, "free_twice"),
        ] {
            let (report, functions) = try panic(choice)
            let firstLine = report.split(separator: "\n").first.map(String.init) ?? ""
            #expect(firstLine.wholeMatch(of: opening) != nil, "\(choice): \(report)")
            #expect(
                functions.contains(function) && functions.contains("descend") && functions.contains("app_main"),
                "\(choice): \(functions)")
        }
    }

    @Test func aFailedErrorCheckNamesTheErrorAndTheExpression() throws {
        let session = try Session(imagePath: FirmwareBuild.elf("kernel_panic").path)
        try session.addScriptedInput(ScriptedInput(trigger: "choose>", text: "e"))
        _ = try session.run(limits: Session.Limits(timeout: 5))
        #expect(
            session.log.contains(#/ESP_ERROR_CHECK failed: esp_err_t 0x101 \(ESP_ERR_NO_MEM\) at 0x[0-9a-f]{8}\n/#),
            "\(session.log)")
        #expect(
            session.log.contains(#/file: ".*kernel_panic\.c" line \d+\nfunc: fail\nexpression: allocate_nothing\(\)/#))
    }

    @Test func restartingRunsTheShutdownHandlersAndTheNextBootKnowsWhy() throws {
        let session = try Session(imagePath: FirmwareBuild.elf("kernel_panic").path)
        try session.addScriptedInput(ScriptedInput(trigger: "choose>", text: "x"))
        let outcome = try session.run(
            expecting: [
                .text("kernel_panic: shutdown handler ran\n"), .text("kernel_panic: restarted by esp_restart"),
            ],
            limits: Session.Limits(timeout: 5))
        #expect(outcome == .completed, "\(outcome)\n\(session.log)")
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
