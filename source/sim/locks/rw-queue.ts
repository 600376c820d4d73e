/**
 * The reader/writer core shared by the sleeping rwsem and the spinning rwlock: a FIFO
 * queue in which a reader arriving behind a waiting writer queues too (writer
 * preference, no starvation), and ownership is handed to waiters on release.
 */
import type {CacheLine} from '../cacheline.ts';
import {BLOCK, type Step, type Task} from '../engine.ts';
import type {LockMode} from '../events.ts';
import type {Kernel} from '../kernel.ts';

interface Waiter {
	readonly task: Task;
	readonly write: boolean;
}

export class RwQueueLock {
	/** Readers holding the lock. */
	readers = 0;
	/**
	 * When each task (by id) took the read side, -1 where it holds none: an array, not a
	 * Map keyed by task, because mmap_sem's read side is taken and dropped on every fault.
	 */
	private readonly readSince: number[] = [];
	writer: Task | null = null;
	writerSince = 0;
	readonly waiters: Waiter[] = [];

	constructor(
		readonly id: string,
		readonly line: CacheLine,
		/** Waiters sleep (rwsem, pay a wakeup) instead of spinning (rwlock). */
		readonly sleeps: boolean,
	) {}

	get idle(): boolean {
		return this.writer === null && this.readers === 0;
	}

	/** `task` holds the read side from `now` (a woken reader's own time replaces its grant's). */
	addReader(task: Task, now: number): void {
		const since = this.readSince;
		while (since.length <= task.id) since.push(-1);
		if (since[task.id]! < 0) this.readers++;
		since[task.id] = now;
	}

	/** Drops `task`'s read side: when it took it, or undefined if it held none. */
	removeReader(task: Task): number | undefined {
		const since = this.readSince[task.id] ?? -1;
		if (since < 0) return undefined;
		this.readSince[task.id] = -1;
		this.readers--;
		return since;
	}
}

/** Acquire for read or write; returns once the lock is held. */
export function* rwAcquire(k: Kernel, task: Task, lock: RwQueueLock, write: boolean, fn: string): Step {
	const t0 = k.now;
	const mode: LockMode = write ? 'write' : 'read';
	yield k.lines.rmw(lock.line, task.cpu, t0);
	const free = write ? lock.idle : lock.writer === null;
	if (free && lock.waiters.length === 0) {
		grant(lock, task, write, k.now);
	} else {
		k.emit({type: 'lock-contend', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode});
		lock.waiters.push({task, write});
		yield BLOCK;
		// Ownership was handed over by the releaser; pay the wakeup, then pull the line.
		if (lock.sleeps) yield k.params.wakeupNs;
		yield k.lines.rmw(lock.line, task.cpu, k.now);
		if (write) lock.writerSince = k.now;
		else lock.addReader(task, k.now);
	}
	k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode, waitNs: k.now - t0});
}

/** One attempt without waiting (`down_read_trylock`); true when the lock is now held. */
export function* rwTryAcquire(k: Kernel, task: Task, lock: RwQueueLock, write: boolean, fn: string): Step<boolean> {
	const t0 = k.now;
	yield k.lines.rmw(lock.line, task.cpu, t0);
	const free = write ? lock.idle : lock.writer === null && lock.waiters.length === 0;
	if (!free) return false;
	grant(lock, task, write, k.now);
	k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode: 'trylock', waitNs: k.now - t0});
	return true;
}

export function* rwRelease(k: Kernel, task: Task, lock: RwQueueLock, write: boolean, fn: string): Step {
	yield write && !lock.sleeps ? k.lines.store(lock.line, task.cpu, k.now) : k.lines.rmw(lock.line, task.cpu, k.now);
	let since: number | undefined;
	if (write) {
		if (lock.writer === task) {
			since = lock.writerSince;
			lock.writer = null;
		}
	} else {
		since = lock.removeReader(task);
	}
	if (since === undefined) {
		k.checker.badUnlock(task.cpu, lock.id, fn, write ? lock.writer?.cpu : undefined);
		return;
	}
	k.emit({type: 'lock-release', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode: write ? 'write' : 'read', holdNs: k.now - since});
	handOver(k, lock);
}

/** `downgrade_write`: the writer becomes a reader and readers queued at the head join it. */
export function* rwDowngrade(k: Kernel, task: Task, lock: RwQueueLock, fn: string): Step {
	yield k.lines.rmw(lock.line, task.cpu, k.now);
	if (lock.writer !== task) {
		k.checker.badUnlock(task.cpu, lock.id, fn, lock.writer?.cpu);
		return;
	}
	k.emit({type: 'lock-release', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode: 'write', holdNs: k.now - lock.writerSince});
	lock.writer = null;
	lock.addReader(task, k.now);
	k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: lock.id, mode: 'read', waitNs: 0});
	handOver(k, lock);
}

function grant(lock: RwQueueLock, task: Task, write: boolean, now: number): void {
	if (write) {
		lock.writer = task;
		lock.writerSince = now;
	} else {
		lock.addReader(task, now);
	}
}

/** Wakes the head writer if the lock is idle, or every reader at the head of the queue. */
function handOver(k: Kernel, lock: RwQueueLock): void {
	const waiters = lock.waiters;
	while (waiters.length > 0) {
		const head = waiters[0]!;
		if (head.write) {
			if (!lock.idle) return;
			waiters.shift();
			grant(lock, head.task, true, k.now);
			k.engine.wake(head.task);
			return;
		}
		if (lock.writer !== null) return;
		waiters.shift();
		grant(lock, head.task, false, k.now);
		k.engine.wake(head.task);
	}
}
