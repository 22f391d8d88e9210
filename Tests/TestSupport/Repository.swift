// SPDX-License-Identifier: MIT
import Foundation

/// Locations inside the repository and the tool cache, for tests.
public enum Repository {
    /// The repository root (the directory holding Package.swift), found from this source file's location.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    public static var firmwareDirectory: URL { root.appendingPathComponent("Firmware") }
    public static var firmwareBuildDirectory: URL { firmwareDirectory.appendingPathComponent("build") }

    /// Where Tools/setup keeps downloads and the Python venv (overridable like the script's ESP32EMU_CACHE).
    public static var cache: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["ESP32EMU_CACHE"] ?? "/var/cache/esp32emu")
    }

    /// The LLVM 22 tools with the Xtensa target.
    public static let llvmBin = URL(fileURLWithPath: "/usr/lib/llvm-22/bin")

    /// The release-built emulator, which firmware tests run (Tools/test builds it before the tests).
    public static var releaseEmulator: URL { root.appendingPathComponent(".build/release/esp32emu") }
}
