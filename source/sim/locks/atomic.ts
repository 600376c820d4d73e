/**
 * `atomic_long_t` counter shared by many CPUs (`page_counter->usage`). Each update is one
 * atomic RMW on the counter's line: a CPU that does not own the line pays the transfer, and
 * updates from many CPUs are serialised by the line model. An update is reported as an
 * acquisition (mode `atomic`, its wait the RMW's duration) so the heatmap, the summary's
 * lock-wait shares and recordings show a hot counter as they show a hot lock.
 */
import type {CacheLine} from '../cacheline.ts';
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';

export class AtomicLong {
	readonly line: CacheLine;
	value = 0;

	constructor(
		k: Kernel,
		readonly id: string,
	) {
		this.line = k.line(id);
	}
}

/** `atomic_long_add_return` (a negative `n` is `atomic_long_sub_return`): the new value. */
export function* atomicLongAddReturn(k: Kernel, task: Task, a: AtomicLong, n: number, fn: string): Step<number> {
	const t0 = k.now;
	yield k.lines.rmw(a.line, task.cpu, t0);
	a.value += n;
	k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: a.id, mode: 'atomic', waitNs: k.now - t0});
	return a.value;
}
