/**
 * Explored schedules: the seed's own run, with a few CPUs stalled right after chosen
 * shared-state accesses (a cache-line transfer, a lock word, a PTL take, an RCU or SRCU
 * read-side change). A schedule is a list of perturbations `cpu3@1234+16us`: "CPU 3 stalls
 * 16 µs after its 1234th shared-state access". The run stays a pure function of
 * (scenario, seed, schedule).
 *
 * Strategy: randomised delay bounding (Emmi, Qadeer, Rakamarić, POPL 2011), with the
 * delay points drawn uniformly over the run's accesses as PCT (Burckhardt et al., ASPLOS
 * 2010) draws its priority change points. PCT's priorities presuppose one scheduler
 * choosing which thread runs next; here every CPU runs at once in simulated time, so a
 * lower priority has no meaning, and the one perturbation that maps onto the machine is a
 * delay: a CPU taken away (an interrupt, a preemption, a slow line) for a while. A race of
 * depth d needs d delays at the right accesses, each long enough.
 *
 * A CPU with interrupts disabled can be neither interrupted nor preempted: a stall drawn
 * there is held until `local_irq_enable`, where the kernel takes the pending interrupt.
 * Stalling it in place would have every TLB shootdown wait milliseconds for its IPI, the
 * mmap_sem holders behind them and so the very writer a race needs (a speculative walk and
 * pte_map_lock run with interrupts off), so no drawn schedule could open those windows.
 */
import type {ScheduleHook} from './engine.ts';
import {Prng} from './prng.ts';

export interface Perturbation {
	readonly cpu: number;
	/** Index of the CPU's shared-state access after which it stalls (0 is its first). */
	readonly access: number;
	readonly delayNs: number;
}

export type Schedule = readonly Perturbation[];

/**
 * The stall lengths a drawn perturbation takes: powers of four from 1 µs to about 16 ms,
 * one within a factor of four of any window (a line transfer, an mprotect, a munmap, an
 * RCU grace period of 3 ms, which a fault racing it must outlast with the unmap before it).
 * Fewer lengths make each likelier: the bound below is per length.
 */
export const stallLengthsNs: readonly number[] = Array.from({length: 8}, (_, i) => 1000 * 4 ** i);

const entry = /^cpu(\d+)@(\d+)\+(\d+)(ns|us|ms)$/;
const unitNs = {ns: 1, us: 1000, ms: 1_000_000} as const;

/** `cpu3@1234+16us,cpu0@7+1ms`; the empty string is the unperturbed run. */
export function formatSchedule(schedule: Schedule): string {
	return schedule.map(p => `cpu${p.cpu}@${p.access}+${exactDuration(p.delayNs)}`).join(',');
}

/** `16us`, `2ms`, `1500ns`: the largest unit that keeps `ns` exact. */
export function exactDuration(ns: number): string {
	if (ns % 1_000_000 === 0) return `${ns / 1_000_000}ms`;
	if (ns % 1000 === 0) return `${ns / 1000}us`;
	return `${ns}ns`;
}

/** Reads what `formatSchedule` writes; throws an Error naming the bad entry. */
export function parseSchedule(text: string): Schedule {
	if (text.trim() === '') return [];
	return text.split(',').map(part => {
		const m = entry.exec(part.trim());
		if (m === null) throw new Error(`schedule entry "${part}" is not CPU@ACCESS+DELAY (e.g. cpu3@1234+16us)`);
		return {cpu: Number(m[1]), access: Number(m[2]), delayNs: Number(m[3]) * unitNs[m[4] as keyof typeof unitNs]};
	});
}

/** The engine's schedule hook: counts each CPU's accesses and stalls it where the schedule says. */
export class ScheduledStalls implements ScheduleHook {
	/** Shared-state accesses each CPU has made so far. */
	readonly accesses: number[];
	private readonly stalls = new Map<number, number>();
	/** Stall each CPU owes from accesses made with interrupts off, taken when it enables them. */
	private readonly held: number[];

	constructor(schedule: Schedule, cpus: number, private readonly irqsOff: (cpu: number) => boolean = () => false) {
		this.accesses = new Array<number>(cpus).fill(0);
		this.held = new Array<number>(cpus).fill(0);
		for (const p of schedule) {
			if (p.cpu >= cpus) throw new Error(`schedule stalls CPU ${p.cpu}, but the machine has ${cpus} CPUs`);
			const key = p.access * cpus + p.cpu;
			this.stalls.set(key, (this.stalls.get(key) ?? 0) + p.delayNs);
		}
	}

	access(cpu: number): number {
		const n = this.accesses[cpu]!++;
		if (this.stalls.size === 0) return 0;
		const ns = this.stalls.get(n * this.accesses.length + cpu) ?? 0;
		if (ns === 0 || !this.irqsOff(cpu)) return ns;
		this.held[cpu]! += ns;
		return 0;
	}

	irqsEnabled(cpu: number): number {
		const ns = this.held[cpu]!;
		this.held[cpu] = 0;
		return ns;
	}
}

/**
 * Schedule `index` of an exploration: `depth` stalls, each at an access drawn uniformly
 * over all the accesses of the unperturbed run (`accesses[cpu]`), with a length drawn from
 * `stallLengthsNs`. The draw depends on (seed, index) alone, so any schedule can be
 * re-drawn, and the order workers finish in changes nothing.
 */
export function drawSchedule(seed: number, index: number, accesses: readonly number[], depth: number): Schedule {
	const rng = new Prng((seed * 0x9e3779b1 + index * 0x85ebca6b + 1) >>> 0);
	const total = accesses.reduce((a, b) => a + b, 0);
	if (total === 0) return [];
	const schedule: Perturbation[] = [];
	for (let i = 0; i < depth; i++) {
		let at = rng.below(total);
		let cpu = 0;
		while (at >= accesses[cpu]!) at -= accesses[cpu++]!;
		schedule.push({cpu, access: at, delayNs: stallLengthsNs[rng.below(stallLengthsNs.length)]!});
	}
	return schedule;
}

/**
 * The delay-bounding guarantee for one drawn schedule: a race that needs `depth` specific
 * stalls (an access and a stall length each) is hit with at least this probability.
 */
export function scheduleHitBound(accesses: readonly number[], depth: number): number {
	const choices = accesses.reduce((a, b) => a + b, 0) * stallLengthsNs.length;
	return choices === 0 ? 1 : choices ** -depth;
}
