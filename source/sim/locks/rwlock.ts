/**
 * `rwlock_t` (SPF v9-v11's `mm_rb_lock`): a queued spinning reader/writer lock.
 * `read_lock` is still an atomic on one shared line, which is the whole objection to it.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {RwQueueLock, rwAcquire, rwRelease} from './rw-queue.ts';

export class RwLock extends RwQueueLock {
	constructor(k: Kernel, id: string) {
		super(id, k.line(id), false);
	}
}

export const readLock = (k: Kernel, task: Task, lock: RwLock, fn: string): Step => rwAcquire(k, task, lock, false, fn);
export const readUnlock = (k: Kernel, task: Task, lock: RwLock, fn: string): Step => rwRelease(k, task, lock, false, fn);
export const writeLock = (k: Kernel, task: Task, lock: RwLock, fn: string): Step => rwAcquire(k, task, lock, true, fn);
export const writeUnlock = (k: Kernel, task: Task, lock: RwLock, fn: string): Step => rwRelease(k, task, lock, true, fn);
