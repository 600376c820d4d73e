/**
 * The discrete-event engine: simulated threads are generators that yield how many
 * nanoseconds their next step takes, or `BLOCK` to sleep until something wakes them.
 * Everything runs in one heap ordered by (time, insertion order), so a run is a pure
 * function of its inputs. Nothing here knows about memory management.
 */
import {accessSite} from './access-site.ts';
import {EventHeap} from './heap.ts';

/** Yielded by a task that has queued itself somewhere and must be woken. */
export const BLOCK = -1;

/**
 * A simulated step: yields delays in ns (or BLOCK) and returns R. It may also yield
 * another step (see `call`), which the engine runs as a frame of its own.
 */
export type Step<R = void> = Generator<number | Step<unknown>, R, unknown>;

// A kernel function that only hands over to another step at its end is a plain function
// returning that step (`pte_unmap_unlock` returns `spin_unlock`'s): no generator of its own
// to create, and one `yield*` level less on every resume of the step it returns.

/** The step that takes no time and does nothing, for such a function with nothing to do. */
export function* nothing(): Step {}

/**
 * Runs `step` as a frame of its own and returns its result: `yield* call(step)`. Every
 * resume of a generator passes through each `yield*` frame above it, and a fault path is
 * ten frames deep; `call` at the boundaries between a fault's stages (kernel entry, the
 * VMA lookup, the page-table walk, the PTE handler, `pte_map_lock`) keeps resumes short
 * without changing what happens when.
 */
export function call<R>(step: Step<R>): Iterable<number | Step<unknown>, R, unknown> {
	return new Call(step);
}

/**
 * The iterator `yield*` walks for `call`: it yields the step to the engine once, which runs
 * it as a frame, and then returns what the engine resumes it with. A small object, not a
 * generator, because a fault makes a call at every kernel boundary; it is its own iterator
 * result too (`yield*` reads only `value` and `done`), so a call allocates one object, not three.
 */
class Call<R> implements Iterator<number | Step<unknown>, R, unknown> {
	value: unknown;
	done = false;
	/** True once the step has been handed to the engine. */
	private yielded = false;

	constructor(step: Step<R>) {
		this.value = step;
	}

	next(result?: unknown): IteratorResult<number | Step<unknown>, R> {
		if (!this.yielded) {
			this.yielded = true;
			return this as IteratorYieldResult<Step<unknown>>;
		}
		this.value = result;
		this.done = true;
		return this as IteratorReturnResult<R>;
	}

	[Symbol.iterator](): this {
		return this;
	}
}

export class Task {
	/** Set while the task waits for a wake() instead of a timer. */
	blocked = false;
	done = false;
	/** Frames entered with `call`, innermost last; the body is the first. */
	readonly frames: Step<unknown>[];

	constructor(
		readonly id: number,
		/** CPU the task is pinned to. */
		readonly cpu: number,
		readonly name: string,
		body: Step,
	) {
		this.frames = [body];
	}
}

type Timer = () => void;

/** What an explored schedule (schedule.ts) sees of the run: every shared-state access. */
export interface ScheduleHook {
	/** `cpu` made its next shared-state access, at code site `site`; returns the extra ns it stalls after it. */
	access(cpu: number, site: number): number;
	/** `cpu` enabled interrupts: the stall it was owed meanwhile, taken now. */
	irqsEnabled(cpu: number): number;
}

/**
 * `%GeneratorPrototype%.next`, called directly: every frame is a generator of a different
 * function, so `frame.next` would be a megamorphic property load on each resume.
 */
const generatorNext = Object.getPrototypeOf(nothing()).next as (this: Step<unknown>, value?: unknown) => IteratorResult<number | Step<unknown>, unknown>;

export class Engine {
	now = 0;
	private readonly heap = new EventHeap<Task | Timer>();
	private nextTaskId = 0;
	/**
	 * Interrupt time owed by each CPU (IPIs, grace-period work): charged to whatever the
	 * CPU runs next, so an interrupt delays the interrupted thread as on real hardware.
	 */
	readonly stolenNs: Float64Array;
	/** Waits tasks have yielded so far: the engine's unit of work, counted for the benchmark. */
	waits = 0;
	/** Generator resumes (`next` calls) so far, counted for the benchmark. */
	resumes = 0;
	/** Set only by `explore` and `--schedule`: null in an ordinary run, which stays unchanged. */
	schedule: ScheduleHook | null = null;
	/** When each CPU's explored stall ends; null until a schedule stalls one. */
	private awayUntil: Float64Array | null = null;
	/** Code sites of shared-state accesses (access-site.ts), numbered as first seen. */
	readonly siteNames: string[] = [];
	private readonly siteIds = new Map<string, number>();

	constructor(cpus: number) {
		this.stolenNs = new Float64Array(cpus);
	}

	/** Starts a task at `at` (default now). */
	spawn(cpu: number, name: string, body: Step, at = this.now): Task {
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

	/** The number of the code site of the line or lock named `name`, made when first asked. */
	site(name: string): number {
		const site = accessSite(name);
		let id = this.siteIds.get(site);
		if (id === undefined) {
			id = this.siteNames.push(site) - 1;
			this.siteIds.set(site, id);
		}
		return id;
	}

	/**
	 * A shared-state access by `cpu` at code site `site` (cache-line transfer, lock word, RCU
	 * read side): the extra ns an explored schedule stalls the CPU after it, 0 without one.
	 */
	access(cpu: number, site: number): number {
		return this.schedule === null ? 0 : this.away(cpu, this.schedule.access(cpu, site));
	}

	/** `cpu` enabled interrupts: the stall an explored schedule held for it meanwhile, owed now. */
	irqsEnabled(cpu: number): void {
		if (this.schedule !== null) this.stolenNs[cpu]! += this.away(cpu, this.schedule.irqsEnabled(cpu));
	}

	/** True while `cpu` is away on an explored stall: an interrupt is taken there, not owed after it. */
	isAway(cpu: number): boolean {
		return this.awayUntil !== null && this.now < this.awayUntil[cpu]!;
	}

	private away(cpu: number, ns: number): number {
		if (ns > 0) (this.awayUntil ??= new Float64Array(this.stolenNs.length))[cpu] = this.now + ns;
		return ns;
	}

	/** Heap pushes, pops and replacements so far, counted for the benchmark. */
	get heapOps(): number {
		return this.heap.ops;
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
			const item = heap.peek();
			if (typeof item === 'function') {
				heap.pop();
				item();
			} else this.resume(item, untilNs, stop);
		}
	}

	/**
	 * Steps the task at the top of the heap until it waits, blocks or ends. It stays at the
	 * top while it runs (anything it schedules is due at `now` or later, with a later
	 * sequence number) and goes back with `replaceTop`: one sift where pop and push took two.
	 */
	private resume(task: Task, untilNs: number, stop: () => boolean): void {
		const heap = this.heap;
		const stolen = this.stolenNs[task.cpu]!;
		if (stolen > 0) {
			this.stolenNs[task.cpu] = 0;
			heap.replaceTop(this.now + stolen, task);
			return;
		}
		const frames = task.frames;
		let frame = frames[frames.length - 1]!;
		this.resumes++;
		let r = generatorNext.call(frame);
		for (;;) {
			if (r.done) {
				frames.pop();
				if (frames.length === 0) {
					task.done = true;
					heap.pop();
					return;
				}
				frame = frames[frames.length - 1]!;
				this.resumes++;
				r = generatorNext.call(frame, r.value);
				continue;
			}
			const v = r.value;
			if (typeof v !== 'number') {
				frames.push(v);
				frame = v;
				this.resumes++;
				r = generatorNext.call(v);
				continue;
			}
			if (v < 0) {
				task.blocked = true;
				heap.pop();
				return;
			}
			this.waits++;
			const t = this.now + v;
			// Nothing else is due by then, so the heap would hand this task back next: run it
			// on in place (same order, same times; `run`'s checks still apply).
			if (t < heap.peekNextTime() && t <= untilNs && this.stolenNs[task.cpu] === 0 && (t === this.now || !stop())) {
				this.now = t;
				this.resumes++;
				r = generatorNext.call(frame);
				continue;
			}
			heap.replaceTop(t, task);
			return;
		}
	}
}
