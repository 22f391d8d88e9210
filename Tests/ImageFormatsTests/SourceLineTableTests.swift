// SPDX-License-Identifier: MIT
import Foundation
import ImageFormats
import TestSupport
import Testing

/// The DWARF line table reader against LLVM's (llvm-dwarfdump) on our firmware, which mixes DWARF 4 and 5 units
/// from C, Swift and assembly; and malformed line tables.
@Suite struct SourceLineTableTests {
    /// One row of `llvm-dwarfdump --debug-line`: address, line, and the file it names.
    struct Row: Hashable {
        let address: UInt32
        let line: Int
        let file: String
        let isStatement: Bool
    }

    /// Every row of the table as llvm-dwarfdump reads it (file names by their last component), but sequence ends.
    static func llvmRows(_ elf: URL) throws -> [Row] {
        let dump = try ProcessRunner.run("/usr/bin/llvm-dwarfdump-22", ["--debug-line", elf.path])
        try #require(dump.status == 0, "\(dump.standardError)")
        var rows: [Row] = []
        var files: [Int: String] = [:]
        var pendingFile: Int?
        for line in dump.standardOutput.split(separator: "\n") {
            if line.hasPrefix("debug_line[") { files = [:] }
            if line.hasPrefix("file_names[") {
                pendingFile = Int(
                    line.dropFirst("file_names[".count).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces))
            } else if let number = pendingFile, line.trimmingCharacters(in: .whitespaces).hasPrefix("name:") {
                let name = line.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
                files[number] = String(name.split(separator: "/").last ?? "")
                pendingFile = nil
            } else if line.hasPrefix("0x"), !line.contains("end_sequence") {
                let fields = line.split(separator: " ")
                guard let address = UInt64(fields[0].dropFirst(2), radix: 16), let lineNumber = Int(fields[1]),
                    let fileNumber = Int(fields[3])
                else { continue }
                rows.append(
                    Row(
                        address: UInt32(truncatingIfNeeded: address), line: lineNumber, file: files[fileNumber] ?? "?",
                        isStatement: line.contains("is_stmt")))
            }
        }
        return rows
    }

    @Test(arguments: ["debug_target", "websocket_example"])
    func everyStatementRowMatchesLLVM(app: String) throws {
        let elfURL = try FirmwareBuild.elf(app)
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: elfURL)))
        let table = try SourceLineTable(elf: elf)
        // Where several rows share an address, the last one describes the code there.
        let rows = Dictionary(try Self.llvmRows(elfURL).map { ($0.address, $0) }, uniquingKeysWith: { _, last in last })
            .values
        var checked = 0
        for row in rows where row.isStatement && row.line != 0 {
            // Rows at address 0 and other places outside the code belong to code the linker dropped.
            guard let range = table.range(containing: row.address), range.start == row.address else { continue }
            let location = table.location(at: row.address)
            #expect(
                location?.line == row.line && location?.fileName == row.file[...],
                "\(row) read as \(String(describing: location))")
            checked += 1
        }
        #expect(checked > rows.count / 2, "\(checked) of \(rows.count) rows are in code that survived linking")
        #expect(table.files.contains { $0.hasSuffix(".swift") }, "Swift units are read")
        #expect(table.files.contains { $0.hasSuffix("\(app).c") })
    }

    @Test func breakpointsForALineAndForALineWithoutCode() throws {
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: try FirmwareBuild.elf("debug_target"))))
        let table = try SourceLineTable(elf: elf)
        let source = try String(
            contentsOf: Repository.root.appendingPathComponent("Firmware/Apps/debug_target/debug_target.c"),
            encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let loopLine = try #require(lines.firstIndex { $0.contains("watched_value = middle(i)") }) + 1
        let found = try #require(table.breakpointAddresses(file: "debug_target.c", line: loopLine))
        #expect(found.line == loopLine && !found.addresses.isEmpty)
        for address in found.addresses { #expect(table.location(at: address)?.line == loopLine) }
        // The blank line before app_main has no code: the breakpoint moves to the next line that has some.
        let appMain = try #require(lines.firstIndex { $0.hasPrefix("void app_main(void)") }) + 1
        let moved = try #require(table.breakpointAddresses(file: "debug_target.c", line: appMain - 1))
        #expect(moved.line >= appMain)
        #expect(table.breakpointAddresses(file: "nosuch.c", line: 1) == nil)
        #expect(table.files(matching: "Apps/debug_target/debug_target.c").count == 1)
    }

    /// Random damage to .debug_line gives an ImageFormatError or a table, never a crash or a hang.
    @Test func damagedLineTablesAreReportedNotFatal() throws {
        let bytes = [UInt8](try Data(contentsOf: try FirmwareBuild.elf("debug_target")))
        let section = try #require(try ELFFile(bytes: bytes).section(named: ".debug_line"))
        var generator = SystemRandomNumberGenerator()
        var errors = 0
        for round in 0..<300 {
            var damaged = bytes
            let count = round < 100 ? 1 : 8
            for _ in 0..<count {
                let offset = section.fileOffset + Int.random(in: 0..<min(section.size, 4096), using: &generator)
                damaged[offset] = UInt8.random(in: 0...255, using: &generator)
            }
            do { _ = try SourceLineTable(elf: try ELFFile(bytes: damaged)) } catch { errors += 1 }
        }
        #expect(errors > 0, "some damage is detected")
    }
}

/// Inlined calls from .debug_info (Swift's DWARF 4 unit and C's DWARF 5 units), against llvm-dwarfdump's count,
/// and damaged .debug_info.
@Suite struct InlinedCallTableTests {
    @Test func theInlinedCallsOfTheWebSocketExample() throws {
        let elfURL = try FirmwareBuild.elf("websocket_example")
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: elfURL)))
        let table = try InlinedCallTable(elf: elf, lines: try SourceLineTable(elf: elf))
        let dump = try ProcessRunner.run("/usr/bin/llvm-dwarfdump-22", ["--debug-info", elfURL.path])
        let llvmCount = dump.standardOutput.components(separatedBy: "DW_TAG_inlined_subroutine").count - 1
        // Calls with no code left (optimised away entirely) have no ranges and are not kept.
        #expect(
            table.calls.count > llvmCount * 9 / 10 && table.calls.count <= llvmCount,
            "\(table.calls.count) of \(llvmCount)")
        let logData = try #require(table.calls.first { $0.function == "log_data" })
        #expect(logData.callFile.hasSuffix("Apps/websocket_example/websocket_example.c") && logData.callLine > 0)
        #expect(logData.depth == 1 && !logData.ranges.isEmpty)
        #expect(table.calls.contains { $0.callFile.hasSuffix(".swift") && $0.function.hasPrefix("$e") }, "Swift's")
        #expect(table.calls.contains { $0.depth >= 2 }, "calls inlined into inlined code")
    }

    @Test func damagedDebugInfoIsReportedNotFatal() throws {
        let bytes = [UInt8](try Data(contentsOf: try FirmwareBuild.elf("debug_target")))
        let elf = try ELFFile(bytes: bytes)
        let section = try #require(elf.section(named: ".debug_info"))
        var errors = 0
        for round in 0..<200 {
            var damaged = bytes
            for _ in 0..<(round < 100 ? 1 : 6) {
                damaged[section.fileOffset + Int.random(in: 0..<min(section.size, 8192))] = UInt8.random(in: 0...255)
            }
            let damagedELF = try ELFFile(bytes: damaged)
            do { _ = try InlinedCallTable(elf: damagedELF, lines: try SourceLineTable(elf: damagedELF)) } catch {
                errors += 1
            }
        }
        #expect(errors > 0, "some damage is detected")
    }
}
