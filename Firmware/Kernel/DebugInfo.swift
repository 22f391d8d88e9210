// SPDX-License-Identifier: MIT
// Publishes where a debugger finds the kernel's tasks: the words of `fw_kernel_debug_info` (debug_info.c).
// The emulator's debugger (Sources/DebugConsole/KernelTasks.swift) reads them in this order.

@_extern(c, "fw_kernel_debug_record") func kernelDebugRecord() -> UnsafeMutablePointer<UInt32>

/// The record's words.
enum DebugInfoWord: Int {
    case magic = 0, version, wordCount
    /// Address of the all-tasks list's first-task pointer, and of the running task pointer.
    case allTasksHead, currentTask
    /// Address of the tick counter (64-bit).
    case tick
    /// Offsets in a task control block.
    case nextTaskOffset, nameOffset, stateOffset, priorityOffset, stackOffset, stackSizeOffset, frameOffset
    case coreOffset, wakeTickOffset
    /// Saved-frame slots (interrupt_frame.h) of the PC and the stack pointer, the stack fill byte, the control
    /// block's size, and the frame slot of a0 (the interrupted function's return address).
    case framePCSlot, frameStackPointerSlot, stackFill, controlBlockSize, frameReturnAddressSlot
}

/// "KDBG", little-endian: the record is filled in.
let debugInfoMagic: UInt32 = 0x4742_444B

func publishDebugInfo() {
    let record = kernelDebugRecord()
    func set(_ word: DebugInfoWord, _ value: UInt32) { record[word.rawValue] = value }
    func address(_ pointer: UnsafeMutableRawPointer) -> UInt32 { UInt32(UInt(bitPattern: pointer)) }
    set(.version, 1)
    set(.wordCount, UInt32(DebugInfoWord.frameReturnAddressSlot.rawValue + 1))
    set(.allTasksHead, address(&Kernel.allTasks.pointee.head))
    set(.currentTask, address(&Kernel.current))
    set(.tick, address(&Kernel.tick))
    // Offsets from a control block in memory (a pointer's pointee fields have real addresses).
    var probe = TaskControlBlock(stackSize: 0, priority: 0, basePriority: 0, coreID: 0)
    withUnsafeMutablePointer(to: &probe) { task in
        let base = address(task)
        set(.nextTaskOffset, address(&task.pointee.links.2.next) - base)
        set(.nameOffset, address(&task.pointee.name) - base)
        set(.stateOffset, address(&task.pointee.state) - base)
        set(.priorityOffset, address(&task.pointee.priority) - base)
        set(.stackOffset, address(&task.pointee.stack) - base)
        set(.stackSizeOffset, address(&task.pointee.stackSize) - base)
        set(.frameOffset, address(&task.pointee.frame) - base)
        set(.coreOffset, address(&task.pointee.coreID) - base)
        set(.wakeTickOffset, address(&task.pointee.wakeTick) - base)
    }
    set(.framePCSlot, UInt32(Frame.pc))
    set(.frameStackPointerSlot, UInt32(Frame.a1))
    set(.stackFill, UInt32(KernelConfig.stackCanary))
    set(.controlBlockSize, UInt32(MemoryLayout<TaskControlBlock>.stride))
    set(.frameReturnAddressSlot, UInt32(Frame.a0))
    set(.magic, debugInfoMagic)
}
