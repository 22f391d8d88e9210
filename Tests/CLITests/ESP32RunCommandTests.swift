// SPDX-License-Identifier: MIT
import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `esp32emu run` on the ESP32 machine, flag by flag and exit code by exit code, as CI scripts use it.
/// Uses the release binary and the repository's firmware apps (hello, soc_check, crash, idle_wait).
@Suite struct ESP32RunCommandTests {
    func emulator(_ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        try ProcessRunner.run(Repository.releaseEmulator.path, ["run"] + arguments, timeout: timeout)
    }

    func elf(_ app: String) throws -> String { try FirmwareBuild.elf(app).path }

    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("esp32emu-\(getpid())-\(name)")
    }

    // MARK: - Exit codes

    @Test func exit0WhenTheExpectationsAppearInOrder() throws {
        let result = try emulator([
            "--idle", "fast", "--expect", "Hello", "--expect-regex", "tick [2-3]",
            "--expect", "hello done", elf("hello"),
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("Hello from Embedded Swift on the ESP32!\n"))
    }

    @Test func exit0WhenTheGuestHaltsWithoutExpectations() throws {
        let result = try emulator([elf("hello")])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasSuffix("hello done\n"))
        #expect(result.standardError.isEmpty)
    }

    @Test func exit1WhenAFailTextAppears() throws {
        let result = try emulator(["--idle", "fast", "--fail-text", "tick 2", "--expect", "hello done", elf("hello")])
        #expect(result.status == 1)
        #expect(result.standardError.contains("the fail text \"tick 2\" appeared"))
    }

    @Test func exit1WhenTheGuestStopsBeforeTheExpectations() throws {
        // In order: "tick 1" cannot come after "tick 3".
        let result = try emulator(["--expect", "tick 3", "--expect-regex", "tick 1", elf("hello")])
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "stopped for good (WAITI with every interrupt masked) before pattern /tick 1/"))
    }

    @Test func exit3ForADoubleExceptionWithACrashReport() throws {
        let result = try emulator(["--idle", "fast", "--send-on", "choose>", "d", "--timeout", "5", elf("crash")])
        #expect(result.status == 3)
        for text in [
            "guest crashed on the PRO CPU: double exception", "EXCCAUSE", "Backtrace:", "crash_double_exception+0x",
            "app_main+0x",
        ] {
            #expect(result.standardError.contains(text), "crash report lacks \(text):\n\(result.standardError)")
        }
    }

    @Test func exit3ForAFirmwarePanic() throws {
        let result = try emulator(["--idle", "fast", "--send-on", "choose>", "i", "--timeout", "5", elf("crash")])
        #expect(result.status == 3)
        #expect(result.standardOutput.contains("Guru Meditation Error: Core  0 panic'ed (IllegalInstruction)"))
        #expect(result.standardError.contains("the firmware panicked"))
    }

    @Test func exit42WhenTheVirtualTimeoutRunsOut() throws {
        let result = try emulator(["--idle", "fast", "--timeout", "0.2", "--expect", "never", elf("soc_check")])
        #expect(result.status == 42)
        #expect(result.standardError.contains("text \"never\" did not appear within 0.2 virtual seconds"))
    }

    @Test func exit0WhenTheTimeoutEndsARunWithoutExpectations() throws {
        let result = try emulator(["--idle", "fast", "--timeout", "0.2", elf("idle_wait")])
        #expect(result.status == 0)
    }

    @Test func exit42WhenTheWallTimeoutRunsOut() throws {
        let result = try emulator(["--wall-timeout", "0.5", "--expect", "idle: woke", elf("idle_wait")])
        #expect(result.status == 42)
        #expect(result.standardError.contains("0.5 wall-clock seconds"))
    }

    @Test func exit43AtTheInstructionLimit() throws {
        let result = try emulator(["--max-instructions", "50000", elf("soc_check")])
        #expect(result.status == 43)
        #expect(result.standardError.contains("instruction limit reached: 50000"))
    }

    @Test func exit2ForUsageAndImageErrors() throws {
        let hello = try elf("hello")
        let cases: [([String], String)] = [
            (["--mac", "24:0a:c4", hello], "--mac"),
            (["--mac", "zz:0a:c4:00:00:01", hello], "--mac"),
            (["--uart0", "serial:/dev/ttyS0", hello], "--uart0"),
            (["--uart1", "tcp:99999", hello], "--uart1"),
            (["--cpu-mhz", "0", hello], "--cpu-mhz"),
            (["--timeout", "-1", hello], "--timeout"),
            (["--idle", "sometimes", hello], "--idle"),
            (["--expect-regex", "(unclosed", hello], "invalid regular expression"),
            (["--send-on", "x", "\\q", hello], "unknown escape"),
            (["--uart0", "stdio", "--uart1", "stdio", hello], "only one UART"),
            (["--log", "everything", hello], "--log"),
            (["--nic", "tap", hello], "--nic 'tap'"),
            (["--nic", "user,restrict=maybe", hello], "restrict=maybe"),
            (["--nic", "user,hostfwd=tcp:1.2.3:80-:80", hello], "hostfwd="),
            (["--nic", "none", "--pcap", "/tmp/x.pcap", hello], "need a network"),
            (["--dns", "name-without-address", hello], "--dns"),
            (["--dns", "host=10.0.2", hello], "not an IPv4 address"),
            (["--monitor", "stdio", hello], "--monitor"),
            (["/nonexistent.elf"], "cannot read /nonexistent.elf"),
            (
                [try elf("abi_check").replacingOccurrences(of: ".elf", with: ".map")],
                "neither an ELF file, an app image"
            ),
        ]
        for (arguments, message) in cases {
            let result = try emulator(arguments)
            #expect(result.status == 2, "\(arguments) exited \(result.status)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }

    @Test func exit2ForAnELFThatIsNotESP32Firmware() throws {
        // The sim board's ELF loads at 0xFE000000, which is not ESP32 memory.
        let result = try emulator([try elf("abi_check")])
        #expect(result.status == 2)
        #expect(result.standardError.contains("p_vaddr"))
        #expect(result.standardError.contains("not in ESP32 memory"))
    }

    // MARK: - Flags

    @Test func sendOnTypesIntoUART0WhenItsPatternAppears() throws {
        let result = try emulator([
            "--idle", "fast", "--send-on", "type a line>", "from the command line\\r\\n",
            "--expect", "soc_check: done", elf("soc_check"),
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("received \"from the command line\""))
    }

    @Test func seedMakesRandomNumbersRepeatable() throws {
        func randomLine(_ seed: String) throws -> Substring? {
            let result = try emulator(["--seed", seed, "--expect", "rng ok", elf("soc_check")])
            return result.standardOutput.split(separator: "\n").first { $0.contains("rng ok") }
        }
        let first = try #require(try randomLine("42"))
        #expect(try randomLine("42") == first)
        #expect(try randomLine("43") != first)
    }

    @Test func macSetsTheEFuseMAC() throws {
        let result = try emulator(["--mac", "02:00:00:ab:cd:ef", "--expect", "efuse-mac ok", elf("soc_check")])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("mac 02:00:00:ab:cd:ef"))
    }

    @Test func cpuMhzSlowsTheCPUClockButNotTheTimers() throws {
        // The TIMG alarm counts APB time (10 ms); the firmware converts CCOUNT at 240 MHz, so at 80 MHz it
        // sees a third of the cycles.
        let result = try emulator(["--cpu-mhz", "80", "--expect", "timg-alarm-level1", elf("soc_check")])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(try Regex("at level 1 after 333[34] us")))
    }

    @Test func idleFastSkipsWaitingAndRealtimePacesIt() throws {
        let fastStart = Date()
        let fast = try emulator(["--idle", "fast", "--expect", "idle: woke after 10000 ms", elf("idle_wait")])
        #expect(fast.status == 0)
        #expect(Date().timeIntervalSince(fastStart) < 2)

        let realtimeStart = Date()
        let realtime = try emulator(["--idle", "realtime", "--timeout", "1", elf("idle_wait")])
        let elapsed = Date().timeIntervalSince(realtimeStart)
        #expect(realtime.status == 0)
        #expect(elapsed > 0.9 && elapsed < 3, "\(elapsed) s")
    }

    @Test func wdtLetsTheWatchdogResetTheChip() throws {
        let withWatchdog = try emulator([
            "--wdt", "--idle", "fast", "--expect", "watchdog: boot, reset cause 7",
            "--timeout", "2", elf("watchdog"),
        ])
        #expect(withWatchdog.status == 0, "\(withWatchdog.standardOutput)")
        let without = try emulator([
            "--idle", "fast", "--expect", "watchdog: not reset", "--timeout", "2",
            elf("watchdog"),
        ])
        #expect(without.status == 0, "\(without.standardOutput)")
    }

    @Test func logUnimpNamesUnmodelledPeripheralsOnce() throws {
        let result = try emulator(["--log", "unimp", "--expect", "unmodelled-peripheral ok", elf("soc_check")])
        #expect(result.status == 0)
        let reports = result.standardError.split(separator: "\n").filter { $0.contains("unimplemented: LEDC") }
        #expect(reports.count == 1, "\(result.standardError)")
    }

    @Test func traceExceptionsShowsInterruptsAndExceptions() throws {
        let result = try emulator([
            "--trace-exceptions", "--idle", "fast", "--send-on", "choose>", "l",
            "--timeout", "5", elf("crash"),
        ])
        #expect(result.status == 3)
        #expect(result.standardError.contains("exception LoadStorePIFAddrError (15) at PC 0x400"))
        #expect(result.standardError.contains("EXCVADDR 0x20000000"))
        let interrupts = try emulator(["--trace-exceptions", "--expect", "timg-alarm-level3 ok", elf("soc_check")])
        #expect(interrupts.standardError.contains("interrupt level 3 (pending 0x00800000)"))
    }

    @Test func statsReportSpeed() throws {
        let result = try emulator(["--stats", elf("hello")])
        #expect(result.status == 0)
        #expect(result.standardError.contains("MIPS"))
    }

    @Test func uartOutputCanGoToAFile() throws {
        let file = temporaryFile("uart0.log")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try emulator(["--uart0", "file:\(file.path)", "--expect", "hello done", elf("hello")])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8).hasSuffix("tick 3\nhello done\n"))
    }

    @Test func eachUARTHasItsOwnEndpoint() throws {
        let file = temporaryFile("uart1.log")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try emulator([
            "--idle", "fast", "--uart1", "file:\(file.path)", "--uart2", "none",
            "--send-on", "line>", "x\n", "--expect", "soc_check: done", elf("soc_check"),
        ])
        #expect(result.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == "soc_check: hello on UART1\n")
        #expect(!result.standardOutput.contains("hello on UART1"))
    }

    @Test func uartOverTCPCarriesBothDirections() throws {
        let port = try TCPClient.freePort()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: ProcessResult?
        let elfPath = try elf("soc_check")
        DispatchQueue.global().async {
            result = try? emulator([
                "--uart0", "tcp:\(port)", "--idle", "fast", "--expect", "soc_check: done",
                "--wall-timeout", "30", elfPath,
            ])
            done.signal()
        }
        let client = try TCPClient.connect(port: port, timeout: 20)
        defer { client.close() }
        let prompt = try client.read(until: "type a line>", timeout: 20)
        #expect(prompt.contains("soc_check: efuse-mac ok"))
        try client.write("over tcp\r\n")
        let rest = try client.read(until: "soc_check: done", timeout: 20)
        #expect(rest.contains("received \"over tcp\""))
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(result?.status == 0, "\(result?.standardError ?? "no result")")
        #expect(result?.standardOutput.isEmpty == true)
    }

    @Test func junitWritesAResultWithTheLog() throws {
        let passing = temporaryFile("pass.xml"), failing = temporaryFile("fail.xml")
        defer { [passing, failing].forEach { try? FileManager.default.removeItem(at: $0) } }
        #expect(try emulator(["--junit", passing.path, "--expect", "hello done", elf("hello")]).status == 0)
        let passXML = try String(contentsOf: passing, encoding: .utf8)
        #expect(passXML.contains(#"<testsuite name="esp32emu" tests="1" failures="0""#))
        #expect(passXML.contains(#"<testcase classname="esp32emu" name="hello.elf""#))
        #expect(passXML.contains("<system-out>Hello from Embedded Swift"))
        #expect(!passXML.contains("<failure"))

        #expect(
            try emulator([
                "--junit", failing.path, "--idle", "fast", "--timeout", "0.1", "--expect", "<never>",
                elf("idle_wait"),
            ]).status == 42)
        let failXML = try String(contentsOf: failing, encoding: .utf8)
        #expect(failXML.contains(#"failures="1""#))
        #expect(failXML.contains(#"type="timeout""#))
        #expect(failXML.contains("text &quot;&lt;never&gt;&quot; did not appear"))
        let parsed = try XMLDocument(xmlString: failXML)
        #expect(try parsed.nodes(forXPath: "//testcase/failure").count == 1)
    }

    // MARK: - Flash and boot

    @Test func flashImagesBootAndTheInputFileIsNeverModified() throws {
        let original = try FirmwareBuild.app("flash_check").appendingPathComponent("flash_check-flash.bin")
        let copy = temporaryFile("flash.bin"), persisted = temporaryFile("persisted.bin")
        defer { [copy, persisted].forEach { try? FileManager.default.removeItem(at: $0) } }
        try FileManager.default.copyItem(at: original, to: copy)
        let before = try Data(contentsOf: copy)
        let run = try emulator(["--idle", "fast", "--expect", "flash_check: done", copy.path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("flash_check: boot count 1"))
        #expect(try Data(contentsOf: copy) == before)  // the firmware wrote flash: a copy

        // --flash-persist keeps what the firmware wrote: the boot counter goes up from run to run.
        for expected in 1...2 {
            let source = expected == 1 ? copy : persisted
            let result = try emulator([
                "--idle", "fast", "--expect", "flash_check: done", "--flash-persist",
                persisted.path, source.path,
            ])
            #expect(result.standardOutput.contains("flash_check: boot count \(expected)"), "\(result.standardOutput)")
        }
        #expect(try Data(contentsOf: copy) == before)
    }

    @Test func flashGivesTheChipContentsForAnAppImage() throws {
        let flash = temporaryFile("16mb.bin")
        defer { try? FileManager.default.removeItem(at: flash) }
        try Data(repeating: 0xFF, count: 16 << 20).write(to: flash)
        let bin = try FirmwareBuild.app("flash_check").appendingPathComponent("flash_check.bin").path
        let result = try emulator(["--idle", "fast", "--flash", flash.path, "--expect", "flash_check: done", bin])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("id 0x9d 0x60 0x18"))  // the 16 MB chip
        let bad = try emulator(["--flash", elf("hello"), bin])
        #expect(bad.status == 2 && bad.standardError.contains("a flash image must be 2, 4, 8 or 16 MB"))
        let twice = try emulator([
            "--flash", flash.path,
            try FirmwareBuild.app("flash_check").appendingPathComponent("flash_check-flash.bin").path,
        ])
        #expect(twice.status == 2 && twice.standardError.contains("cannot be combined"))
    }

    @Test func symbolsNameTheFunctionsInCrashReportsOfBinaryImages() throws {
        let bin = try FirmwareBuild.app("crash").appendingPathComponent("crash.bin").path
        let without = try emulator(["--idle", "fast", "--send-on", "choose>", "d", bin])
        #expect(without.status == 3 && without.standardError.contains(" in ??"))
        let with = try emulator(["--idle", "fast", "--send-on", "choose>", "d", "--symbols", elf("crash"), bin])
        #expect(with.status == 3 && with.standardError.contains("crash_double_exception+0x"))
    }

    @Test func romBootStartsTheCPUAtTheResetVectorOfTheGivenROM() throws {
        // A stand-in ROM: at 0x40000400, L32R the UART0 FIFO address from 0x400003FC, write 'R', WAITI 15.
        var rom = [UInt8](repeating: 0, count: 0x400)
        rom.replaceSubrange(0x3FC..<0x400, with: [0x00, 0x00, 0xF4, 0x3F])
        rom += [0x31, 0xFF, 0xFF, 0x22, 0xA0, 0x52, 0x22, 0x63, 0x00, 0x00, 0x7F, 0x00]
        let romFile = temporaryFile("rom.bin")
        defer { try? FileManager.default.removeItem(at: romFile) }
        try Data(rom).write(to: romFile)
        let flash = try FirmwareBuild.app("hello").appendingPathComponent("hello-flash.bin").path
        let result = try emulator(["--rom", romFile.path, flash])
        #expect(result.status == 0)
        #expect(result.standardOutput == "R")
        let notFlash = try emulator(["--rom", romFile.path, elf("hello")])
        #expect(notFlash.status == 2 && notFlash.standardError.contains("needs a whole flash image"))
    }

    @Test func helpDocumentsEveryFlagAndExitCode() throws {
        let result = try ProcessRunner.run(Repository.releaseEmulator.path, ["run", "--help"])
        #expect(result.status == 0)
        for text in [
            "--machine", "--uart0", "--uart1", "--uart2", "--expect", "--expect-regex", "--fail-text",
            "--send-on", "--timeout", "--wall-timeout", "--max-instructions", "--seed", "--mac", "--cpu-mhz",
            "--idle", "--wdt", "--log", "--junit", "--trace-exceptions", "--stats", "tcp:PORT", "--nic", "hostfwd",
            "restrict", "--dns", "--dns-forward", "--pcap", "--monitor",
            "42", "43", "guest crash", "Guru Meditation",
        ] {
            #expect(result.standardOutput.contains(text), "help lacks \(text)")
        }
        #expect(!result.standardOutput.contains("--send-on-text"))
    }
}
