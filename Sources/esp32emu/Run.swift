// SPDX-License-Identifier: MIT
import ArgumentParser
import ESP32
import Foundation
import Harness
import VirtualNetwork

/// `esp32emu run IMAGE`: boot an image and run it until it ends, its expectations are met or a limit runs out.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a firmware image.",
        discussion: """
            Boots an ELF on an emulated ESP32 (the default) and connects its UARTs to the host: UART0 to \
            stdin/stdout unless --uart0 says otherwise. With --expect/--expect-regex the run ends as soon as \
            they have all appeared on UART0, in order; --fail-text ends it as a failure.

            --machine sim runs an ELF on a board compatible with qemu-system-xtensa -M sim: RAM-backed \
            sysrom at the reset vector 0xFE000000, SIMCALL semihosting; its console goes to stdout unchanged \
            and its exit status becomes esp32emu's. Only --max-instructions and --stats apply to it.

            Exit codes:
              0   expectations met; without expectations: the guest stopped for good or --timeout passed
              1   a --fail-text appeared, or the guest stopped for good before the expectations were met
              2   usage error, unreadable or malformed image
              3   guest crash: an exception with no handler in the firmware, a double exception, or a panic
                  report from the firmware itself ("Guru Meditation Error", "FATAL: ")
              42  --timeout or --wall-timeout ran out before the expectations were met
              43  --max-instructions reached
              (--machine sim: the guest's exit status)
            """)

    enum Machine: String, ExpressibleByArgument, CaseIterable {
        case esp32, sim
    }

    enum LogItem: String, ExpressibleByArgument, CaseIterable {
        /// First access to each peripheral block the emulator does not model.
        case unimp
    }

    @Argument(help: "The firmware: an ELF, an esptool app image (.bin) or a merged flash image (2-16 MB).")
    var image: String

    @Option(
        help: ArgumentHelp(
            "What the flash chip holds at power-on (a 2/4/8/16 MB image; default erased 4 MB). "
                + "An app image is written into it at 0x10000. The file is never modified.",
            valueName: "file"))
    var flash: String?

    @Option(
        help: ArgumentHelp(
            "When the run ends, write the flash contents (with the firmware's own writes) to "
                + "this file; it may be the --flash file or the flash image itself.",
            valueName: "file"))
    var flashPersist: String?

    @Option(
        help: ArgumentHelp(
            "An ELF with the firmware's symbols, for crash reports of .bin and flash-image boots.",
            valueName: "elf"))
    var symbols: String?

    @Option(
        help: ArgumentHelp(
            "Boot the real way through this ROM image (an ELF, or raw bytes for 0x40000000, such "
                + "as Espressif's esp32-v3-rom.bin, which is not included): the CPUs start at "
                + "0x40000400 and IMAGE must be a whole flash image with its bootloader.",
            valueName: "file"))
    var rom: String?

    @Option(help: "The machine to emulate (\(Machine.allCases.map(\.rawValue).joined(separator: ", "))).")
    var machine: Machine = .esp32

    @Option(help: ArgumentHelp("Where UART0 goes: stdio, tcp:PORT[,nowait], file:PATH or none.", valueName: "endpoint"))
    var uart0: UARTEndpoint = .stdio

    @Option(help: ArgumentHelp("Where UART1 goes (default none).", valueName: "endpoint"))
    var uart1: UARTEndpoint = .none

    @Option(help: ArgumentHelp("Where UART2 goes (default none).", valueName: "endpoint"))
    var uart2: UARTEndpoint = .none

    @Option(
        help: ArgumentHelp(
            "Text that must appear on UART0 (repeatable; in order with --expect-regex).",
            valueName: "text"))
    var expect: [String] = []

    @Option(
        help: ArgumentHelp(
            "A regular expression that must match UART0 output (repeatable, in order).",
            valueName: "regex"))
    var expectRegex: [String] = []

    @Option(help: ArgumentHelp("Text on UART0 that fails the run at once (exit 1; repeatable).", valueName: "text"))
    var failText: [String] = []

    @Option(
        help: ArgumentHelp(
            "When REGEX matches UART0 output, type TEXT into UART0 (\\n, \\r, \\t, \\\\, \\xHH "
                + "escapes; repeatable, each fires once, in order).", valueName: "regex> <text"))
    var sendOn: [String] = []

    /// The TEXT of each --send-on (see `SendOnArguments`).
    @Option(name: .customLong(SendOnArguments.textOption), help: .hidden)
    var sendOnText: [String] = []

    @Option(
        help: ArgumentHelp(
            "Stop after this many virtual seconds (exit 42 if expectations are pending).",
            valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Stop after this many wall-clock seconds (exit 42).", valueName: "seconds"))
    var wallTimeout: Double?

    @Option(help: "Stop after this many guest instructions (exit 43).")
    var maxInstructions: UInt64?

    @Option(
        help: ArgumentHelp(
            "The network behind the Ethernet MAC: user[,hostfwd=tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]"
                + "[,restrict=on|off][,outside=on] (slirp; the guest reaches the host's loopback as 10.0.2.2 and "
                + "nothing else unless outside=on) or none.",
            valueName: "network"))
    var nic = "user"

    @Option(
        help: ArgumentHelp("A name the guest's DNS server (10.0.2.3) answers (repeatable).", valueName: "name=ipv4"))
    var dns: [String] = []

    @Flag(help: "Ask the host's resolver about names --dns does not give (off: they do not exist).")
    var dnsForward = false

    @Option(help: ArgumentHelp("Write every Ethernet frame to this pcap file (virtual timestamps).", valueName: "file"))
    var pcap: String?

    @Option(
        help: ArgumentHelp(
            "The time the network's SNTP server (10.0.2.3) reports at power-on, in seconds since 1970 "
                + "(default: the host's clock).", valueName: "seconds"))
    var timeEpoch: UInt64?

    @Option(
        help: ArgumentHelp(
            "A monitor socket on 127.0.0.1: commands one per line (link up, link down, info network, help).",
            valueName: "tcp:port"))
    var monitor: UARTEndpoint?

    @Option(
        help: ArgumentHelp(
            "A GDB remote-protocol server on 127.0.0.1:PORT (3333 by convention; QEMU's -gdb tcp::PORT and -s also "
                + "work); xtensa-esp32-elf-gdb attaches with `target remote :PORT`.", valueName: "port"))
    var gdb: UInt16?

    @Flag(help: "Start with the CPUs stopped until the debugger continues them (QEMU's -S).")
    var gdbWait = false

    @Flag(help: "Send GDB the 105 core registers instead of 157 (gdb from esp-2021r1 and older).")
    var gdbCoreRegisters = false

    @Option(help: "Seed for the hardware random number generator: the same seed gives the same run.")
    var seed: UInt64 = 0

    @Option(
        help: ArgumentHelp(
            "The factory MAC address in eFuse (default 24:0a:c4:00:00:01).",
            valueName: "xx:xx:xx:xx:xx:xx"))
    var mac: String?

    @Option(help: "CPU clock in MHz (1-240); CCOUNT and every timer follow it.")
    var cpuMhz: UInt64 = 240

    @Option(
        help: ArgumentHelp(
            "While the guest idles: realtime paces virtual time to the wall clock; fast skips "
                + "ahead whenever no host input is open.", valueName: "realtime|fast"))
    var idle: Session.IdlePolicy = .realtime

    @Flag(help: "Let the timer-group watchdogs reset the chip (off by default, as under idf.py qemu).")
    var wdt = false

    @Option(
        help: ArgumentHelp(
            "Extra diagnostics on stderr (repeatable): unimp = first access to each peripheral "
                + "the emulator does not model.", valueName: "item"))
    var log: [LogItem] = []

    @Option(help: ArgumentHelp("Write a JUnit XML result (with the UART0 log) to this file.", valueName: "file"))
    var junit: String?

    @Flag(help: "Print every exception and interrupt the CPU takes to stderr.")
    var traceExceptions = false

    @Option(
        help: ArgumentHelp(
            "Write an instruction trace to this file: CPU, PC, bytes, disassembly, function and the registers "
                + "each instruction changed.", valueName: "file"))
    var trace: String?

    @Option(
        help: ArgumentHelp(
            "Trace only instructions in this function or address range (START-END or START+LENGTH; repeatable).",
            valueName: "function|range"))
    var traceOnly: [String] = []

    @Option(help: ArgumentHelp("Start tracing when a CPU first reaches this function or address.", valueName: "where"))
    var traceStart: String?

    @Option(help: ArgumentHelp("Stop tracing after this many lines.", valueName: "lines"))
    var traceLimit = 1_000_000

    @Flag(help: "Print guest cycles, wall time and emulation speed (MIPS) to stderr when the run ends.")
    var stats = false

    func validate() throws {
        if let maxInstructions, maxInstructions == 0 {
            throw ValidationError("--max-instructions must be at least 1")
        }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let wallTimeout, !(wallTimeout > 0) {
            throw ValidationError("--wall-timeout must be a positive number of seconds")
        }
        guard (1...240).contains(cpuMhz) else { throw ValidationError("--cpu-mhz must be between 1 and 240") }
        if let mac, MACAddress.parse(mac) == nil {
            throw ValidationError("--mac '\(mac)' is not six hex bytes separated by colons (24:0a:c4:12:34:56)")
        }
        guard sendOn.count == sendOnText.count else {
            throw ValidationError("--send-on takes two values: a regular expression and the text to type")
        }
        for pattern in expectRegex + sendOn {
            do { try Expectation.pattern(pattern).validate() } catch { throw ValidationError("\(error)") }
        }
        for (index, text) in sendOnText.enumerated() {
            if case .failure(let problem) = Escapes.decode(text) {
                throw ValidationError("--send-on text \(index + 1): \(problem)")
            }
        }
        do { _ = try networkOptions } catch { throw ValidationError("\(error)") }
        if let monitor {
            guard case .tcp = monitor else { throw ValidationError("--monitor takes tcp:PORT") }
        }
        let stdioUARTs = [uart0, uart1, uart2].filter { $0 == .stdio }.count
        guard stdioUARTs <= 1 else { throw ValidationError("only one UART can use stdio") }
        guard traceLimit >= 1 else { throw ValidationError("--trace-limit must be at least 1") }
        if trace == nil && (!traceOnly.isEmpty || traceStart != nil) {
            throw ValidationError("--trace-only and --trace-start need --trace FILE")
        }
        if machine == .sim && !usesOnlySimOptions {
            throw ValidationError("--machine sim takes only --max-instructions and --stats")
        }
    }

    /// Whether nothing but the options the sim board understands was given.
    private var usesOnlySimOptions: Bool {
        uart0 == .stdio && uart1 == .none && uart2 == .none && expect.isEmpty && expectRegex.isEmpty
            && failText.isEmpty && sendOn.isEmpty && timeout == nil && wallTimeout == nil && seed == 0 && mac == nil
            && cpuMhz == 240 && idle == .realtime && !wdt && log.isEmpty && junit == nil && !traceExceptions
            && flash == nil && flashPersist == nil && symbols == nil && rom == nil && nic == "user" && dns.isEmpty
            && !dnsForward && pcap == nil && timeEpoch == nil && monitor == nil && gdb == nil && !gdbWait
            && trace == nil
    }

    func run() throws {
        switch machine {
        case .sim: try runSimBoard()
        case .esp32: try runESP32()
        }
    }

    /// --expect and --expect-regex in the order they were given on the command line.
    var expectations: [Expectation] {
        ExpectationOrder.interleave(texts: expect, patterns: expectRegex, arguments: CommandLine.arguments)
    }

    var scriptedInputs: [ScriptedInput] {
        zip(sendOn, sendOnText).compactMap { trigger, text in
            guard case .success(let decoded) = Escapes.decode(text) else { return nil }
            return ScriptedInput(trigger: trigger, text: decoded)
        }
    }

    /// --nic, --dns, --dns-forward, --pcap and --time-epoch together.
    var networkOptions: NetworkOptions {
        get throws {
            var options = try NetworkOptions(nic: nic)
            for entry in dns { try options.addDNSEntry(entry) }
            options.forwardsDNS = dnsForward
            options.pcapPath = pcap
            options.timeEpoch = timeEpoch
            if options.backend == .none && (!dns.isEmpty || dnsForward || pcap != nil || timeEpoch != nil) {
                throw NetworkOptions.ParseError(
                    description: "--dns, --dns-forward, --pcap and --time-epoch need a network (--nic user)")
            }
            return options
        }
    }

    var machineOptions: MachineOptions {
        var options = MachineOptions()
        options.cpuMHz = cpuMhz
        options.seed = seed
        options.watchdogs = wdt
        if let mac, let bytes = MACAddress.parse(mac) { options.mac = bytes }
        return options
    }
}

extension Session.IdlePolicy: ExpressibleByArgument {}
