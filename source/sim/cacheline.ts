/**
 * The cache-line model every lock word and counter sits on. A line remembers which CPUs
 * hold a copy and which one wrote it last; an access by a CPU without a usable copy pays a
 * same-socket or cross-socket transfer, and writes (atomics, stores) to one line are
 * serialised one transfer at a time through `busyUntil`. Lock contention comes out of
 * this rule alone: nothing else in the simulator adds a contention penalty.
 */
import type {Engine} from './engine.ts';
import type {Params} from './params.ts';
import type {Topology} from './topology.ts';

export class CacheLine {
	/** CPU that wrote the line last (holds it exclusive unless others loaded it since), -1 if none. */
	owner = -1;
	/** Time until which the line is tied up by a previous write. */
	busyUntil = 0;
	/** Bitmap of CPUs holding a copy. */
	readonly holders: Uint32Array;
	holderCount = 0;
	/** Bitmap of sockets holding a copy. */
	socketMask = 0;

	constructor(readonly name: string, cpus: number) {
		this.holders = new Uint32Array((cpus + 31) >>> 5);
	}

	has(cpu: number): boolean {
		return (this.holders[cpu >>> 5]! & (1 << (cpu & 31))) !== 0;
	}
}

/** Prices line accesses for one machine. */
export class LineModel {
	constructor(
		private readonly params: Params,
		private readonly topology: Topology,
		/** Asked after every access, for the stall an explored schedule puts there. */
		private readonly engine: Engine,
	) {}

	/**
	 * An atomic read-modify-write (lock cmpxchg, atomic_inc) by `cpu` starting at `now`.
	 * Returns the ns until it completes; the line is exclusive to `cpu` afterwards.
	 */
	rmw(line: CacheLine, cpu: number, now: number): number {
		const p = this.params;
		const exclusive = line.holderCount === 0 || (line.holderCount === 1 && line.has(cpu));
		const cost = exclusive ? p.atomicOwnNs : this.crossesSocket(line, cpu) ? p.casCrossSocketNs : p.casSameSocketNs;
		return this.write(line, cpu, now, cost);
	}

	/** A plain store (unlock, seqcount write): cheaper than an atomic, but still exclusive. */
	store(line: CacheLine, cpu: number, now: number): number {
		const p = this.params;
		const exclusive = line.holderCount === 0 || (line.holderCount === 1 && line.has(cpu));
		const cost = exclusive ? p.lineHitNs : this.crossesSocket(line, cpu) ? p.storeCrossSocketNs : p.storeSameSocketNs;
		return this.write(line, cpu, now, cost);
	}

	/** A load: free-ish on a held copy, a shared transfer otherwise. Loads run in parallel. */
	load(line: CacheLine, cpu: number, now: number): number {
		const p = this.params;
		if (line.has(cpu)) return p.lineHitNs + this.engine.access(cpu);
		const start = line.busyUntil > now ? line.busyUntil : now;
		const cost = line.holderCount === 0 ? p.lineHitNs : this.crossesSocket(line, cpu) ? p.storeCrossSocketNs : p.storeSameSocketNs;
		line.holders[cpu >>> 5]! |= 1 << (cpu & 31);
		line.holderCount++;
		line.socketMask |= 1 << this.topology.socketOf[cpu]!;
		return start + cost - now + this.engine.access(cpu);
	}

	private crossesSocket(line: CacheLine, cpu: number): boolean {
		return (line.socketMask & ~(1 << this.topology.socketOf[cpu]!)) !== 0;
	}

	private write(line: CacheLine, cpu: number, now: number, cost: number): number {
		const start = line.busyUntil > now ? line.busyUntil : now;
		const end = start + cost;
		line.busyUntil = end;
		const holders = line.holders;
		// One holder that wrote it last is the usual case: clear its word, not the bitmap.
		if (line.holderCount === 1 && line.owner >= 0) holders[line.owner >>> 5] = 0;
		else for (let i = 0; i < holders.length; i++) holders[i] = 0;
		holders[cpu >>> 5] = 1 << (cpu & 31);
		line.holderCount = 1;
		line.socketMask = 1 << this.topology.socketOf[cpu]!;
		line.owner = cpu;
		return end - now + this.engine.access(cpu);
	}
}
