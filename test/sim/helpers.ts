/**
 * Small shared helpers for the simulator tests: a Kernel wired the way `simulator.ts`
 * wires it (checker, RCU and SRCU domains, memory, the mmap-sem scheme), tasks that run a
 * generator with their own Task in hand, and the engine run to completion.
 */
import {createHash} from 'node:crypto';
import {Checker} from '../../source/sim/checker.ts';
import type {Step, Task} from '../../source/sim/engine.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Kernel} from '../../source/sim/kernel.ts';
import {RcuDomain} from '../../source/sim/locks/rcu.ts';
import {Mem} from '../../source/sim/mem/mem.ts';
import {Mm} from '../../source/sim/mm/mm.ts';
import {createVma, pageAlign} from '../../source/sim/mm/mmap.ts';
import {type FileObject, Vma} from '../../source/sim/mm/vma.ts';
import {type Params, resolveParams} from '../../source/sim/params.ts';
import {schemeById} from '../../source/sim/schemes/index.ts';
import {Topology} from '../../source/sim/topology.ts';

export interface KernelOptions {
	readonly cpus?: number;
	readonly sockets?: number;
	readonly seed?: number;
	readonly scheme?: string;
	/** Charge pages to a memcg (the default, as a scenario's `memcg:`). */
	readonly memcg?: boolean;
	/** Overrides on top of the defaults; `jitterPermille` is 0 unless given. */
	readonly params?: Partial<Params>;
}

/**
 * The round line costs the hand-worked traces here were worked out with (the pre-calibration
 * defaults): pinned, so each trace checks its lock's mechanism and not the calibration, which
 * test/sim/cacheline.test.ts checks against the default machine.
 */
export const handWorkedLineCosts: Partial<Params> = {casSameSocketNs: 100, casCrossSocketNs: 450, storeSameSocketNs: 50, storeCrossSocketNs: 150};

/** A Kernel with checker, RCU, SRCU and a scheme, as `Simulator` builds it; jitter off by default. */
export function makeKernel(options: KernelOptions = {}): Kernel {
	const cpus = options.cpus ?? 2;
	const params = resolveParams({jitterPermille: 0, ...handWorkedLineCosts, ...options.params});
	const k = new Kernel(params, new Topology(cpus, options.sockets ?? 1), options.seed ?? 1, null);
	k.scheme = schemeById(options.scheme ?? 'mmap-sem');
	k.checker = new Checker(k);
	k.rcu = new RcuDomain(k, 'rcu');
	k.srcu = new RcuDomain(k, 'srcu');
	k.mem = new Mem(k, options.memcg ?? true);
	return k;
}

/** Spawns a task on `cpu` at `at` whose body is `program(task)`. */
export function spawn(k: Kernel, cpu: number, program: (task: Task) => Step, at = 0, name = `cpu${cpu}`): Task {
	let task: Task | undefined;
	// The body does not start before the engine first resumes it, by when `task` is set.
	const body = (function* (): Step {
		yield* program(task!);
	})();
	task = k.engine.spawn(cpu, name, body, at);
	return task;
}

/** Runs the engine until nothing is left (or `until`) and returns every event emitted. */
export function runAll(k: Kernel, until = Number.POSITIVE_INFINITY): SimEvent[] {
	k.engine.run(until, () => false);
	return k.events;
}

/** A single-process mm whose threads run on `cpus`, set up as the simulator does. */
export function makeMm(k: Kernel, cpus: readonly number[] = [0]): Mm {
	const mm = new Mm(k, 0, 'p', false);
	k.scheme.initMm(k, mm);
	mm.cpus.push(...cpus);
	mm.users = cpus.length;
	return mm;
}

/** Maps a VMA at t=0 the way the simulator maps a scenario's initial regions. */
export function mapVma(k: Kernel, mm: Mm, size: number, flags: number, file: FileObject | null = null): Vma {
	const bytes = pageAlign(size);
	const vma = createVma(k, mm, mm.getUnmappedArea(bytes), bytes, {size: bytes, flags, file}, -1);
	mm.insertVma(vma);
	return vma;
}

/** A bare VMA at a fixed address, linked into `mm` (for checker tests). */
export function linkVma(k: Kernel, mm: Mm, start: number, end: number, flags: number, pageProt: number): Vma {
	const vma = new Vma(k.nextVmaId++, mm, start, end, flags, pageProt, null);
	mm.insertVma(vma);
	return vma;
}

/** Events of one type, narrowed. */
export function ofType<T extends SimEvent['type']>(events: readonly SimEvent[], type: T): Extract<SimEvent, {type: T}>[] {
	return events.filter((e): e is Extract<SimEvent, {type: T}> => e.type === type);
}

/** The lock events of a trace as compact tuples: [t, cpu, type, lock, mode, waitNs | holdNs | null]. */
export type LockRow = [number, number, string, string, string, number | null];

export function lockRows(events: readonly SimEvent[]): LockRow[] {
	const rows: LockRow[] = [];
	for (const e of events) {
		if (e.type === 'lock-acquire' || e.type === 'ptl-acquire') rows.push([e.t, e.cpu, e.type, e.lock, e.mode, e.waitNs]);
		else if (e.type === 'lock-release') rows.push([e.t, e.cpu, e.type, e.lock, e.mode, e.holdNs]);
		else if (e.type === 'lock-contend') rows.push([e.t, e.cpu, e.type, e.lock, e.mode, null]);
	}
	return rows;
}

export function sha256(events: readonly SimEvent[]): string {
	return createHash('sha256').update(JSON.stringify(events)).digest('hex');
}

/** The parameters `makeKernel` runs with by default, for hand-worked sums. */
export const handWorkedParams = resolveParams({jitterPermille: 0, ...handWorkedLineCosts});
