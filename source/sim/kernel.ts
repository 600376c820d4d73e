/**
 * The machine-wide context every kernel function receives as `k`: clock, costs, cache
 * lines, RCU domains, the checker, the active scheme, and the batch of events being built.
 */
import {CacheLine, LineModel} from './cacheline.ts';
import type {Checker} from './checker.ts';
import {Engine} from './engine.ts';
import type {SimEvent} from './events.ts';
import {MemoryBandwidth} from './mem/bandwidth.ts';
import type {Params} from './params.ts';
import {Prng} from './prng.ts';
import type {RcuDomain} from './locks/rcu.ts';
import type {Mem} from './mem/mem.ts';
import type {Scheme} from './schemes/scheme.ts';
import type {Topology} from './topology.ts';

export interface CpuState {
	readonly id: number;
	/** Interrupts disabled (`local_irq_disable`): IPIs wait until they are enabled again. */
	irqsOff: boolean;
	/** TLB-flush senders waiting for this CPU to take their IPI. */
	readonly ipiWaiters: (() => void)[];
}

export class Kernel {
	readonly engine: Engine;
	readonly lines: LineModel;
	/** Each socket's memory channels, drawn on by page clears and copies. */
	readonly bandwidth: MemoryBandwidth;
	readonly rng: Prng;
	readonly cpus: CpuState[];
	/** Events of the slice being simulated; the simulator hands them out and starts a new array. */
	events: SimEvent[] = [];
	// Assigned right after construction (they need `k` themselves).
	checker!: Checker;
	rcu!: RcuDomain;
	srcu!: RcuDomain;
	mem!: Mem;
	scheme!: Scheme;
	nextVmaId = 1;

	constructor(
		readonly params: Params,
		/** Where every CPU sits; its CPU count is the machine's. */
		readonly topology: Topology,
		seed: number,
		/** A deliberately removed protection (`--break`), or null. */
		readonly breakVariant: string | null,
	) {
		const cpus = topology.cpus;
		this.engine = new Engine(cpus);
		this.lines = new LineModel(params, this.topology, this.engine);
		this.bandwidth = new MemoryBandwidth(params, this.topology);
		this.rng = new Prng(seed);
		this.cpus = Array.from({length: cpus}, (_, id) => ({id, irqsOff: false, ipiWaiters: []}));
	}

	get now(): number {
		return this.engine.now;
	}

	emit(event: SimEvent): void {
		this.events.push(event);
	}

	/** A compute step's cost with seeded jitter, so runs with different seeds interleave differently. */
	cost(ns: number): number {
		const j = this.params.jitterPermille;
		if (j === 0 || ns < 20) return ns;
		return ns + Math.floor((this.rng.next() * ns * j) / 1000);
	}

	line(name: string): CacheLine {
		return new CacheLine(name, this.cpus.length, this.engine.site(name));
	}

	/** True when `--break NAME` removed this protection. */
	broken(name: string): boolean {
		return this.breakVariant === name;
	}
}
