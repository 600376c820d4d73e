/**
 * `atomic_t` reference count (`vma->refcnt`, `vm_ref_count`). Every get and put is an
 * atomic RMW on the VMA's line: on one VMA shared by every CPU it bounces like a lock, so
 * a fault's get is reported as an acquisition (mode `ref`, its wait the line transfer) and
 * its put as the release. Puts without a matching get (the base reference) report nothing.
 */
import type {CacheLine} from '../cacheline.ts';
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';

export class RefCount {
	readonly line: CacheLine;
	/** Tasks holding a reference they took, with the time they took it. */
	readonly holders = new Map<Task, number>();

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
	const t0 = k.now;
	yield k.lines.rmw(r.line, task.cpu, t0);
	if (r.count === 0) return false;
	r.count++;
	got(k, task, r, 'atomic_inc_not_zero', t0);
	return true;
}

/** `atomic_inc`. */
export function* atomicInc(k: Kernel, task: Task, r: RefCount): Step {
	const t0 = k.now;
	yield k.lines.rmw(r.line, task.cpu, t0);
	r.count++;
	got(k, task, r, 'atomic_inc', t0);
}

/** `atomic_dec_return`: the count after the decrement. */
export function* atomicDecReturn(k: Kernel, task: Task, r: RefCount): Step<number> {
	yield k.lines.rmw(r.line, task.cpu, k.now);
	const since = r.holders.get(task);
	if (since !== undefined) {
		r.holders.delete(task);
		k.emit({type: 'lock-release', t: k.now, cpu: task.cpu, fn: 'atomic_dec_return', lock: r.id, mode: 'ref', holdNs: k.now - since});
	}
	return --r.count;
}

/** `atomic_read`. */
export function* atomicRead(k: Kernel, task: Task, r: RefCount): Step<number> {
	yield k.lines.load(r.line, task.cpu, k.now);
	return r.count;
}

function got(k: Kernel, task: Task, r: RefCount, fn: string, t0: number): void {
	r.holders.set(task, k.now);
	k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: r.id, mode: 'ref', waitNs: k.now - t0});
}
