/**
 * `struct rw_semaphore` (`mmap_sem`, the per-VMA `vm_lock`): a sleeping reader/writer
 * lock whose count sits on one cache line, so even uncontended readers bounce it.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {RwQueueLock, rwAcquire, rwDowngrade, rwRelease, rwTryAcquire} from './rw-queue.ts';

export class RwSem extends RwQueueLock {
	constructor(k: Kernel, id: string) {
		super(id, k.line(id), true);
	}
}

export const downRead = (k: Kernel, task: Task, sem: RwSem, fn: string): Step => rwAcquire(k, task, sem, false, fn);
export const downReadTrylock = (k: Kernel, task: Task, sem: RwSem, fn: string): Step<boolean> => rwTryAcquire(k, task, sem, false, fn);
export const upRead = (k: Kernel, task: Task, sem: RwSem, fn: string): Step => rwRelease(k, task, sem, false, fn);
export const downWrite = (k: Kernel, task: Task, sem: RwSem, fn: string): Step => rwAcquire(k, task, sem, true, fn);
export const upWrite = (k: Kernel, task: Task, sem: RwSem, fn: string): Step => rwRelease(k, task, sem, true, fn);
export const downgradeWrite = (k: Kernel, task: Task, sem: RwSem, fn: string): Step => rwDowngrade(k, task, sem, fn);
