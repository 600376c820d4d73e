/** A `pthread_barrier_t` among a process's threads: the last to arrive wakes the others. */
import {BLOCK, type Step, type Task} from './engine.ts';
import type {Kernel} from './kernel.ts';

export class Barrier {
	private readonly waiting: Task[] = [];

	constructor(private readonly parties: number) {}

	*wait(k: Kernel, task: Task): Step {
		if (this.waiting.length + 1 >= this.parties) {
			for (const t of this.waiting.splice(0)) k.engine.wake(t);
			return;
		}
		this.waiting.push(task);
		yield BLOCK;
		yield k.params.wakeupNs;
	}
}
