package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * When the client journal ({@link AckOptions#withJournal}) forces a frame to the storage device
 * before the write returns. Both modes hand every frame to the operating system (a {@code write}
 * system call) before {@link YomoClient#write} returns and before the frame goes on the wire; they
 * differ in what survives besides a process kill.
 */
@PublicEvolving
public enum JournalSync {

    /**
     * The operating system's page cache holds the frame; no fsync. Survives a kill of the process
     * (SIGKILL, an out-of-memory kill, a JVM crash) and an orderly reboot (the kernel writes dirty
     * pages back before it stops), not a power cut or a kernel crash: the frames of the last few
     * seconds may then be lost, and the journal's tail may be torn (ignored when read) or, on some
     * file systems, hold a damaged block (refused when read). Costs a system call per frame.
     */
    OS_BUFFERED,

    /**
     * Each frame is forced to the device ({@code FileChannel.force(false)}, fdatasync) before the
     * write returns: also survives a power cut, as far as the device honours the flush. Costs one
     * device flush per frame, which limits a device to some hundreds of frames per second on flash
     * storage.
     */
    EVERY_WRITE
}
