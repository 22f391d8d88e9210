// swift-tools-version: 6.2
// SPDX-License-Identifier: MIT
// esp32emu: an instruction-level ESP32 (Xtensa LX6) emulator with peripheral models and a slirp network, and
// the Embedded Swift firmware it runs. Layers, lowest first (each target depends only on those above it):
//   ImageFormats   ELF, esptool app images, partition tables
//   XtensaISA      the ESP32 opcode table, decoder and disassembler (data only)
//   XtensaCore     the CPU: registers, execution, exceptions and interrupts
//   XtensaSim      the QEMU-compatible `sim` board (RAM + semihosting)
//   ESP32          the SoC: memory map, peripherals, interrupt matrix, virtual clock
//   WebSocketCore  the WebSocket protocol in portable Swift (also compiled into the firmware)
//   VirtualNetwork the virtual network behind the Ethernet MAC: libslirp, our DNS answers, traffic policy, pcap
//   WebSocketServer an in-process WebSocket echo server on SwiftNIO, ws or wss (the demo's and the tests' peer)
//   Harness        boots firmware in-process and drives it (UART I/O, expectations, limits, JUnit)
//   DebugConsole   the built-in debugger (esp32emu debug) and the instruction tracer (--trace)
//   esp32emu       the command-line tool (thin; no emulator logic)
import PackageDescription

/// Our targets treat every warning as an error (dependencies are not affected).
let strictSettings: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "esp32emu",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "esp32emu", targets: ["esp32emu"]),
        .library(name: "ImageFormats", targets: ["ImageFormats"]),
        .library(name: "Harness", targets: ["Harness"]),
        .library(name: "WebSocketServer", targets: ["WebSocketServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    ],
    targets: [
        .systemLibrary(name: "CMbedCrypto", path: "Sources/CMbedCrypto"),
        .systemLibrary(name: "CSlirp", path: "Sources/CSlirp", pkgConfig: "slirp"),
        .target(name: "ImageFormats", dependencies: ["CMbedCrypto"], swiftSettings: strictSettings),
        .target(name: "XtensaISA", swiftSettings: strictSettings),
        .target(name: "CFloatingPoint", cSettings: [.unsafeFlags(["-Werror", "-frounding-math"])]),
        // The interpreter's hot loop: exclusivity checks on the core's stored properties cost more than the
        // instructions themselves, and the core never hands out overlapping accesses (it is single-threaded and
        // its state is private), so they are disabled for this target only.
        .target(
            name: "XtensaCore", dependencies: ["XtensaISA", "CFloatingPoint"],
            swiftSettings: strictSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "XtensaSim", dependencies: ["XtensaCore", "ImageFormats"], swiftSettings: strictSettings),
        .target(
            name: "ESP32", dependencies: ["XtensaCore", "ImageFormats", "CMbedCrypto"], swiftSettings: strictSettings),
        // The WebSocket protocol core: the same Swift files are compiled into the firmware (Embedded Swift).
        .target(name: "WebSocketCore", path: "Firmware/WebSocket/Core", swiftSettings: strictSettings),
        .target(name: "VirtualNetwork", dependencies: ["ESP32", "CSlirp"], swiftSettings: strictSettings),
        .target(
            name: "WebSocketServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings),
        .target(name: "Debugger", dependencies: ["XtensaCore"], swiftSettings: strictSettings),
        .target(
            name: "Harness", dependencies: ["ESP32", "VirtualNetwork", "ImageFormats", "XtensaCore", "Debugger"],
            swiftSettings: strictSettings),
        // The instruction tracer and the stepper run for every instruction; like the core, they are single-threaded
        // and hand out no overlapping accesses, so exclusivity checks (a large part of their cost) are off here.
        .target(
            name: "DebugConsole", dependencies: ["Harness", "ESP32", "XtensaCore", "XtensaISA", "ImageFormats"],
            swiftSettings: strictSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .executableTarget(
            name: "esp32emu",
            dependencies: [
                "ImageFormats", "XtensaSim", "ESP32", "VirtualNetwork", "Harness", "WebSocketServer", "DebugConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport", dependencies: ["ImageFormats", "XtensaISA", "XtensaSim", "VirtualNetwork"],
            path: "Tests/TestSupport",
            exclude: ["Servers"],  // Python test servers, run from the repository
            swiftSettings: strictSettings),
        .testTarget(
            name: "XtensaCoreTests", dependencies: ["XtensaCore", "XtensaISA", "XtensaSim", "TestSupport"],
            exclude: [], swiftSettings: strictSettings),
        .testTarget(
            name: "XtensaISATests", dependencies: ["XtensaISA", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "WebSocketServer"], swiftSettings: strictSettings),
        .testTarget(
            name: "ImageFormatsTests", dependencies: ["ImageFormats", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "ESP32Tests", dependencies: ["ESP32", "XtensaCore", "TestSupport", "CMbedCrypto"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "WebSocketCoreTests", dependencies: ["WebSocketCore", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "VirtualNetworkTests", dependencies: ["ESP32", "VirtualNetwork", "Harness", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "DebuggerTests", dependencies: ["Debugger", "XtensaCore", "XtensaSim", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "WebSocketServerTests", dependencies: ["WebSocketServer", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "FirmwareTests",
            dependencies: [
                "ImageFormats", "TestSupport", "XtensaSim", "Harness", "ESP32",
                "CMbedCrypto", "VirtualNetwork", "WebSocketServer", "DebugConsole", "XtensaISA",
            ],
            swiftSettings: strictSettings),
    ]
)
