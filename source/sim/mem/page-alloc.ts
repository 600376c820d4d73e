/**
 * The page allocator of one NUMA node (mm/page_alloc.c): the buddy free lists behind
 * `zone->lock`, fronted by a per-CPU page list per CPU (`struct per_cpu_pages`). An order-0
 * allocation takes from the CPU's list (`rmqueue_pcplist`); an empty list is refilled with
 * `pcp->batch` pages under `zone->lock` (`rmqueue_bulk`). A free goes onto the list
 * (`free_unref_folios`); at `pcp->high` pages, `free_pcppages_bulk` returns a batch. The
 * fixed batch and high are those of `pageset_set_batch` (high = 6 × batch) before 5.14 made
 * `high` adaptive. One zone per socket; the page's own node is not tracked, so frees go to
 * the freeing CPU's node.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {SpinLock, spinLock, spinUnlock} from '../locks/spinlock.ts';

export class Zone {
	readonly lock: SpinLock;
	/** `pcp->count` of every CPU's list for this zone (only the node's own CPUs use theirs). */
	readonly pcpCount: Uint32Array;

	constructor(k: Kernel, readonly node: number) {
		this.lock = new SpinLock(k, `node${node}:zone->lock`, false);
		this.pcpCount = new Uint32Array(k.cpus.length);
	}
}

/** `rmqueue_pcplist`: one page off this CPU's list, refilled by `rmqueue_bulk` when empty. */
export function* rmqueuePcplist(k: Kernel, task: Task, zone: Zone): Step {
	yield k.cost(k.params.pageAllocNs);
	if (zone.pcpCount[task.cpu] === 0) yield* rmqueueBulk(k, task, zone, Math.max(1, k.params.pcpBatch));
	zone.pcpCount[task.cpu]!--;
}

/** `rmqueue_bulk`: take `count` pages from the buddy lists under `zone->lock`. */
function* rmqueueBulk(k: Kernel, task: Task, zone: Zone, count: number): Step {
	yield* spinLock(k, task, zone.lock, 'rmqueue_bulk');
	yield k.cost(count * k.params.zonePageNs);
	zone.pcpCount[task.cpu]! += count;
	yield* spinUnlock(k, task, zone.lock, 'rmqueue_bulk');
}

/** `free_unref_folios`: `nr` pages onto this CPU's list; each time it reaches `high`, `free_pcppages_bulk`. */
export function* freeUnrefFolios(k: Kernel, task: Task, zone: Zone, nr: number): Step {
	const {pcpBatch, pcpHigh} = k.params;
	yield k.cost(nr * k.params.pageFreeNs);
	for (let left = nr; left > 0; ) {
		// Free up to the point the list reaches `high` (one page at least), then drain a batch.
		const now = Math.min(left, Math.max(1, pcpHigh - zone.pcpCount[task.cpu]!));
		zone.pcpCount[task.cpu]! += now;
		left -= now;
		const count = zone.pcpCount[task.cpu]!;
		if (count >= pcpHigh) yield* freePcppagesBulk(k, task, zone, Math.min(Math.max(1, pcpBatch), count));
	}
}

/** `free_pcppages_bulk`: return `count` pages to the buddy lists under `zone->lock`. */
function* freePcppagesBulk(k: Kernel, task: Task, zone: Zone, count: number): Step {
	yield* spinLock(k, task, zone.lock, 'free_pcppages_bulk');
	yield k.cost(count * k.params.zonePageNs);
	zone.pcpCount[task.cpu]! -= count;
	yield* spinUnlock(k, task, zone.lock, 'free_pcppages_bulk');
}
