/**
 * The discrete-event engine: simulated threads are generators that yield how many
 * nanoseconds their next step takes, or `BLOCK` to sleep until something wakes them.
 * Everything runs in one heap ordered by (time, insertion order), so a run is a pure
 * function of its inputs. Nothing here knows about memory management.
 */
import {EventHeap} from './heap.ts';

/** Yielded by a task that has queued itself somewhere and must be woken. */
export const BLOCK = -1;

/** A simulated step: yields delays in ns (or BLOCK) and returns R. */
export type Step<R = void> = Generator<number, R, void>;

/**
 * A thread's program. Besides delays it may yield a kernel `Step` (a fault, a syscall):
 * the engine then resumes that step directly until it returns and hands its result back.
 * A kernel path is ten `yield*` frames deep, and every resume passes through each frame,
 * so not stacking the program interpreter's frames on top of it halves a resume's cost.
 */
export type UserStep<R = void> = Generator<number | Step<unknown>, R, unknown>;

/** Enters the kernel from a thread's program and returns what the kernel step returned. */
export function* enter<R>(step: Step<R>): UserStep<R> {
	return (yield step) as R;
}

export class Task {
	/** Set while the task waits for a wake() instead of a timer. */
	blocked = false;
	done = false;
	/** The kernel step the program entered and the engine is running, if any. */
	kernel: Step<unknown> | null = null;

	constructor(
		readonly id: number,
		/** CPU the task is pinned to. */
		readonly cpu: number,
		readonly name: string,
		readonly body: UserStep,
	) {}
}

type Timer = () => void;

export class Engine {
	now = 0;
	private readonly heap = new EventHeap<Task | Timer>();
	private nextTaskId = 0;
	/**
	 * Interrupt time owed by each CPU (IPIs, grace-period work): charged to whatever the
	 * CPU runs next, so an interrupt delays the interrupted thread as on real hardware.
	 */
	readonly stolenNs: Float64Array;

	constructor(cpus: number) {
		this.stolenNs = new Float64Array(cpus);
	}

	/** Starts a task at `at` (default now). */
	spawn(cpu: number, name: string, body: UserStep, at = this.now): Task {
		const task = new Task(this.nextTaskId++, cpu, name, body);
		this.heap.push(at, task);
		return task;
	}

	/** Resumes a task that yielded BLOCK, at time `at` (default now). */
	wake(task: Task, at = this.now): void {
		if (!task.blocked) throw new Error(`wake of task ${task.name} that is not blocked`);
		task.blocked = false;
		// A sleeping CPU handled its interrupts while idle: nothing is owed.
		this.stolenNs[task.cpu] = 0;
		this.heap.push(at, task);
	}

	/** Runs `fn` at time `at`. */
	timer(at: number, fn: Timer): void {
		this.heap.push(at, fn);
	}

	/** Earliest pending time, or Infinity. */
	nextTime(): number {
		return this.heap.peekTime();
	}

	/**
	 * Runs every entry due at or before `untilNs`. When `stop()` turns true it still
	 * finishes the current nanosecond, so where a run pauses never changes what follows.
	 */
	run(untilNs: number, stop: () => boolean): void {
		const heap = this.heap;
		while (heap.size > 0) {
			const t = heap.peekTime();
			if (t > untilNs) break;
			if (t > this.now && stop()) break;
			this.now = t;
			const item = heap.pop();
			if (typeof item === 'function') item();
			else this.resume(item);
		}
	}

	private resume(task: Task): void {
		const stolen = this.stolenNs[task.cpu]!;
		if (stolen > 0) {
			this.stolenNs[task.cpu] = 0;
			this.heap.push(this.now + stolen, task);
			return;
		}
		let r: IteratorResult<number | Step<unknown>, void>;
		const kernel = task.kernel;
		if (kernel === null) {
			r = task.body.next();
		} else {
			const k = kernel.next();
			if (!k.done) return this.after(task, k.value);
			task.kernel = null;
			r = task.body.next(k.value);
		}
		for (;;) {
			if (r.done) {
				task.done = true;
				return;
			}
			const v = r.value;
			if (typeof v === 'number') return this.after(task, v);
			// The program entered the kernel: run the step to its first delay.
			const k = v.next();
			if (!k.done) {
				task.kernel = v;
				return this.after(task, k.value);
			}
			r = task.body.next(k.value);
		}
	}

	/** Schedules a task that yielded `d`: a delay, or BLOCK. */
	private after(task: Task, d: number): void {
		if (d >= 0) this.heap.push(this.now + d, task);
		else task.blocked = true;
	}
}
