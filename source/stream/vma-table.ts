import type {FreeDeferral, Injection, VmaAdjustEvent, VmaAllocEvent, VmaFreeEvent, WriterBeginEvent, WriterEndEvent, WriterOp} from '../sim/events.ts';
import {RingBuffer} from './ring-buffer.ts';

/** One VMA as the dashboard lists it. */
export interface VmaRow {
	readonly mm: number;
	readonly vma: number;
	readonly start: number;
	readonly end: number;
	readonly flags: string;
	/** Completed faults whose address fell in this VMA while it was live. */
	readonly faults: number;
	/**
	 * Faults in flight on it now: started at an address inside it while it was live, not yet
	 * ended (what a VMA refcount pins). A freed VMA can still have some under deferred frees.
	 */
	readonly inFlight: number;
	/** The writer operation running on it now, if any. */
	readonly writer: WriterOp | null;
	/** Writer operations completed on it. */
	readonly writes: number;
	readonly live: boolean;
	/**
	 * When munmap finished with it while its memory waits for a grace period or the last
	 * reference (`freeing`); null while mapped, and for a VMA freed during the munmap.
	 */
	readonly unmappedAtNs: number | null;
	readonly freedAtNs: number | null;
	readonly deferredBy: FreeDeferral | null;
}

type VmaEntry = {-readonly [K in keyof VmaRow]: VmaRow[K]};

/** A Map key for (mm, vma): mm ids are small and VMA ids fit in 32 bits. */
function vmaKey(mm: number, vma: number): number {
	return mm * 2 ** 32 + vma;
}

/**
 * The live VMAs of every mm, found by address for fault attribution, plus the most recently
 * freed ones. Both are capped: past `maxLive`, the oldest allocation is forgotten.
 */
export class VmaTable {
	/** Insertion order is allocation order, so the first entry is the one to forget. */
	readonly #live = new Map<number, VmaEntry>();
	/** Live VMAs of each mm sorted by start, for binary search by address. */
	readonly #byMm = new Map<number, VmaEntry[]>();
	readonly #freed: RingBuffer<VmaEntry>;
	readonly #maxLive: number;
	/** The VMA each CPU's fault in flight was counted on. */
	readonly #faulting = new Map<number, VmaEntry>();
	/** Unmapped, not yet freed, oldest unmap first (still in `#live` for the free to find). */
	readonly #freeing = new Set<VmaEntry>();
	/** Sizes of mmap injections not yet seen allocated, per mm, oldest first. */
	readonly #pendingMmaps = new Map<number, number[]>();
	/** The VMA the latest mmap injection allocated, and how many such VMAs there were. */
	#injected: {readonly mm: number; readonly vma: number} | null = null;
	#injectedCount = 0;

	constructor(maxLive: number, maxFreed: number) {
		this.#maxLive = maxLive;
		this.#freed = new RingBuffer(maxFreed);
	}

	/** Lists a new VMA; a VMA that reuses a live id replaces it. */
	alloc(event: VmaAllocEvent): void {
		const {mm, vma, start, end, flags} = event;
		this.#remove(vmaKey(mm, vma));
		if (this.#live.size >= this.#maxLive) this.#remove(this.#live.keys().next().value!);
		const entry: VmaEntry = {mm, vma, start, end, flags, faults: 0, inFlight: 0, writer: null, writes: 0, live: true, unmappedAtNs: null, freedAtNs: null, deferredBy: null};
		this.#live.set(vmaKey(mm, vma), entry);
		this.#claimInjected(entry);
		let sorted = this.#byMm.get(mm);
		if (!sorted) {
			sorted = [];
			this.#byMm.set(mm, sorted);
		}

		sorted.splice(upperBound(sorted, start), 0, entry);
	}

	/**
	 * Gives a live VMA its new range (a merge or a split). A VMA the range now covers was
	 * absorbed by the merge (`vma_expand` removing `next`): it waits for its free as unmapped.
	 */
	adjust(event: VmaAdjustEvent): void {
		const entry = this.#live.get(vmaKey(event.mm, event.vma));
		if (!entry || entry.unmappedAtNs !== null) return;
		this.#unlink(entry);
		entry.start = event.start;
		entry.end = event.end;
		const sorted = this.#byMm.get(event.mm) ?? [];
		for (const other of sorted.filter(o => o.start < event.end && o.end > event.start)) {
			this.#unlink(other);
			other.live = false;
			other.unmappedAtNs = event.t;
			this.#freeing.add(other);
		}
		sorted.splice(upperBound(sorted, entry.start), 0, entry);
		this.#byMm.set(event.mm, sorted);
	}

	/** Moves a live VMA to the freed list. */
	free(event: VmaFreeEvent): void {
		const entry = this.#remove(vmaKey(event.mm, event.vma));
		if (!entry) return;
		this.#freeing.delete(entry);
		entry.live = false;
		entry.writer = null;
		entry.freedAtNs = event.t;
		entry.deferredBy = event.deferredBy;
		this.#freed.push(entry);
	}

	/** Marks the writer operation now running on a VMA. */
	writerBegin(event: WriterBeginEvent): void {
		const entry = this.#live.get(vmaKey(event.mm, event.vma));
		if (entry && entry.unmappedAtNs === null) entry.writer = event.op;
	}

	/** Clears the running writer operation, counts it as done, and takes the flags it left (mprotect). */
	writerEnd(event: WriterEndEvent): void {
		const entry = this.#live.get(vmaKey(event.mm, event.vma));
		if (!entry || entry.unmappedAtNs !== null) return;
		entry.writer = null;
		entry.writes++;
		if (event.flags !== '') entry.flags = event.flags;
		// munmap is done and the VMA was not freed on the way: it waits (RCU, SRCU, a reference).
		if (event.op === 'munmap' && entry.unmappedAtNs === null) {
			this.#unlink(entry);
			entry.live = false;
			entry.unmappedAtNs = event.t;
			this.#freeing.add(entry);
		}
	}

	/** Notes an mmap injection, so that the VMA it allocates can be named (`injected`). */
	inject(injection: Injection): void {
		if (injection.kind !== 'mmap') return;
		const pending = this.#pendingMmaps.get(injection.mm) ?? [];
		pending.push(injection.size);
		this.#pendingMmaps.set(injection.mm, pending);
	}

	/** The VMA the latest mmap injection allocated, and a count that grows with each such VMA. */
	get injected(): {readonly vma: {readonly mm: number; readonly vma: number} | null; readonly count: number} {
		return {vma: this.#injected, count: this.#injectedCount};
	}

	/** Counts a completed fault on the live VMA of `mm` containing `addr`, if any. */
	fault(mm: number, addr: number): void {
		const entry = this.#find(mm, addr);
		if (entry) entry.faults++;
	}

	/** Counts a fault starting on `cpu` as in flight on the live VMA containing `addr`, if any. */
	faultStart(cpu: number, mm: number, addr: number): void {
		this.faultEnd(cpu);
		const entry = this.#find(mm, addr);
		if (!entry) return;
		entry.inFlight++;
		this.#faulting.set(cpu, entry);
	}

	/** Ends the fault in flight on `cpu`, if one was counted. */
	faultEnd(cpu: number): void {
		const entry = this.#faulting.get(cpu);
		if (!entry) return;
		entry.inFlight--;
		this.#faulting.delete(cpu);
	}

	/** Live VMAs by mm and address (as `/proc/PID/maps` lists them), then freeing ones, oldest unmap first, then freed ones, most recent first. */
	rows(): VmaRow[] {
		const mms = [...this.#byMm.keys()].sort((a, b) => a - b);
		const live = mms.flatMap(mm => this.#byMm.get(mm)!);
		return [...live, ...this.#freeing, ...this.#freed.toArray().reverse()].map(entry => ({...entry}));
	}

	/** The first mmap injection pending in the VMA's mm with its size allocated it. */
	#claimInjected(entry: VmaEntry): void {
		const pending = this.#pendingMmaps.get(entry.mm);
		const at = pending?.indexOf(entry.end - entry.start) ?? -1;
		if (at === -1) return;
		pending!.splice(at, 1);
		this.#injected = {mm: entry.mm, vma: entry.vma};
		this.#injectedCount++;
	}

	#find(mm: number, addr: number): VmaEntry | undefined {
		const sorted = this.#byMm.get(mm);
		if (!sorted) return undefined;
		const entry = sorted[upperBound(sorted, addr) - 1];
		return entry && addr < entry.end ? entry : undefined;
	}

	#remove(key: number): VmaEntry | undefined {
		const entry = this.#live.get(key);
		if (!entry) return undefined;
		this.#live.delete(key);
		this.#freeing.delete(entry);
		this.#unlink(entry);
		return entry;
	}

	/** Takes the VMA out of the address lookup (no fault can land in it any more). */
	#unlink(entry: VmaEntry): void {
		const sorted = this.#byMm.get(entry.mm);
		const at = sorted?.indexOf(entry) ?? -1;
		if (at === -1) return;
		sorted!.splice(at, 1);
		if (sorted!.length === 0) this.#byMm.delete(entry.mm);
	}
}

/** The index of the first VMA starting after `addr`. */
function upperBound(sorted: readonly VmaEntry[], addr: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (sorted[mid]!.start <= addr) low = mid + 1;
		else high = mid;
	}

	return low;
}
