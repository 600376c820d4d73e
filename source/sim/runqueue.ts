/**
 * A CPU more than one thread is pinned to (an imported trace's threads, on the CPU numbers
 * the trace shows): one thread runs there at a time, the others wait their turn in order.
 * A thread holds the CPU for each step that enters the kernel or touches memory and gives it
 * up between steps; `think` and `barrier` wait off the CPU, since a trace's gaps are wall
 * time that already includes the time the real thread waited for its CPU. A deterministic,
 * non-preemptive stand-in for the scheduler: no time slices, no migration.
 */
import {BLOCK, type Step, type Task} from './engine.ts';
import type {Kernel} from './kernel.ts';

export class RunQueue {
	private owner: Task | null = null;
	private readonly waiting: Task[] = [];

	/** Takes the CPU for `task`, waiting behind whoever holds it (and its wakeup) if it is taken. */
	*get(k: Kernel, task: Task): Step {
		if (this.owner === null) {
			this.owner = task;
			return;
		}
		this.waiting.push(task);
		yield BLOCK;
		yield k.params.wakeupNs;
	}

	/** Gives the CPU to the next waiting thread, if any. */
	put(k: Kernel, task: Task): void {
		if (this.owner !== task) throw new Error(`runqueue: ${task.name} gives up a CPU ${this.owner?.name ?? 'nobody'} holds`);
		const next = this.waiting.shift() ?? null;
		this.owner = next;
		if (next !== null) k.engine.wake(next);
	}
}
