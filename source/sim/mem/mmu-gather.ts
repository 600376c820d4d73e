/**
 * `struct mmu_gather` (mm/mmu_gather.c): the zap collects the pages it unmaps
 * (`__tlb_remove_page`) and frees them only after the TLB flush, in `tlb_finish_mmu` →
 * `free_pages_and_swap_cache`, one `folio_batch` at a time (`folios_put_refs`: delete from
 * the LRU under one `lru_lock` hold, `uncharge_batch`, `free_unref_folios`).
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from '../mm/mm.ts';
import {flushTlbMm} from '../mm/tlb.ts';
import {lruvecDelFolios} from './lru.ts';
import {memCgroupUncharge} from './memcg.ts';
import {freeUnrefFolios} from './page-alloc.ts';

export class MmuGather {
	/** Anonymous pages unmapped and not yet freed. */
	pages = 0;
}

/** `__tlb_remove_page`: the page is freed at `tlb_finish_mmu`, once no TLB can still map it. */
export function tlbRemovePage(tlb: MmuGather): void {
	tlb.pages++;
}

/** `tlb_finish_mmu`: flush the TLBs, then free the gathered pages. */
export function* tlbFinishMmu(k: Kernel, task: Task, mm: Mm, tlb: MmuGather): Step {
	yield* flushTlbMm(k, task, mm, 'tlb_finish_mmu');
	yield* freePagesAndSwapCache(k, task, tlb.pages);
	tlb.pages = 0;
}

/** `free_pages_and_swap_cache` → `folios_put_refs` per `folio_batch`. */
function* freePagesAndSwapCache(k: Kernel, task: Task, nr: number): Step {
	const batch = Math.max(1, k.params.folioBatchSize);
	for (let left = nr; left > 0; left -= batch) {
		const n = Math.min(batch, left);
		yield* lruvecDelFolios(k, task, k.mem.lruvec(k, task), n);
		if (k.mem.memcg) yield* memCgroupUncharge(k, task, k.mem.memcg, n);
		yield* freeUnrefFolios(k, task, k.mem.zone(k, task), n);
	}
}
