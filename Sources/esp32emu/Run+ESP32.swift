// SPDX-License-Identifier: MIT
import ArgumentParser
import DebugConsole
import ESP32
import Foundation
import Harness
import ImageFormats

extension Run {
    /// The ESP32: boot the ELF in a harness session, wire the UARTs to the host, run to an outcome.
    func runESP32() throws {
        let session = try makeSession()
        let tracer = try makeTracer(for: session)
        defer { tracer?.finish() }
        let sinks = try connect([uart0, uart1, uart2], to: session)
        session.onOutput = { uart, bytes in sinks[uart](bytes) }

        let started = ContinuousClock.now
        let outcome: Session.Outcome
        do {
            outcome = try session.run(
                expecting: expectations, failText: failText,
                limits: Session.Limits(
                    timeout: timeout, wallTimeout: wallTimeout,
                    maxInstructions: maxInstructions))
        } catch {
            throw fail("\(error)")
        }
        if stats { printStats(cycles: session.machine.now, since: started) }
        if let flashPersist {
            do { try session.machine.flash.persist(to: flashPersist) } catch { throw fail("\(error)") }
        }
        let status = exitStatus(of: outcome)
        if let junit {
            let failure = status == 0 ? nil : (message: outcome.description, type: failureType(of: outcome))
            let report = JUnitReport(
                suiteName: "esp32emu", testName: (image as NSString).lastPathComponent,
                duration: (ContinuousClock.now - started) / .seconds(1), failure: failure,
                log: session.log)
            guard FileManager.default.createFile(atPath: junit, contents: Data(report.xml.utf8)) else {
                throw fail("cannot write the JUnit report to \(junit)")
            }
        }
        switch outcome {
        case .completed: return
        case .panicked: note("guest crashed: the firmware panicked (its report is in the UART0 output above)")
        case .crashed: note(outcome.description)
        default: note("error: \(outcome)")
        }
        throw ExitCode(status)
    }

    /// Session set-up shared with `debug`: the machine booted with the image, the network, monitor, GDB server,
    /// diagnostics and scripted input as the options say; the UARTs not yet connected.
    func makeSession() throws -> Session {
        let session: Session
        do {
            var options = machineOptions
            if let flash { options.flashContents = try Session.read(flash) }
            if let rom { options.rom = try Session.read(rom) }
            let bytes = try Session.read(image)
            let firmware: FirmwareImage
            do { firmware = try FirmwareImage.detect(bytes) } catch {
                throw SessionError.badImage(error.in(file: image))
            }
            session = try Session(
                image: firmware, machine: options, idlePolicy: idle, network: try networkOptions, imageName: image)
            if let symbols {
                do { session.machine.symbols = try ELFFile(bytes: try Session.read(symbols)) } catch let error
                    as ImageFormatError
                { throw SessionError.badImage(error.in(file: symbols)) }
            }
        } catch {
            throw fail("\(error)")
        }
        if log.contains(.unimp) {
            session.machine.onUnmodelledAccess = { name in
                note("unimplemented: \(name) accessed (reads return 0, writes are kept)")
            }
        }
        session.network?.onDiagnostic = { note("network: \($0)") }
        session.machine.ethernet.onDiagnostic = { note($0) }
        if case .tcp(let port, _) = monitor {
            do {
                let server = try TCPSerialPort(port: port, input: session.monitorInput)
                session.onMonitorReply = { server.write(Array($0.utf8)) }
                note("monitor on tcp 127.0.0.1:\(server.port)")
            } catch {
                throw fail("--monitor: \(error)")
            }
        }
        if let gdb {
            let input = session.makeDebuggerInput()
            do {
                let server = try TCPSerialPort(port: gdb, input: input)
                session.attachDebugger(
                    input: input, send: { server.write($0) }, halted: gdbWait,
                    layout: gdbCoreRegisters ? .coreOnly : .full)
                note("GDB server on tcp 127.0.0.1:\(server.port)" + (gdbWait ? ", the CPUs wait for it" : ""))
            } catch {
                throw fail("--gdb: \(error)")
            }
        } else if gdbWait {
            throw fail("--gdb-wait needs --gdb PORT")
        }
        if traceExceptions {
            for cpu in session.machine.cpus {
                let name = cpu.role == .pro ? "PRO" : "APP"
                cpu.core.onVectorTaken = { [unowned session] event in
                    note(String(format: "[%.6f s] ", session.virtualSeconds) + "\(name) CPU: \(event)")
                }
            }
        }
        do {
            for input in scriptedInputs { try session.addScriptedInput(input) }
        } catch {
            throw fail("\(error)")
        }
        return session
    }

    /// The instruction tracer --trace asks for, attached to the CPUs.
    func makeTracer(for session: Session) throws -> InstructionTracer? {
        guard let trace else { return nil }
        do {
            let symbols = try session.machine.symbols.map { try ProgramSymbols(elf: $0) } ?? ProgramSymbols()
            let ranges = try traceOnly.map { try TraceFilter.range($0, symbols: symbols) }
            let start = try traceStart.map { try TraceFilter.address($0, symbols: symbols) }
            let tracer = try InstructionTracer(
                path: trace, symbols: symbols, only: ranges, start: start, limit: traceLimit)
            for cpu in session.machine.cpus { tracer.attach(to: cpu.core, cpuName: cpu.role == .pro ? "PRO" : "APP") }
            return tracer
        } catch {
            throw fail("\(error)")
        }
    }

    private func exitStatus(of outcome: Session.Outcome) -> Int32 {
        switch outcome {
        case .completed: 0
        case .failTextSeen, .halted: ExitStatus.failed
        case .crashed, .panicked: ExitStatus.guestCrash
        case .timedOut: ExitStatus.timeout
        case .instructionLimitReached: ExitStatus.instructionLimit
        case .breakpoint, .watchpoint, .observerStopped: ExitStatus.failed
        case .killedByDebugger: 0
        }
    }

    private func failureType(of outcome: Session.Outcome) -> String {
        switch outcome {
        case .completed: "none"
        case .failTextSeen: "fail-text"
        case .halted: "halted"
        case .crashed: "crash"
        case .panicked: "panic"
        case .timedOut: "timeout"
        case .instructionLimitReached: "instruction-limit"
        case .breakpoint, .watchpoint, .observerStopped: "debugger-stop"
        case .killedByDebugger: "none"
        }
    }

    /// Connects each UART to its host endpoint; returns where each UART's output goes. Without `stdinFeedsUART`
    /// (the debugger reads its commands there) a stdio UART only writes to stdout.
    func connect(
        _ endpoints: [UARTEndpoint], to session: Session, stdinFeedsUART: Bool = true
    ) throws -> [([UInt8]) -> Void] {
        try endpoints.enumerated().map { uart, endpoint in
            switch endpoint {
            case .none:
                return { _ in }
            case .stdio:
                if stdinFeedsUART { session.inputs[uart].attach(fileDescriptor: STDIN_FILENO) }
                return { FileHandle.standardOutput.write(Data($0)) }
            case .file(let path):
                guard FileManager.default.createFile(atPath: path, contents: nil),
                    let handle = FileHandle(forWritingAtPath: path)
                else {
                    throw fail("cannot write UART\(uart) output to \(path)")
                }
                return { handle.write(Data($0)) }
            case .tcp(let port, let waits):
                let server: TCPSerialPort
                do { server = try TCPSerialPort(port: port, input: session.inputs[uart]) } catch {
                    throw fail("UART\(uart): \(error)")
                }
                note(
                    "UART\(uart) on tcp 127.0.0.1:\(server.port)"
                        + (waits ? ", waiting for a connection" : ""))
                if waits { server.waitForClient() }
                return { server.write($0) }
            }
        }
    }
}
