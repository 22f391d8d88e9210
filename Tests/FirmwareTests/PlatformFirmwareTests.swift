// SPDX-License-Identifier: MIT
import Foundation
import Harness
import TestSupport
import Testing

/// The ESP-IDF platform layer (Firmware/Platform, Firmware/Runtime/heap.c) through application-style C code:
/// the heap under load from several tasks, esp_err, logging, event loops and esp_timer.
@Suite struct PlatformFirmwareTests {
    /// Runs a self-checking app until "<app>: done" and returns its log after checking that every named check
    /// passed and none failed.
    func runChecks(_ app: String, _ checks: [String], timeout: Double) throws -> String {
        let session = try Session(imagePath: FirmwareBuild.elf(app).path)
        let outcome = try session.run(
            expecting: [.text("\(app): done")], failText: ["FAILED"], limits: Session.Limits(timeout: timeout))
        #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        for check in checks {
            #expect(session.log.contains("\(app): \(check) ok"), "\(check):\n\(session.log)")
        }
        return session.log
    }

    @Test func theHeapSurvivesFourTasksAllocatingAtOnce() throws {
        let log = try runChecks(
            "heap_stress",
            [
                "contents", "free-size-restored", "minimum-free-recorded", "integrity", "calloc-zeroes",
                "calloc-overflow-fails", "huge-malloc-fails", "posix-memalign", "caps", "largest-free-block", "info",
                "esp-get-free-heap-size", "realloc-keeps-contents",
            ],
            timeout: 60)
        #expect(log.contains("heap_stress: contents ok operations 100000 damaged blocks 0"), "\(log)")
    }

    static let platformChecks = [
        "err-names", "err-name-r", "error-check-without-abort", "level-per-tag", "wildcard-resets-tags",
        "timestamp-follows-the-clock", "set-vprintf", "default-loop", "dispatch-order", "data-copied-argument-updated",
        "register-inside-handler", "instances", "bad-arguments", "loop-without-task", "post-to-full-queue-times-out",
        "loop-delete", "one-shot", "one-shot-state", "restart", "inactive-timer-errors", "delete-active-fails",
        "create-needs-callback", "period-minimum", "periodic-without-drift", "catch-up-or-skip", "isr-dispatch",
        "isr-post", "isr-post-limits-data",
    ]

    @Test func platformChecksPass() throws {
        let log = try runChecks("platform_check", Self.platformChecks, timeout: 20)
        #expect(log.contains("platform_check: start, reset reason 1\n"), "power-on reset expected:\n\(log)")
        #expect(log.contains("ESP_ERROR_CHECK_WITHOUT_ABORT failed: esp_err_t 0x104 (ESP_ERR_INVALID_SIZE) at 0x"))
        #expect(log.contains("expression: ESP_ERR_INVALID_SIZE\n"))
    }

    /// The log lines as ESP-IDF prints them: "<level letter> (<ms since boot>) <tag>: <message>", filtered per
    /// tag, with timestamps that follow the emulated clock.
    @Test func logLinesHaveESPIDFsFormatAndFilters() throws {
        let log = try runChecks("platform_check", [], timeout: 20)
        let lines = log.split(separator: "\n").map(String.init)
        func messages(_ tag: String) -> [String] {
            lines.compactMap { line in
                guard let match = line.wholeMatch(of: #/([EWIDV]) \((\d+)\) ([\w-]+): (.*)/#), match.3 == tag else {
                    return nil
                }
                return "\(match.1) \(match.4)"
            }
        }
        #expect(
            messages("platform") == [
                "E error 1", "W warning two", "I info 0x0003", "I before a 250 ms delay", "I after a 250 ms delay",
            ], "\(log)")
        #expect(messages("quiet") == ["W warning shown", "I info shown after the wildcard"])
        #expect(messages("loud") == ["V verbose shown"])
        #expect(messages("capture").isEmpty, "a redirected line does not reach the UART")
        let buffer = messages("buffer")
        #expect(buffer.count == 6, "\(buffer)")
        if buffer.count == 6 {
            #expect(
                Array(buffer.prefix(4)) == [
                    "I 54 68 65 20 71 75 69 63 6b 20 62 72 6f 77 6e 20 ", "I 66 6f 78 00 ", "I The quick brown ",
                    "I fox",
                ])
            #expect(
                buffer[4].wholeMatch(
                    of: #/I 0x3f[0-9a-f]{6}   54 68 65 20 71 75 69 63  6b 20 62 72 6f 77 6e 20  \|The quick brown \|/#)
                    != nil, "\(buffer[4])")
            #expect(
                buffer[5].wholeMatch(of: #/I 0x3f[0-9a-f]{6}   66 6f 78 00 {37}  \|fox\.\|/#) != nil, "\(buffer[5])")
        }
        #expect(messages("isr").first?.hasPrefix("I logged from an interrupt handler at level ") == true, "\(log)")

        let stamps = lines.compactMap { line -> Int? in
            guard let match = line.wholeMatch(of: #/I \((\d+)\) platform: (before|after) a 250 ms delay/#) else {
                return nil
            }
            return Int(match.1)
        }
        #expect(stamps.count == 2 && (250...252).contains(stamps[1] - stamps[0]), "\(stamps)")
    }

    /// The harness reads ESP-IDF log lines into typed values (Harness/ESPLogLine.swift).
    @Test func theHarnessReadsLogLinesAsTypedValues() throws {
        let session = try Session(imagePath: FirmwareBuild.elf("platform_check").path)
        let after = try session.waitFor(
            logFrom: "platform", containing: "after a 250 ms delay", level: .info, timeout: 5)
        #expect(after.milliseconds >= 250 && after.tag == "platform")
        #expect(session.logLines.first == ESPLogLine("E (0) platform: error 1"))
        #expect(session.logLines.contains { $0.level == .verbose && $0.tag == "loud" })
        #expect(throws: SessionFailure.self) {
            try session.waitFor(logFrom: "platform", containing: "never printed", timeout: 0.5)
        }
        let coloured = ESPLogLine("\u{1B}[0;32mI (1234) websocket: WEBSOCKET_EVENT_CONNECTED\u{1B}[0m")
        #expect(coloured?.level == .info && coloured?.milliseconds == 1234 && coloured?.tag == "websocket")
        #expect(coloured?.message == "WEBSOCKET_EVENT_CONNECTED")
        #expect(ESPLogLine("net_check: done") == nil && ESPLogLine("X (1) tag: message") == nil)
    }
}
