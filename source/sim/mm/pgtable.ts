/**
 * Page tables, materialised lazily: a PMD table per 1 GiB and a PTE table (with its own
 * split PTL) per 2 MiB. Upper levels are populated under `mm->page_table_lock`.
 */
import type {Kernel} from '../kernel.ts';
import {SpinLock} from '../locks/spinlock.ts';
import {hex, PMD_SHIFT, PTRS_PER_PTE} from './pte.ts';

export class PteTable {
	readonly ptl: SpinLock;
	readonly ptes = new Uint8Array(PTRS_PER_PTE);
	present = 0;
	/** CPU that installed each PTE, to name both parties of a violation. */
	readonly installedBy = new Int16Array(PTRS_PER_PTE);
	/** Returned by `free_pgtables`: touching it now is a use-after-free. */
	freed = false;

	constructor(
		k: Kernel,
		/** First address mapped (2 MiB aligned). */
		readonly base: number,
		lockPrefix: string,
	) {
		this.ptl = new SpinLock(k, `${lockPrefix}ptl@${hex(base)}`, true);
	}

	get end(): number {
		return this.base + (1 << PMD_SHIFT);
	}
}

export function pteIndex(addr: number): number {
	return Math.floor(addr / 4096) % PTRS_PER_PTE;
}

export function pmdKey(addr: number): number {
	return Math.floor(addr / (1 << PMD_SHIFT));
}
