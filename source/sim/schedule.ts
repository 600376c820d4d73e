/**
 * Explored schedules: the seed's own run, with a few CPUs stalled right after chosen
 * shared-state accesses (a cache-line transfer, a lock word, a PTL take, an RCU or SRCU
 * read-side change). A schedule is a list of perturbations `cpu3@1234+16us`: "CPU 3 stalls
 * 16 µs after its 1234th shared-state access". The run stays a pure function of
 * (scenario, seed, schedule).
 *
 * Strategy: randomised delay bounding (Emmi, Qadeer, Rakamarić, POPL 2011), with the
 * delay points drawn over the unperturbed run's accesses as PCT (Burckhardt et al., ASPLOS
 * 2010) draws its priority change points. PCT's priorities presuppose one scheduler
 * choosing which thread runs next; here every CPU runs at once in simulated time, so a
 * lower priority has no meaning, and the one perturbation that maps onto the machine is a
 * delay: a CPU taken away (an interrupt, a preemption, a slow line) for a while. A race of
 * depth d needs d delays at the right accesses, each long enough.
 *
 * Half the draws are uniform over all accesses (which keeps PCT's bound, halved); the
 * other half pick a code site first (the line or lock's name without its instance,
 * access-site.ts), then one of its accesses, as DataCollider samples code locations
 * rather than dynamic accesses (Erickson et al., OSDI 2010). A fault's window between
 * looking its VMA up and taking the PTL holds the accesses of a few rare sites, where a
 * uniform draw mostly lands on the hot `vm_sequence` and PTL words.
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
 * The stall lengths a drawn perturbation takes: powers of two from 1 µs to about 16 ms, one
 * within a factor of two of any window (a line transfer, an mprotect, a munmap, an RCU grace
 * period of 3 ms, which a fault racing it must outlast with the unmap before it). Powers of
 * four made each length twice as likely but left a window of 5 ms (munmap, then an SRCU grace
 * period) between 4 ms, too short half the time, and 16 ms, past most of a 20 ms run:
 * srcu-2010 --break no-vma-pin on zap-race took a median of 210 schedules, 97 with these.
 */
export const stallLengthsNs: readonly number[] = Array.from({length: 15}, (_, i) => 1000 * 2 ** i);

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

/** Where the unperturbed run made its accesses: what a drawn schedule picks its stalls from. */
export interface AccessProfile {
	/** Shared-state accesses each CPU made. */
	readonly accesses: readonly number[];
	/** Every code site with the (CPU, index) of each of its accesses. */
	readonly sites: readonly SiteAccesses[];
}

export interface SiteAccesses {
	readonly name: string;
	readonly cpus: Uint16Array;
	readonly indices: Uint32Array;
}

/** Each CPU's accesses as the code sites they were at, in order (`ScheduledStalls.trace`). */
export interface SiteTrace {
	readonly names: readonly string[];
	readonly perCpu: readonly Uint16Array[];
}

/** The engine's schedule hook: counts each CPU's accesses and stalls it where the schedule says. */
export class ScheduledStalls implements ScheduleHook {
	/** Shared-state accesses each CPU has made so far. */
	readonly accesses: number[];
	private readonly stalls = new Map<number, number>();
	/** Stall each CPU owes from accesses made with interrupts off, taken when it enables them. */
	private readonly held: number[];
	/** With `trace`: each CPU's sites so far (grown by doubling), else null. */
	private readonly sites: Uint16Array[] | null;

	constructor(
		schedule: Schedule,
		cpus: number,
		private readonly irqsOff: (cpu: number) => boolean = () => false,
		trace = false,
	) {
		this.accesses = new Array<number>(cpus).fill(0);
		this.held = new Array<number>(cpus).fill(0);
		this.sites = trace ? Array.from({length: cpus}, () => new Uint16Array(1024)) : null;
		for (const p of schedule) {
			if (p.cpu >= cpus) throw new Error(`schedule stalls CPU ${p.cpu}, but the machine has ${cpus} CPUs`);
			const key = p.access * cpus + p.cpu;
			this.stalls.set(key, (this.stalls.get(key) ?? 0) + p.delayNs);
		}
	}

	access(cpu: number, site: number): number {
		const n = this.accesses[cpu]!++;
		if (this.sites !== null) this.record(cpu, n, site);
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

	/** The sites recorded with `trace`, cut to the accesses made; `names` are the engine's. */
	trace(names: readonly string[]): SiteTrace {
		if (this.sites === null) throw new Error('this schedule was not traced');
		return {names, perCpu: this.sites.map((sites, cpu) => sites.subarray(0, this.accesses[cpu]))};
	}

	private record(cpu: number, n: number, site: number): void {
		const sites = this.sites!;
		let buffer = sites[cpu]!;
		if (n === buffer.length) {
			const grown = new Uint16Array(buffer.length * 2);
			grown.set(buffer);
			sites[cpu] = buffer = grown;
		}
		buffer[n] = site;
	}
}

/** The profile a traced run gives: accesses gathered by site, CPU by CPU in order. */
export function accessProfile(trace: SiteTrace): AccessProfile {
	const counts = new Uint32Array(trace.names.length);
	for (const sites of trace.perCpu) for (const site of sites) counts[site]!++;
	const gathered = trace.names.map((name, site) => ({name, cpus: new Uint16Array(counts[site]!), indices: new Uint32Array(counts[site]!)}));
	const filled = new Uint32Array(trace.names.length);
	trace.perCpu.forEach((sites, cpu) => {
		for (let i = 0; i < sites.length; i++) {
			const site = sites[i]!;
			const at = filled[site]!++;
			gathered[site]!.cpus[at] = cpu;
			gathered[site]!.indices[at] = i;
		}
	});
	return {accesses: trace.perCpu.map(sites => sites.length), sites: gathered.filter(s => s.cpus.length > 0)};
}

/**
 * Schedule `index` of an exploration: `depth` stalls, each at an access drawn with even
 * odds uniformly over all the accesses of the unperturbed run or site first (a site drawn
 * uniformly, then one of its accesses), with a length drawn from `stallLengthsNs`. The draw
 * depends on (seed, index) alone, so any schedule can be re-drawn, and the order workers
 * finish in changes nothing.
 */
export function drawSchedule(seed: number, index: number, profile: AccessProfile, depth: number): Schedule {
	const rng = new Prng((seed * 0x9e3779b1 + index * 0x85ebca6b + 1) >>> 0);
	const {accesses, sites} = profile;
	const total = accesses.reduce((a, b) => a + b, 0);
	if (total === 0) return [];
	const schedule: Perturbation[] = [];
	for (let i = 0; i < depth; i++) {
		let cpu = 0;
		let access: number;
		if (sites.length === 0 || rng.below(2) === 0) {
			access = rng.below(total);
			while (access >= accesses[cpu]!) access -= accesses[cpu++]!;
		} else {
			const site = sites[rng.below(sites.length)]!;
			const at = rng.below(site.cpus.length);
			cpu = site.cpus[at]!;
			access = site.indices[at]!;
		}
		schedule.push({cpu, access, delayNs: stallLengthsNs[rng.below(stallLengthsNs.length)]!});
	}
	return schedule;
}

/**
 * The delay-bounding guarantee for one drawn schedule: a race that needs `depth` specific
 * stalls (an access and a stall length each) is hit with at least this probability. The
 * uniform half of the draws alone gives it; site-first draws only add to it.
 */
export function scheduleHitBound(accesses: readonly number[], depth: number): number {
	const choices = accesses.reduce((a, b) => a + b, 0) * stallLengthsNs.length;
	return choices === 0 ? 1 : (2 * choices) ** -depth;
}
