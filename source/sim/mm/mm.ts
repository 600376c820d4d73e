/**
 * `struct mm_struct`: the VMA tree (a sorted array searched in O(log n), with one cache
 * line standing for its root so writers make lookups miss), `mmap_sem`, the page tables,
 * and the CPUs running the mm (the targets of a TLB shootdown).
 */
import type {CacheLine} from '../cacheline.ts';
import type {Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {RwLock} from '../locks/rwlock.ts';
import {RwSem} from '../locks/rwsem.ts';
import type {SeqCount} from '../locks/seqcount.ts';
import {SpinLock} from '../locks/spinlock.ts';
import type {TaskRss} from './mm-counters.ts';
import {PMD_SHIFT, PUD_SHIFT} from './pte.ts';
import {PteTable, pmdKey} from './pgtable.ts';
import type {Vma} from './vma.ts';

/** An address range a scenario names (a region): what mmap returned, not the VMA holding it. */
export interface Region {
	readonly start: number;
	readonly end: number;
}

/** Top of the mmap area; `get_unmapped_area` searches downwards from here. */
export const MMAP_BASE = 0x7f00_0000_0000;

export class Mm {
	readonly mmapSem: RwSem;
	/** `mm->page_table_lock`: populating PMD and PTE table slots. */
	readonly pageTableLock: SpinLock;
	/** Stand-in for the tree's root and upper nodes: read by lookups, written by insert/erase. */
	readonly treeLine: CacheLine;
	/** `mm->pgtables_bytes` and `mm->rss_stat`, and each task's cached rss (mm-counters.ts). */
	readonly pgtablesBytes: CacheLine;
	readonly rssStat: CacheLine;
	readonly taskRss = new Map<Task, TaskRss>();
	/** Live VMAs sorted by start. */
	readonly vmas: Vma[] = [];
	readonly pmdTables = new Set<number>();
	readonly pteTables = new Map<number, PteTable>();
	/** CPUs of this mm's threads, each once (threads may share one). */
	readonly cpus: number[] = [];
	/** This mm's threads (mm_users, as the speculative path asks it). */
	users = 0;
	/** Regions mapped before the threads start, by scenario name. */
	readonly named = new Map<string, Region>();
	/**
	 * The latest VMA an `mmap` step mapped under each name, whichever thread ran it: a replayed
	 * trace faults in mappings another thread made (malloc arenas, thread stacks).
	 */
	readonly mmapped = new Map<string, Region>();
	/** Writers between their first change and their final check, for the checker. */
	readonly activeWriters: {readonly start: number; readonly end: number; readonly cpu: number}[] = [];
	// Scheme state, set by `Scheme.initMm` for the schemes that have it.
	/** Per-VMA locks: `mm->mm_lock_seq`, and the line holding it. */
	mmLockSeq = 0;
	mmLockSeqLine?: CacheLine;
	/** SPF v9-v11: `mm->mm_rb_lock`. */
	mmRbLock?: RwLock;
	/** SPF v12: `mm->mm_seq`, bumped around every change of the VMA tree. */
	mmSeq?: SeqCount;
	/** Lock ids carry the mm when the machine has several. */
	readonly lockPrefix: string;

	constructor(
		k: Kernel,
		readonly id: number,
		readonly name: string,
		multi: boolean,
	) {
		this.lockPrefix = multi ? `mm${id}:` : '';
		this.mmapSem = new RwSem(k, `${this.lockPrefix}mmap_sem`);
		this.pageTableLock = new SpinLock(k, `${this.lockPrefix}page_table_lock`, true);
		this.treeLine = k.line(`${this.lockPrefix}mm_rb`);
		this.pgtablesBytes = k.line(`${this.lockPrefix}mm->pgtables_bytes`);
		this.rssStat = k.line(`${this.lockPrefix}mm->rss_stat`);
	}

	/** `find_vma`: the first VMA ending above `addr` (it may start above it too). */
	findVma(addr: number): Vma | null {
		const vmas = this.vmas;
		let lo = 0;
		let hi = vmas.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (vmas[mid]!.end <= addr) lo = mid + 1;
			else hi = mid;
		}
		return lo < vmas.length ? vmas[lo]! : null;
	}

	/** The VMA containing `addr`, or null. */
	vmaAt(addr: number): Vma | null {
		const vma = this.findVma(addr);
		return vma && vma.start <= addr ? vma : null;
	}

	/** Levels a tree walk visits. */
	treeDepth(): number {
		return Math.max(1, Math.ceil(Math.log2(this.vmas.length + 1)));
	}

	/**
	 * Sorted by start, and by end where two share a start: while `__split_vma` links the
	 * lower piece before the VMA shrinks, the two overlap, and ends that still rise keep
	 * `find_vma`'s search right on both sides of the split (the piece below, the VMA above).
	 */
	insertVma(vma: Vma): void {
		const at = this.vmas.findIndex(v => v.start > vma.start || (v.start === vma.start && v.end > vma.end));
		if (at < 0) this.vmas.push(vma);
		else this.vmas.splice(at, 0, vma);
	}

	/**
	 * A VMA's new range, stored as one change (the maple tree store is atomic for lockless
	 * walkers): it may overlap a VMA about to be unlinked, which lookups then no longer reach.
	 */
	setVmaRange(vma: Vma, start: number, end: number): void {
		this.eraseVma(vma);
		vma.start = start;
		vma.end = end;
		this.insertVma(vma);
	}

	eraseVma(vma: Vma): void {
		const at = this.vmas.indexOf(vma);
		if (at >= 0) this.vmas.splice(at, 1);
	}

	/** True when some VMA overlaps [start, end). */
	intersects(start: number, end: number): boolean {
		const vma = this.findVma(start);
		return vma !== null && vma.start < end;
	}

	/** `get_unmapped_area`, top-down: the highest gap below MMAP_BASE that fits. */
	getUnmappedArea(size: number): number {
		let top = MMAP_BASE;
		for (let i = this.vmas.length - 1; i >= 0; i--) {
			const vma = this.vmas[i]!;
			if (vma.end <= top && top - vma.end >= size) return top - size;
			top = Math.min(top, vma.start);
		}
		return top - size;
	}

	pmdPresent(addr: number): boolean {
		return this.pmdTables.has(Math.floor(addr / (1 << PUD_SHIFT)));
	}

	pteTable(addr: number): PteTable | undefined {
		return this.pteTables.get(pmdKey(addr));
	}

	/** PTE tables overlapping [start, end), in address order. */
	pteTablesIn(start: number, end: number): PteTable[] {
		const tables: PteTable[] = [];
		const span = 1 << PMD_SHIFT;
		for (let base = Math.floor(start / span) * span; base < end; base += span) {
			const table = this.pteTables.get(pmdKey(base));
			if (table) tables.push(table);
		}
		return tables;
	}
}
