// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import Harness
import TestSupport
import Testing

/// Firmware on the emulated ESP32 through the harness API: the peripherals as ESP-IDF-style code drives them
/// (soc_check), crash reports, idling, and the harness's own behaviour (expectations, failures, limits).
@Suite struct SoCFirmwareTests {
    func session(_ app: String, _ options: MachineOptions = MachineOptions()) throws -> Session {
        try Session(imagePath: FirmwareBuild.elf(app).path, machine: options)
    }

    @Test func helloPrintsOverUART0() throws {
        let hello = try session("hello")
        var lines: [String] = []
        hello.onLine = { lines.append($0) }
        try hello.expect("Hello from Embedded Swift on the ESP32!", timeout: 1)
        let tick = try hello.waitFor(.pattern("tick [0-9]+"), timeout: 1)
        #expect(tick == "tick 1")
        try hello.expect("hello done", timeout: 1)
        #expect(lines == ["Hello from Embedded Swift on the ESP32!", "tick 1", "tick 2", "tick 3", "hello done"])
        #expect(try hello.run(forSeconds: 1) == .completed)  // it halts for good: the run ends at once
        #expect(hello.virtualSeconds < 0.5)
    }

    /// Every check soc_check makes, across its software reset.
    @Test func socCheckPassesEveryCheck() throws {
        let soc = try session("soc_check")
        try soc.addScriptedInput(ScriptedInput(trigger: "type a line>", text: "typed by the harness\r\n"))
        let outcome = try soc.run(
            expecting: [.text("soc_check: done")], failText: ["FAILED"],
            limits: Session.Limits(timeout: 5))
        #expect(outcome == .completed, "\(outcome)\n\(soc.log)")
        for check in [
            "efuse-mac", "chip-revision", "rng", "timg-alarm-level1", "timg-alarm-level3", "ccompare",
            "recursion-under-interrupts", "uart-rx-interrupt", "software-reset",
        ] {
            #expect(soc.log.contains("soc_check: \(check) ok"), "\(check) did not pass:\n\(soc.log)")
        }
        #expect(soc.log.contains("cpu interrupt 9 at level 1 after 10001 us"))
        #expect(soc.log.contains("cpu interrupt 23 at level 3 after 10001 us"))
        #expect(soc.log.contains("received \"typed by the harness\""))
        #expect(soc.log.contains("soc_check: boot, reset cause 1"))
        #expect(soc.log.contains("soc_check: boot, reset cause 3"))
        #expect(soc.log.contains("mac 24:0a:c4:00:00:01"))
    }

    func randomLine(seed: UInt64) throws -> String {
        var options = MachineOptions()
        options.seed = seed
        return try session("soc_check", options).waitFor(.pattern("soc_check: rng ok values[ 0-9a-fx]+"), timeout: 1)
    }

    @Test func randomNumbersVaryAndRepeatUnderTheSameSeed() throws {
        #expect(try randomLine(seed: 7) == randomLine(seed: 7))
        #expect(try randomLine(seed: 7) != randomLine(seed: 8))
    }

    @Test func theEFuseMACIsTheOneConfigured() throws {
        var options = MachineOptions()
        options.mac = [0x02, 0xAB, 0xCD, 0xEF, 0x01, 0x23]
        try session("soc_check", options).expect("soc_check: efuse-mac ok mac 02:ab:cd:ef:01:23", timeout: 1)
    }

    @Test func aDoubleExceptionStopsWithACrashReportNamingTheFunctions() throws {
        let crash = try session("crash")
        try crash.addScriptedInput(ScriptedInput(trigger: "choose>", text: "d"))
        guard case .crashed(let report) = try crash.run(limits: Session.Limits(timeout: 2)) else {
            Issue.record("no crash: \(crash.log)")
            return
        }
        #expect(report.isDoubleException)
        #expect(report.cause == .loadProhibited)  // address 0: region protection, as ESP-IDF sets it up
        let text = report.description
        #expect(text.contains("double exception"))
        #expect(text.contains("crash_double_exception+0x"))
        #expect(text.contains("app_main+0x"))
        #expect(text.contains("Backtrace: 0x400"))
        #expect(report.backtrace.frames.count >= 4)
    }

    @Test func firmwarePanicsEndTheRunWithTheirReport() throws {
        for (choice, cause) in [("i", "IllegalInstruction"), ("l", "LoadStorePIFAddrError")] {
            let crash = try session("crash")
            try crash.addScriptedInput(ScriptedInput(trigger: "choose>", text: choice))
            let outcome = try crash.run(limits: Session.Limits(timeout: 5))
            guard case .panicked(let report) = outcome else {
                Issue.record("expected a panic, got \(outcome)")
                continue
            }
            #expect(report.hasPrefix("Guru Meditation Error: Core  0 panic'ed (\(cause))"))
            #expect(report.contains("Backtrace: 0x400"))
            #expect(crash.virtualSeconds < 1, "the run should end once the firmware halts")
        }
    }

    @Test func waitForReportsTheRecentLogWhenItTimesOut() throws {
        let hello = try session("hello")
        do {
            try hello.waitFor(.text("never printed"), timeout: 0.5)
            Issue.record("waitFor should have failed")
        } catch let failure as SessionFailure {
            #expect(failure.description.contains("text \"never printed\""))
            #expect(failure.description.contains("hello done"))
            #expect(failure.recentLog.hasSuffix("hello done\n"))
        }
    }

    @Test func expectationsAreMetInOrder() throws {
        let hello = try session("hello")
        // "tick 1" comes before "tick 3"; asked for the other way round, "tick 1" never comes after "tick 3".
        let outcome = try hello.run(expecting: [.text("tick 3"), .text("tick 1")], limits: Session.Limits(timeout: 1))
        #expect(outcome == .halted(waitingFor: .text("tick 1")))
    }

    @Test func idlingSkipsAheadUnderFastAndFollowsTheWallClockUnderRealtime() throws {
        let fast = try session("idle_wait")
        let start = ContinuousClock.now
        try fast.expect("idle: woke after 10000 ms", timeout: 11)
        #expect(ContinuousClock.now - start < .seconds(1))

        let realtime = try Session(imagePath: FirmwareBuild.elf("idle_wait").path, idlePolicy: .realtime)
        Thread.sleep(forTimeInterval: 0.3)  // time between runs is not made up by running fast afterwards
        let realtimeStart = ContinuousClock.now
        #expect(try realtime.run(forSeconds: 0.5) == .completed)
        let elapsed = ContinuousClock.now - realtimeStart
        #expect(elapsed > .milliseconds(450) && elapsed < .milliseconds(1500), "\(elapsed)")
    }

    @Test func aBusyGuestIsStoppedByTheInstructionLimit() throws {
        let soc = try session("soc_check")  // waits for input it never gets, but stays responsive
        let outcome = try soc.run(limits: Session.Limits(maxInstructions: 100_000))
        #expect(outcome == .instructionLimitReached(100_000))
        #expect(soc.machine.now == 100_000)
    }
}
