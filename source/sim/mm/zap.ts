/** Clearing and rewriting PTEs under each PTL: `zap_pte_range`, `change_pte_range`. */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {spinLock, spinUnlock} from '../locks/spinlock.ts';
import {type MmuGather, tlbRemovePage} from '../mem/mmu-gather.ts';
import type {Mm} from './mm.ts';
import {addMmRssVec} from './mm-counters.ts';
import {pteIndex} from './pgtable.ts';
import {PAGE_SIZE, PTE_FILE, PTE_PRESENT, PTE_WRITE, PTE_ZERO} from './pte.ts';
import {VM_EXEC, VM_READ, VM_WRITE} from './vma.ts';

/**
 * `zap_pte_range` for every PTE table of [start, end); enter and return with no PTL held.
 * Anonymous pages go to `tlb` to be freed after the flush; the zero page and page-cache
 * pages stay.
 */
export function* zapPteRange(k: Kernel, task: Task, mm: Mm, tlb: MmuGather, start: number, end: number, fn: string): Step {
	yield* forEachPte(k, task, mm, start, end, fn, true, (ptes, i) => {
		if ((ptes[i]! & (PTE_FILE | PTE_ZERO)) === 0) tlbRemovePage(tlb);
		ptes[i] = 0;
		return true;
	});
}

/**
 * `change_pte_range`: take away what the new `vm_flags` no longer grant. PROT_NONE
 * clears the PTE; losing write clears the write bit; gaining permission is lazy (the next
 * access faults into `do_wp_page`).
 */
export function* changePteRange(k: Kernel, task: Task, mm: Mm, start: number, end: number, flags: number, fn: string): Step {
	// Any of r, w, x makes the page present (as vm_get_page_prot and the checker say).
	const accessible = (flags & (VM_READ | VM_WRITE | VM_EXEC)) !== 0;
	if (accessible && flags & VM_WRITE) return;
	yield* forEachPte(k, task, mm, start, end, fn, false, (ptes, i) => {
		if (!accessible) {
			ptes[i] = 0;
			return true;
		}
		ptes[i] = ptes[i]! & ~PTE_WRITE;
		return false;
	});
}

/**
 * Visits present PTEs of [start, end) table by table under each PTL; `edit` returns true
 * when it cleared the PTE. `freesPages`: the cleared pages leave the rss (`add_mm_rss_vec`).
 */
function* forEachPte(k: Kernel, task: Task, mm: Mm, start: number, end: number, fn: string, freesPages: boolean, edit: (ptes: Uint8Array, i: number) => boolean): Step {
	for (const table of mm.pteTablesIn(start, end)) {
		yield* spinLock(k, task, table.ptl, fn);
		const from = Math.max(start, table.base);
		const to = Math.min(end, table.end);
		let touched = 0;
		let cleared = 0;
		if (table.present > 0) {
			for (let i = pteIndex(from), last = pteIndex(to - PAGE_SIZE); i <= last; i++) {
				if ((table.ptes[i]! & PTE_PRESENT) === 0) continue;
				if (edit(table.ptes, i)) cleared++;
				touched++;
			}
		}
		table.present -= cleared;
		yield k.cost(k.params.pgtableLevelNs + touched * k.params.pteZapNs);
		if (freesPages && cleared > 0) yield* addMmRssVec(k, task, mm);
		yield* spinUnlock(k, task, table.ptl, fn);
	}
}
