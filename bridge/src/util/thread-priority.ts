import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lower the calling thread's scheduling priority by `by` nice steps. On Linux each thread has
 * its own nice value, set through its thread id (from /proc/thread-self). Bulk work on worker
 * threads (the sync's parser, the SQLite write thread) keeps both cores of a small machine busy;
 * at a lower priority it hands the CPU to the event loop as soon as a webhook or a socket
 * message wakes it, instead of the popup waiting for its time slice. Elsewhere a no-op.
 */
export function lowerThreadPriority(by = 10): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    setPriority(tid, Math.min(19, getPriority(tid) + by));
  } catch {
    // Not Linux, or no /proc: the thread keeps the event loop's priority.
  }
}
