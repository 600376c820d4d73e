/**
 * A user thread pinned to one CPU, running its scenario program: mmap, touch, munmap,
 * mprotect, madvise, think, barrier and loops. Between pages and steps it takes the
 * injections queued for it, so keyboard actions happen inside the simulation, at a
 * deterministic point. Threads pinned to one CPU take turns on it (runqueue.ts).
 */
import type {Barrier} from './barrier.ts';
import type {FaultRun, Step as ProgramStep, StepPart} from './config.ts';
import {BLOCK, call, type Step, type Task} from './engine.ts';
import {userFault} from './fault/user-fault.ts';
import type {Kernel} from './kernel.ts';
import {doMadviseDontneed} from './mm/madvise.ts';
import type {Mm, Region} from './mm/mm.ts';
import {doMmap, pageAlign} from './mm/mmap.ts';
import {doMprotect} from './mm/mprotect.ts';
import {doMunmap} from './mm/munmap.ts';
import {pteIndex} from './mm/pgtable.ts';
import {Permutation} from './permutation.ts';
import {PAGE_SIZE, PTE_PRESENT, PTE_WRITE} from './mm/pte.ts';
import type {RunQueue} from './runqueue.ts';
import {type FileObject, protToFlags, VM_SHARED, VM_WRITE, type Vma} from './mm/vma.ts';

/** Work queued for a thread by an injection. */
export type ThreadWork =
	| {readonly kind: 'mmap'; readonly size: number; readonly flags: number; readonly file: FileObject | null}
	| {readonly kind: 'munmap'; readonly vma: number}
	| {readonly kind: 'mprotect'; readonly vma: number}
	| {readonly kind: 'fault-storm'; readonly vma: number; readonly until: number};

/** User-space time is batched into one yield of at most this much. */
const userBatchNs = 2000;

export class SimThread {
	task!: Task;
	/** Regions this thread mapped itself, by program name: the range mmap returned. */
	readonly regions = new Map<string, Region>();
	readonly work: ThreadWork[] = [];
	/** Waiting for work after its program ended. */
	idle = false;
	/** The CPU's turn-taking when other threads are pinned to it too; null when it has the CPU alone. */
	runqueue: RunQueue | null = null;

	constructor(
		readonly cpu: number,
		/** Index within the process. */
		readonly index: number,
		/** Threads in the process (for slices). */
		readonly siblings: number,
		readonly mm: Mm,
		readonly program: readonly ProgramStep[],
		readonly barrier: Barrier,
		readonly fileFor: (name: string) => FileObject,
	) {}

	/** Queues injected work and wakes the thread if it had nothing to do. */
	give(k: Kernel, work: ThreadWork): void {
		this.work.push(work);
		if (this.idle) {
			this.idle = false;
			k.engine.wake(this.task);
		}
	}
}

export function* runThread(k: Kernel, thread: SimThread): Step {
	// Threads start a little apart, as they would after pthread_create.
	yield k.rng.below(2000);
	yield* runSteps(k, thread, thread.program);
	for (;;) {
		yield* onCpu(k, thread, takeWork(k, thread));
		thread.idle = true;
		yield BLOCK;
	}
}

function* runSteps(k: Kernel, thread: SimThread, steps: readonly ProgramStep[]): Step {
	for (const step of steps) {
		if (thread.runqueue === null) {
			yield* takeWork(k, thread);
			yield* runStep(k, thread, step);
			continue;
		}
		if (thread.work.length > 0) yield* onCpu(k, thread, takeWork(k, thread));
		// A loop's steps take the CPU one by one; think and barrier wait off it.
		const offCpu = step.op === 'think' || step.op === 'barrier' || step.op === 'loop';
		yield* offCpu ? runStep(k, thread, step) : onCpu(k, thread, runStep(k, thread, step));
	}
}

/** Runs `step` holding the thread's CPU when the CPU is shared. */
function* onCpu(k: Kernel, thread: SimThread, step: Step): Step {
	const {runqueue, task} = thread;
	if (runqueue === null) return yield* step;
	yield* runqueue.get(k, task);
	yield* step;
	runqueue.put(k, task);
}

function* runStep(k: Kernel, thread: SimThread, step: ProgramStep): Step {
	const {task, mm} = thread;
	switch (step.op) {
		case 'mmap': {
			const next = step.nextTo === undefined ? null : region(thread, step.nextTo);
			const size = pageAlign(step.size);
			const start = yield* call(doMmap(k, task, mm, {size, flags: protToFlags(step.prot, step.shared), file: step.file ? thread.fileFor(step.name) : null, ...(next === null ? {} : {hint: next.end})}));
			const mapped = {start, end: start + size};
			// A process mapping mapped again moves for every thread; a program's own region is its own.
			if (mm.named.has(step.name)) mm.named.set(step.name, mapped);
			else {
				thread.regions.set(step.name, mapped);
				mm.mmapped.set(step.name, mapped);
			}
			return;
		}
		case 'touch': {
			const r = region(thread, step.region);
			if (r === null) return;
			const [start, end] = step.slice ? slice(thread, r) : [r.start, r.end];
			// A frame of its own: each fault's start and end, and each batch of user time,
			// then resumes `access` directly, not through every loop and step frame above it.
			yield* call(touch(k, thread, start, end, step.write, Math.max(PAGE_SIZE, step.stride), step.random));
			return;
		}
		case 'faults': {
			const r = region(thread, step.region);
			if (r !== null) yield* call(replayFaults(k, thread, r, step.runs));
			return;
		}
		case 'munmap': {
			const r = part(region(thread, step.region), step.part);
			if (r !== null) yield* call(doMunmap(k, task, mm, r.start, r.end));
			return;
		}
		case 'mprotect': {
			const r = part(region(thread, step.region), step.part);
			const vma = r === null ? null : mm.findVma(r.start);
			if (r !== null && vma !== null) yield* call(doMprotect(k, task, mm, r.start, r.end, protToFlags(step.prot, (vma.flags & VM_SHARED) !== 0)));
			return;
		}
		case 'madvise': {
			const r = part(region(thread, step.region), step.part);
			if (r === null) return;
			const [start, end] = step.slice ? slice(thread, r) : [r.start, r.end];
			yield* call(doMadviseDontneed(k, task, mm, start, end));
			return;
		}
		case 'think':
			yield k.cost(step.ns);
			return;
		case 'barrier':
			yield* call(thread.barrier.wait(k, task));
			return;
		case 'loop':
			for (let i = 0; step.times === null || i < step.times; i++) {
				yield* runSteps(k, thread, step.body);
				// A loop whose body takes no time would spin the simulator forever.
				yield 1;
			}
			return;
	}
}

/** Touches every `stride` bytes of [start, end); faults where the PTE does not allow the access. */
function* touch(k: Kernel, thread: SimThread, start: number, end: number, write: boolean, stride: number, random: boolean): Step {
	const count = Math.floor((end - start + stride - 1) / stride);
	const order = random ? new Permutation(count, k.rng) : null;
	yield* access(k, thread, start, stride, count, order, write);
}

/** Accesses a trace's pages in their real order; pages past the VMA's end are skipped (it was mapped smaller). */
function* replayFaults(k: Kernel, thread: SimThread, r: Region, runs: readonly FaultRun[]): Step {
	for (const run of runs) {
		const start = r.start + run.page * PAGE_SIZE;
		const count = Math.min(run.count, Math.max(0, (r.end - start) / PAGE_SIZE));
		const outcome = yield* access(k, thread, start, PAGE_SIZE, count, null, run.write);
		if (outcome === 'sigsegv') return;
	}
}

/**
 * Accesses `count` addresses `stride` apart from `start` (in `order`'s permutation when given),
 * all read or all written; faults where the PTE does not allow the access.
 */
function* access(k: Kernel, thread: SimThread, start: number, stride: number, count: number, order: Permutation | null, write: boolean): Step<'sigsegv' | undefined> {
	const {task, mm} = thread;
	const need = write ? PTE_PRESENT | PTE_WRITE : PTE_PRESENT;
	let user = 0;
	for (let i = 0; i < count; i++) {
		const addr = start + (order === null ? i : order.at(i)) * stride;
		const pte = mm.pteTable(addr)?.ptes[pteIndex(addr)] ?? 0;
		if ((pte & need) === need) {
			user += k.params.userAccessNs;
			if (user >= userBatchNs) {
				yield user;
				user = 0;
			}
			continue;
		}
		if (user > 0) {
			yield user;
			user = 0;
		}
		if (thread.work.length > 0) yield* takeWork(k, thread);
		const outcome = yield* call(userFault(k, task, mm, addr, write));
		// SIGSEGV: the region went away (or lost the permission) under us; stop touching it.
		if (outcome === 'sigsegv') return 'sigsegv';
	}
	if (user > 0) yield user;
	return undefined;
}

function* takeWork(k: Kernel, thread: SimThread): Step {
	const {task, mm} = thread;
	while (thread.work.length > 0) {
		const work = thread.work.shift()!;
		switch (work.kind) {
			case 'mmap':
				yield* call(doMmap(k, task, mm, work));
				break;
			case 'munmap': {
				const vma = liveVma(mm, work.vma);
				if (vma) yield* call(doMunmap(k, task, mm, vma.start, vma.end));
				break;
			}
			case 'mprotect': {
				const vma = liveVma(mm, work.vma);
				if (vma) yield* call(doMprotect(k, task, mm, vma.start, vma.end, vma.flags ^ VM_WRITE));
				break;
			}
			case 'fault-storm': {
				// Fault across this thread's slice of the VMA, zapping it each round, until the deadline.
				for (let vma = liveVma(mm, work.vma); vma !== null && k.now < work.until; vma = liveVma(mm, work.vma)) {
					const [start, end] = slice(thread, vma);
					yield* touch(k, thread, start, end, (vma.flags & VM_WRITE) !== 0, PAGE_SIZE, false);
					yield* call(doMadviseDontneed(k, task, mm, start, end));
				}
				break;
			}
		}
	}
}

function liveVma(mm: Mm, id: number): Vma | null {
	return mm.vmas.find(v => v.id === id) ?? null;
}

/**
 * The range a program name stands for (what mmap returned, whatever VMA holds it after
 * merges and splits), or null once nothing in it is mapped.
 */
function region(thread: SimThread, name: string): Region | null {
	const r = thread.regions.get(name) ?? thread.mm.named.get(name) ?? thread.mm.mmapped.get(name) ?? null;
	return r === null || !thread.mm.intersects(r.start, r.end) ? null : r;
}

/** `offset`/`size` of a step: that part of the region (the loader checked it lies inside). */
function part(r: Region | null, within: StepPart | undefined): Region | null {
	if (r === null || within === undefined) return r;
	return {start: r.start + within.offset, end: Math.min(r.end, r.start + within.offset + within.size)};
}

/** This thread's equal, page-aligned share of a range. */
function slice(thread: SimThread, r: Region): [number, number] {
	const pages = (r.end - r.start) / PAGE_SIZE;
	const per = Math.max(1, Math.floor(pages / thread.siblings));
	const first = Math.min(pages, per * thread.index);
	const last = thread.index === thread.siblings - 1 ? pages : Math.min(pages, first + per);
	return [r.start + first * PAGE_SIZE, r.start + last * PAGE_SIZE];
}
