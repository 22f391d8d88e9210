// SPDX-License-Identifier: MIT
// The board console on the `sim` board (qemu-system-xtensa -M sim and `esp32emu run --machine sim`):
// semihosting calls through SIMCALL write to the host's stdout and end the run with an exit status.

@_extern(c, "fw_simcall") func fw_simcall(_ request: Int32, _ a3: Int32, _ a4: UnsafeRawPointer?, _ a5: Int) -> Int32

private enum SimcallRequest {
    static let exit: Int32 = 1
    static let write: Int32 = 4
}

private let stdoutDescriptor: Int32 = 1

@c public func fw_console_write(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
    _ = fw_simcall(SimcallRequest.write, stdoutDescriptor, bytes, count)
}

/// The sim board's console takes no input: -1, end of file.
@c public func fw_console_read(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int { -1 }

@c public func fw_board_halt(_ status: Int32) -> Never {
    _ = fw_simcall(SimcallRequest.exit, status, nil, 0)
    while true {}  // not reached: the simulator ends the run
}
