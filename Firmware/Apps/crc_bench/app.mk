# The CPU benchmark of toolchain-notes.md: runs on the sim board so QEMU can run the same ELF.
BOARD := sim
