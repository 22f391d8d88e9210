// SPDX-License-Identifier: MIT
import XtensaCore

/// The firmware kernel's tasks, read from guest memory through the record the kernel publishes
/// (`fw_kernel_debug_info`, Firmware/Kernel/DebugInfo.swift lists its words in this order).
public struct KernelTasks {
    public struct Task: Equatable, Sendable {
        public let controlBlock: UInt32
        public let name: String
        /// running, ready, blocked, suspended or deleted.
        public let state: String
        public let priority: UInt32
        public let stackBase: UInt32
        public let stackSize: UInt32
        /// The stack pointer now (the CPU's for the running task, the saved frame's for the others).
        public let stackPointer: UInt32
        /// The most stack the task has used (its stack's fill pattern was overwritten that far).
        public let peakStackUse: UInt32
        /// Where the task resumes (the saved frame's PC; the CPU's for the running task).
        public let pc: UInt32
        /// a0 where the task resumes: the return address of the function it is in.
        public let returnAddress: UInt32
        /// Ticks until a delayed task wakes.
        public let wakesInTicks: UInt64?
    }

    public enum ReadError: Error, CustomStringConvertible {
        case noRecord, notStarted, unreadable(UInt32), tooManyTasks

        public var description: String {
            switch self {
            case .noRecord: "the firmware has no kernel task record (fw_kernel_debug_info): it does not use the kernel"
            case .notStarted: "the kernel has not started yet (its task record is still empty)"
            case .unreadable(let address): "cannot read the kernel's task data at 0x\(String(address, radix: 16))"
            case .tooManyTasks: "the kernel's task list does not end (corrupted?)"
            }
        }
    }

    private enum Word: Int {
        case magic = 0, version, wordCount, allTasksHead, currentTask, tick, nextTaskOffset, nameOffset, stateOffset
        case priorityOffset, stackOffset, stackSizeOffset, frameOffset, coreOffset, wakeTickOffset, framePCSlot
        case frameStackPointerSlot, stackFill, controlBlockSize, frameReturnAddressSlot
    }

    private static let magic: UInt32 = 0x4742_444B
    private static let states = ["ready", "blocked", "suspended", "deleted"]

    /// The task's call chain: the CPU's for the running task, from its saved frame and stack for the others.
    public static func backtrace(of task: Task, core: Core, limit: Int = 64) -> Backtrace {
        task.state == "running"
            ? Backtrace(core: core, limit: limit)
            : Backtrace(
                pc: task.pc, returnAddress: task.returnAddress, stackPointer: task.stackPointer,
                memory: core.addressSpace, limit: limit)
    }

    /// Reads the task list. `core` is the CPU running tasks (its registers describe the running task).
    public static func read(recordAddress: UInt32?, core: Core) throws(ReadError) -> [Task] {
        guard let recordAddress else { throw .noRecord }
        let memory = core.addressSpace
        func word(_ address: UInt32) throws(ReadError) -> UInt32 {
            guard let bytes = memory.peek(address, count: 4) else { throw .unreadable(address) }
            return bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
        }
        func record(_ index: Word) throws(ReadError) -> UInt32 { try word(recordAddress + UInt32(index.rawValue) * 4) }
        guard try record(.magic) == magic else { throw .notStarted }
        let current = try word(try record(.currentTask))
        let tickAddress = try record(.tick)
        let tick = UInt64(try word(tickAddress)) | UInt64(try word(tickAddress + 4)) << 32
        let fill = UInt8(truncatingIfNeeded: try record(.stackFill))
        var tasks: [Task] = []
        var cursor = try word(try record(.allTasksHead))
        while cursor != 0 {
            guard tasks.count < 256 else { throw .tooManyTasks }
            func field(_ offset: Word) throws(ReadError) -> UInt32 { try word(cursor + (try record(offset))) }
            let nameBytes = memory.peek(cursor + (try record(.nameOffset)), count: 16) ?? []
            let stateByte = Int(try field(.stateOffset) & 0xFF)
            let isRunning = cursor == current
            let stack = try field(.stackOffset)
            let size = try field(.stackSizeOffset)
            let frame = try field(.frameOffset)
            let savedSP = frame == 0 ? 0 : try word(frame + 4 * (try record(.frameStackPointerSlot)))
            let savedPC = frame == 0 ? 0 : try word(frame + 4 * (try record(.framePCSlot)))
            let savedA0 = frame == 0 ? 0 : try word(frame + 4 * (try record(.frameReturnAddressSlot)))
            let untouched = (memory.peek(stack, count: Int(size)) ?? []).prefix { $0 == fill }.count
            let wakeTickAddress = cursor + (try record(.wakeTickOffset))
            let wakeTick = UInt64(try word(wakeTickAddress)) | UInt64(try word(wakeTickAddress + 4)) << 32
            let state = isRunning ? "running" : stateByte < states.count ? states[stateByte] : "state \(stateByte)"
            tasks.append(
                Task(
                    controlBlock: cursor,
                    name: String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self),
                    state: state, priority: try field(.priorityOffset), stackBase: stack, stackSize: size,
                    stackPointer: isRunning ? core.register(1) : savedSP,
                    peakStackUse: size - UInt32(untouched),
                    pc: isRunning ? core.pc : savedPC, returnAddress: isRunning ? core.register(0) : savedA0,
                    wakesInTicks: state == "blocked" && wakeTick > tick && wakeTick - tick < 1 << 32
                        ? wakeTick - tick : nil))
            cursor = try word(cursor + (try record(.nextTaskOffset)))
        }
        return tasks
    }
}
