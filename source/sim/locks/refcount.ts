/**
 * `atomic_t` reference count (`vma->refcnt`, `vm_ref_count`). Every get and put is an
 * atomic RMW on the VMA's line: on one VMA shared by every CPU it bounces like a lock.
 */
import type {CacheLine} from '../cacheline.ts';
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';

export class RefCount {
	readonly line: CacheLine;

	constructor(
		k: Kernel,
		readonly id: string,
		public count: number,
	) {
		this.line = k.line(id);
	}
}

/** `atomic_inc_not_zero`: false when the object is already dying. */
export function* atomicIncNotZero(k: Kernel, task: Task, r: RefCount): Step<boolean> {
	yield k.lines.rmw(r.line, task.cpu, k.now);
	if (r.count === 0) return false;
	r.count++;
	return true;
}

/** `atomic_inc`. */
export function* atomicInc(k: Kernel, task: Task, r: RefCount): Step {
	yield k.lines.rmw(r.line, task.cpu, k.now);
	r.count++;
}

/** `atomic_dec_return`: the count after the decrement. */
export function* atomicDecReturn(k: Kernel, task: Task, r: RefCount): Step<number> {
	yield k.lines.rmw(r.line, task.cpu, k.now);
	return --r.count;
}

/** `atomic_read`. */
export function* atomicRead(k: Kernel, task: Task, r: RefCount): Step<number> {
	yield k.lines.load(r.line, task.cpu, k.now);
	return r.count;
}
