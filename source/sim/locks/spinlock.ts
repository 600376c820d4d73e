/**
 * Queued spinlock (`spinlock_t`: the split PTL and `mm->page_table_lock`). Waiters spin
 * in FIFO order (MCS); on unlock the next waiter pulls the line and owns the lock. The
 * time a CPU spins is counted in the acquisition event's `waitNs`.
 */
import type {CacheLine} from '../cacheline.ts';
import {BLOCK, type Step, type Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';

export class SpinLock {
	readonly line: CacheLine;
	holder: Task | null = null;
	since = 0;
	readonly queue: Task[] = [];

	constructor(
		k: Kernel,
		readonly id: string,
		/** A page-table lock: acquisitions are reported as `ptl-acquire`. */
		readonly isPtl: boolean,
	) {
		this.line = k.line(id);
	}
}

/** `spin_lock`: returns with the lock held. */
export function* spinLock(k: Kernel, task: Task, lock: SpinLock, fn: string): Step {
	const t0 = k.now;
	yield k.lines.rmw(lock.line, task.cpu, t0);
	if (lock.holder === null) {
		lock.holder = task;
	} else {
		k.emit({type: 'lock-contend', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode: 'spin'});
		lock.queue.push(task);
		yield BLOCK;
		yield k.lines.rmw(lock.line, task.cpu, k.now);
	}
	lock.since = k.now;
	acquired(k, task, lock, fn, 'spin', k.now - t0);
}

/** `spin_trylock`: one atomic; true when the lock is now held. */
export function* spinTrylock(k: Kernel, task: Task, lock: SpinLock, fn: string): Step<boolean> {
	const t0 = k.now;
	yield k.lines.rmw(lock.line, task.cpu, t0);
	if (lock.holder !== null) return false;
	lock.holder = task;
	lock.since = k.now;
	acquired(k, task, lock, fn, 'trylock', k.now - t0);
	return true;
}

/** `spin_unlock`: a release store, then the lock passes to the first spinner. */
export function* spinUnlock(k: Kernel, task: Task, lock: SpinLock, fn: string): Step {
	yield k.lines.store(lock.line, task.cpu, k.now);
	if (lock.holder !== task) {
		k.checker.badUnlock(task.cpu, lock.id, fn, lock.holder?.cpu);
		return;
	}
	k.emit({type: 'lock-release', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode: 'spin', holdNs: k.now - lock.since});
	const next = lock.queue.shift();
	lock.holder = next ?? null;
	if (next) k.engine.wake(next);
}

function acquired(k: Kernel, task: Task, lock: SpinLock, fn: string, mode: 'spin' | 'trylock', waitNs: number): void {
	if (lock.isPtl) k.emit({type: 'ptl-acquire', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode, waitNs});
	else k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode, waitNs});
}
