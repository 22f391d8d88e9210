// SPDX-License-Identifier: MIT
import Foundation
import ImageFormats
import TestSupport
import Testing

/// `esp32emu run --gdb PORT`, driven by a scripted GDB remote-protocol client (no Xtensa gdb exists here):
/// registers, memory, breakpoints at ELF symbols, stepping, watchpoints, Ctrl-C, detach and fuzzed packets.
@Suite(.serialized) struct GDBServerTests {
    /// The protocol from GDB's side: packets with checksums, acknowledgements skipped.
    final class RSPClient {
        let connection: TCPClient

        init(port: UInt16) throws { connection = try TCPClient.connect(port: port, timeout: 30) }

        func send(_ payload: String) throws {
            let checksum = payload.utf8.reduce(UInt8(0), &+)
            try connection.write("$" + payload + "#" + String(format: "%02x", checksum))
        }

        /// The next packet's payload (acknowledgements before it dropped).
        /// (The two checksum digits stay in the buffer and are skipped with the next packet's leading bytes.)
        func receive(timeout: TimeInterval = 30) throws -> String {
            let text = try connection.read(until: "#", timeout: timeout)
            return String(text.drop { $0 != "$" }.dropFirst().dropLast())
        }

        func ask(_ payload: String, timeout: TimeInterval = 30) throws -> String {
            try send(payload)
            return try receive(timeout: timeout)
        }
    }

    /// Starts `esp32emu run` halted for the debugger on `port` (`spelling` .qemu: QEMU's `-gdb tcp::PORT`).
    func startEmulator(
        _ elf: String, port: UInt16, extra: [String] = [], qemuSpelling: Bool = false
    )
        -> (DispatchSemaphore, () -> ProcessResult?)
    {
        let server = qemuSpelling ? ["-gdb", "tcp::\(port)"] : ["--gdb", "\(port)"]
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: ProcessResult?
        DispatchQueue.global().async {
            result = try? ProcessRunner.run(
                Repository.releaseEmulator.path,
                ["run"] + server + ["--gdb-wait", "--timeout", "30", "--wall-timeout", "60"] + extra + [elf],
                timeout: 90)
            done.signal()
        }
        return (done, { result })
    }

    func symbol(_ name: String, in elf: String) throws -> UInt32 {
        let file = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: elf))))
        return try #require(file.symbol(named: name)).value
    }

    /// Set-up mistakes are usage errors with a message, before anything runs.
    @Test func gdbWaitWithoutAServerAndABusyPortAreUsageErrors() throws {
        let elf = try FirmwareBuild.elf("debug_target").path
        let orphan = try ProcessRunner.run(Repository.releaseEmulator.path, ["run", "--gdb-wait", elf], timeout: 30)
        #expect(
            orphan.status == 2 && orphan.standardError.contains("--gdb-wait needs --gdb PORT"),
            "\(orphan.standardError)")
        let busy = try LoopbackServer(.tcpEcho)  // holds a listening port on 127.0.0.1
        let taken = try ProcessRunner.run(
            Repository.releaseEmulator.path, ["run", "--gdb", "\(busy.port)", elf], timeout: 30)
        #expect(taken.status == 2 && taken.standardError.contains("--gdb: "), "\(taken.standardError)")
        busy.stop()
    }

    @Test func breakpointStepRegistersMemoryAndDetach() throws {
        let elf = try FirmwareBuild.elf("hello").path
        let appMain = try symbol("app_main", in: elf)
        let port = try TCPClient.freePort()
        let (done, result) = startEmulator(elf, port: port, extra: ["--expect", "hello done"], qemuSpelling: true)
        let gdb = try RSPClient(port: port)
        defer { gdb.connection.close() }
        #expect(try gdb.ask("qSupported:multiprocess+;swbreak+").contains("PacketSize="))
        #expect(try gdb.ask("?").hasPrefix("T02"), "halted at start (--gdb-wait)")
        #expect(try gdb.ask("qfThreadInfo") == "m1")
        let registers = try gdb.ask("g")
        #expect(registers.count == 157 * 8)
        #expect(try gdb.ask("Z0,\(String(appMain, radix: 16)),3") == "OK")
        try gdb.send("c")
        #expect(try gdb.receive() == "T05thread:1;")
        let pc = try gdb.ask("p0")
        #expect(pc == word(appMain), "stopped at app_main: \(pc)")
        #expect(try gdb.ask("m\(String(appMain, radix: 16)),3").count == 6)
        #expect(try gdb.ask("M3ffe0000,4:0badf00d") == "OK" && (try gdb.ask("m3ffe0000,4")) == "0badf00d")
        let pcFromG = String(try gdb.ask("g").prefix(8))
        #expect(pcFromG == pc, "g's first register is the pc")
        try gdb.send("s")
        #expect(try gdb.receive() == "T05thread:1;")
        #expect(try gdb.ask("p0") != word(appMain), "one instruction further")
        #expect(try gdb.ask("z0,\(String(appMain, radix: 16)),3") == "OK")
        #expect(try gdb.ask("D") == "OK")
        done.wait()
        let finished = try #require(result())
        #expect(finished.status == 0 && finished.standardOutput.contains("hello done"), "\(finished.combinedOutput)")
    }

    @Test func ctrlCStopsARunningGuestAndFuzzDoesNotHurt() throws {
        let elf = try FirmwareBuild.elf("idle_wait").path
        let port = try TCPClient.freePort()
        let (done, result) = startEmulator(elf, port: port, extra: ["--idle", "realtime"])
        let gdb = try RSPClient(port: port)
        try gdb.send("c")
        Thread.sleep(forTimeInterval: 0.3)
        try gdb.connection.write("\u{03}")
        #expect(try gdb.receive().hasPrefix("T02"))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let noise = (0..<64).map { _ in Character(UnicodeScalar(UInt8.random(in: 0x20...0x7E, using: &generator))) }
            try gdb.connection.write(String(noise).replacingOccurrences(of: "$", with: "x"))
        }
        try gdb.send("m0,ffffffff")
        #expect(try gdb.receive() == "E01")
        #expect(try gdb.ask("?").hasPrefix("T02"), "still answering after the noise")
        #expect(try gdb.ask("vMustReplyEmpty") == "")
        try gdb.send("k")
        done.wait()
        #expect(result()?.status == 0)
    }

    /// Steps into a windowed call (CALL8 → the callee's ENTRY), across a zero-overhead loop's end (LEND → LBEG),
    /// and stops on a watchpoint with the written value in memory.
    @Test func stepsAcrossACallAndALoopEndAndAWatchpointFires() throws {
        let elf = try FirmwareBuild.elf("debug_target").path
        let (middle, leaf) = (try symbol("middle", in: elf), try symbol("leaf", in: elf))
        let (sum, watched) = (try symbol("sum_with_loop", in: elf), try symbol("watched_value", in: elf))
        let port = try TCPClient.freePort()
        let (done, result) = startEmulator(elf, port: port, extra: ["--expect", "debug_target: done 9"])
        let gdb = try RSPClient(port: port)
        defer { gdb.connection.close() }
        #expect(try gdb.ask("Z0,\(String(middle, radix: 16)),3") == "OK")
        try gdb.send("c")
        #expect(try gdb.receive() == "T05thread:1;" && (try gdb.ask("p0")) == word(middle))
        var steps = 0
        while try gdb.ask("p0") != word(leaf) && steps < 20 {
            try gdb.send("s")
            _ = try gdb.receive()
            steps += 1
        }
        #expect(try gdb.ask("p0") == word(leaf), "stepping from middle enters leaf through its CALL8")
        #expect(try gdb.ask("z0,\(String(middle, radix: 16)),3") == "OK")

        #expect(try gdb.ask("Z2,\(String(watched, radix: 16)),4") == "OK")
        try gdb.send("c")
        #expect(try gdb.receive() == "T05watch:\(String(watched, radix: 16));thread:1;")
        #expect(try gdb.ask("m\(String(watched, radix: 16)),4") == word(3), "middle(0) = leaf(0) + 2 = 3")
        #expect(try gdb.ask("z2,\(String(watched, radix: 16)),4") == "OK")

        #expect(try gdb.ask("Z1,\(String(sum, radix: 16)),3") == "OK")
        try gdb.send("c")
        #expect(try gdb.receive() == "T05thread:1;" && (try gdb.ask("p0")) == word(sum))
        // entry, movi, loopnez: then the body add (LBEG = sum + 9), addi (the last before LEND), and back to LBEG.
        var pcs: [String] = []
        for _ in 0..<5 {
            try gdb.send("s")
            _ = try gdb.receive()
            pcs.append(try gdb.ask("p0"))
        }
        #expect(pcs == [word(sum + 3), word(sum + 6), word(sum + 9), word(sum + 12), word(sum + 9)], "\(pcs)")
        #expect(try gdb.ask("D") == "OK")
        done.wait()
        let finished = try #require(result())
        #expect(
            finished.status == 0 && finished.standardOutput.contains("debug_target: sum 55"),
            "\(finished.combinedOutput)")
    }

    func word(_ value: UInt32) -> String {
        (0..<4).map { String(format: "%02x", (value >> (8 * $0)) & 0xFF) }.joined()
    }
}
