# Runs on the sim board so it can run on qemu-system-xtensa as well as on our emulator.
BOARD := sim
