/** The life of an anonymous folio as the fault paths and `mmu_gather` see it: allocate and charge, add to the LRU, put. */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {folioAddLru} from './lru.ts';
import {memCgroupCharge, memCgroupUncharge} from './memcg.ts';
import {freeUnrefFolios, rmqueuePcplist} from './page-alloc.ts';

/**
 * `vma_alloc_folio` then `mem_cgroup_charge`, as `alloc_anon_folio` and `wp_page_copy` do
 * (the zeroing or copy is the caller's). Enter and return with no spinlock held.
 */
export function* vmaAllocFolio(k: Kernel, task: Task): Step {
	yield* rmqueuePcplist(k, task, k.mem.zone(k, task));
	if (k.mem.memcg) yield* memCgroupCharge(k, task, k.mem.memcg);
}

/** `folio_add_lru_vma`: the new folio is about to be mapped (called with the PTL held, as in `do_anonymous_page`). */
export function* folioAddLruVma(k: Kernel, task: Task): Step {
	yield* folioAddLru(k, task, k.mem.lruvec(k, task));
}

/** `folio_put` of a new folio that lost the race to map (never on the LRU): uncharge and free it. */
export function* folioPut(k: Kernel, task: Task): Step {
	if (k.mem.memcg) yield* memCgroupUncharge(k, task, k.mem.memcg, 1);
	yield* freeUnrefFolios(k, task, k.mem.zone(k, task), 1);
}
