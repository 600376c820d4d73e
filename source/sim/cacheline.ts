/**
 * The cache-line model every lock word and counter sits on, MESI-like. A line knows which
 * CPUs hold a copy and which one wrote it last, so each CPU's state follows: Modified (wrote it,
 * sole holder), Exclusive (sole holder, clean), Shared (one of several), Invalid (no copy).
 *
 * One rule prices every access to every line:
 * - a load on a held copy, or a store/atomic on a line this CPU holds alone, is a hit;
 * - otherwise the access is a transfer: a load takes the line from its nearest holder, a
 *   store or atomic needs it exclusive and so waits for the farthest copy it invalidates;
 *   the price is that distance's (SMT sibling, same socket, other socket);
 * - transfers of one line are served one at a time in the order they were asked for
 *   (`busyUntil`), as the line's home agent serialises requests to one address.
 * Lock contention comes out of this rule alone: nothing else in the simulator adds a penalty.
 */
import type {Engine} from './engine.ts';
import type {Params} from './params.ts';
import type {Topology} from './topology.ts';

export type LineState = 'M' | 'E' | 'S' | 'I';

/** Where a transfer comes from, nearest first. */
const enum Distance {
	Sibling,
	SameSocket,
	CrossSocket,
}

export class CacheLine {
	/** CPU that wrote the line last (holds it exclusive unless others loaded it since), -1 if none. */
	owner = -1;
	/** Time until which the line is tied up by the transfers already asked for. */
	busyUntil = 0;
	/** Bitmap of CPUs holding a copy. */
	readonly holders: Uint32Array;
	holderCount = 0;
	/** Bitmap of sockets holding a copy. */
	socketMask = 0;

	constructor(
		readonly name: string,
		cpus: number,
		/** Its code site (`Engine.site`), which explored schedules draw stalls by. */
		readonly site: number,
	) {
		this.holders = new Uint32Array((cpus + 31) >>> 5);
	}

	has(cpu: number): boolean {
		return (this.holders[cpu >>> 5]! & (1 << (cpu & 31))) !== 0;
	}

	/** `cpu`'s MESI state for this line. */
	stateOf(cpu: number): LineState {
		if (!this.has(cpu)) return 'I';
		if (this.holderCount > 1) return 'S';
		return this.owner === cpu ? 'M' : 'E';
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
	 * Returns the ns until it completes; the line is Modified in `cpu` afterwards.
	 */
	rmw(line: CacheLine, cpu: number, now: number): number {
		const p = this.params;
		if (this.holdsAlone(line, cpu)) return this.write(line, cpu, now, p.atomicOwnNs, false);
		const d = this.farthestOther(line, cpu);
		return this.write(line, cpu, now, d === Distance.Sibling ? p.lineSiblingNs : d === Distance.SameSocket ? p.casSameSocketNs : p.casCrossSocketNs, true);
	}

	/** A plain store (unlock, seqcount write): cheaper than an atomic, but still exclusive. */
	store(line: CacheLine, cpu: number, now: number): number {
		const p = this.params;
		if (this.holdsAlone(line, cpu)) return this.write(line, cpu, now, p.lineHitNs, false);
		const d = this.farthestOther(line, cpu);
		return this.write(line, cpu, now, d === Distance.Sibling ? p.lineSiblingNs : d === Distance.SameSocket ? p.storeSameSocketNs : p.storeCrossSocketNs, true);
	}

	/** A load: a hit on a held copy, else a transfer from the nearest holder; the line is then Shared. */
	load(line: CacheLine, cpu: number, now: number): number {
		const p = this.params;
		if (line.has(cpu)) return p.lineHitNs + this.engine.access(cpu, line.site);
		// A line nobody has touched yet comes in clean, as a hit (memory latency is not modelled).
		let cost = p.lineHitNs;
		if (line.holderCount > 0) {
			const d = this.nearest(line, cpu);
			cost = d === Distance.Sibling ? p.lineSiblingNs : d === Distance.SameSocket ? p.storeSameSocketNs : p.storeCrossSocketNs;
		}
		const start = line.busyUntil > now ? line.busyUntil : now;
		line.busyUntil = start + cost;
		line.holders[cpu >>> 5]! |= 1 << (cpu & 31);
		line.holderCount++;
		line.socketMask |= 1 << this.topology.socketOf[cpu]!;
		return start + cost - now + this.engine.access(cpu, line.site);
	}

	private holdsAlone(line: CacheLine, cpu: number): boolean {
		return line.holderCount === 0 || (line.holderCount === 1 && line.has(cpu));
	}

	/** How far the copy farthest from `cpu` is: what a store must wait for to invalidate it. */
	private farthestOther(line: CacheLine, cpu: number): Distance {
		if ((line.socketMask & ~(1 << this.topology.socketOf[cpu]!)) !== 0) return Distance.CrossSocket;
		return line.holderCount > this.onCore(line, cpu) ? Distance.SameSocket : Distance.Sibling;
	}

	/** Where the nearest copy is, for a load by a CPU that holds none. */
	private nearest(line: CacheLine, cpu: number): Distance {
		if (this.onCore(line, cpu) > 0) return Distance.Sibling;
		return (line.socketMask & (1 << this.topology.socketOf[cpu]!)) !== 0 ? Distance.SameSocket : Distance.CrossSocket;
	}

	/** Holders on `cpu`'s core, `cpu` included. */
	private onCore(line: CacheLine, cpu: number): number {
		const t = this.topology;
		if (t.threadsPerCore === 1) return line.has(cpu) ? 1 : 0;
		let n = 0;
		for (let other = t.coreOf[cpu]!; other < t.cpus; other += t.cores) if (line.has(other)) n++;
		return n;
	}

	private write(line: CacheLine, cpu: number, now: number, cost: number, transfer: boolean): number {
		// A hit on a line this CPU holds alone still waits for transfers asked for before it.
		const start = line.busyUntil > now ? line.busyUntil : now;
		const end = start + cost;
		line.busyUntil = end;
		if (transfer) this.invalidateOthers(line, cpu);
		else if (line.holderCount === 0) {
			line.holders[cpu >>> 5] = 1 << (cpu & 31);
			line.holderCount = 1;
			line.socketMask = 1 << this.topology.socketOf[cpu]!;
		}
		line.owner = cpu;
		return end - now + this.engine.access(cpu, line.site);
	}

	private invalidateOthers(line: CacheLine, cpu: number): void {
		const holders = line.holders;
		// One holder that wrote it last is the usual case: clear its word, not the bitmap.
		if (line.holderCount === 1 && line.owner >= 0) holders[line.owner >>> 5] = 0;
		else for (let i = 0; i < holders.length; i++) holders[i] = 0;
		holders[cpu >>> 5] = 1 << (cpu & 31);
		line.holderCount = 1;
		line.socketMask = 1 << this.topology.socketOf[cpu]!;
	}
}
