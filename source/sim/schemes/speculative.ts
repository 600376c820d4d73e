/**
 * What every scheme that faults without `mmap_sem` shares: the `spec-abort` event, the
 * fallback to the classic path, and marking a fault as completed speculatively.
 */
import type {Step, Task} from '../engine.ts';
import {FAULT_FLAG_ALLOW_RETRY, FAULT_FLAG_WRITE, VM_FAULT_RETRY, type Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {type SpinLock, spinTrylock} from '../locks/spinlock.ts';
import {doUserAddrFault as classicFault} from './mmap-sem.ts';

/**
 * A failed check on the speculative path: emits `spec-abort` with the reason and the
 * kernel function that failed it, and returns VM_FAULT_RETRY (the caller falls back).
 */
export function specAbort(k: Kernel, vmf: Vmf, reason: string, fn: string): number {
	k.emit({type: 'spec-abort', t: k.now, cpu: vmf.task.cpu, fn, addr: vmf.addr, reason});
	return VM_FAULT_RETRY;
}

/**
 * The speculative attempt returned VM_FAULT_RETRY: retry on the classic path under
 * `mmap_sem` (`lock_mmap:` / `retry:` in `do_user_addr_fault`), with a fresh vmf state.
 * The fault ends with path `fallback`. Enter and return with nothing held.
 */
export function fallbackToMmapSem(k: Kernel, vmf: Vmf): Step<number> {
	vmf.flags = (vmf.flags & FAULT_FLAG_WRITE) | FAULT_FLAG_ALLOW_RETRY;
	vmf.vma = null;
	vmf.table = null;
	vmf.origPte = 0;
	vmf.sequence = 0;
	vmf.kind = 'none';
	vmf.releaseForIo = null;
	vmf.path = 'fallback';
	return classicFault(k, vmf);
}

/** True when the attempt handled the fault (anything but VM_FAULT_RETRY); marks it speculative. */
export function completed(vmf: Vmf, fault: number): boolean {
	if (fault & VM_FAULT_RETRY) return false;
	vmf.path = 'speculative';
	return true;
}

/**
 * `spin_trylock` the way `queued_spin_trylock` (and the ticket lock before it) does it:
 * read the lock word and give up if it is held, so a trylock loop spins on a shared copy
 * of the line instead of pulling it away from the holder; one cmpxchg when it looks free.
 */
export function* spinTrylockReadFirst(k: Kernel, task: Task, lock: SpinLock, fn: string): Step<boolean> {
	yield k.lines.load(lock.line, task.cpu, k.now);
	if (lock.holder !== null) return false;
	return yield* spinTrylock(k, task, lock, fn);
}
