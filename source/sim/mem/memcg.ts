/**
 * Memory cgroup charging (mm/memcontrol.c, mm/page_counter.c). `mem_cgroup_charge` first
 * tries this CPU's charge stock (`consume_stock`); when it is empty, `try_charge_memcg`
 * charges `MEMCG_CHARGE_BATCH` pages to the `page_counter` of the cgroup and of every
 * ancestor (`page_counter_try_charge`, one atomic per level) and puts the surplus in the
 * stock (`refill_stock`). Uncharging at free (`uncharge_batch`) subtracts a batch of folios
 * from every level at once. The hierarchy is that of a systemd session: the leaf scope,
 * `user.slice` and the root, each `page_counter` on its own line (as its
 * `CACHELINE_PADDING` keeps it).
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {AtomicLong, atomicLongAddReturn} from '../locks/atomic.ts';

/** Leaf first, root last. */
export const memcgHierarchy = ['session-1.scope', 'user.slice', 'root'] as const;

export class MemCgroup {
	/** `memcg->memory` of the leaf and its ancestors, leaf first. */
	readonly counters: AtomicLong[];
	/** `memcg_stock_pcp.nr_pages` of every CPU (they all cache this one memcg). */
	readonly stock: Uint32Array;

	constructor(k: Kernel) {
		this.counters = memcgHierarchy.map(name => new AtomicLong(k, `memcg.page_counter@${name}`));
		this.stock = new Uint32Array(k.cpus.length);
	}
}

/** `mem_cgroup_charge` of one folio. */
export function* memCgroupCharge(k: Kernel, task: Task, memcg: MemCgroup): Step {
	yield k.cost(k.params.memcgChargeNs);
	if (consumeStock(memcg, task)) return;
	// try_charge_memcg: charge a whole batch, keep what this folio does not need.
	const batch = Math.max(1, k.params.memcgChargeBatch);
	yield* pageCounterCharge(k, task, memcg, batch, 'page_counter_try_charge');
	memcg.stock[task.cpu]! += batch - 1; // refill_stock
}

/** `uncharge_batch` for `nr` folios freed together. */
export function* memCgroupUncharge(k: Kernel, task: Task, memcg: MemCgroup, nr: number): Step {
	yield k.cost(nr * k.params.memcgChargeNs);
	yield* pageCounterCharge(k, task, memcg, -nr, 'page_counter_uncharge');
}

function consumeStock(memcg: MemCgroup, task: Task): boolean {
	if (memcg.stock[task.cpu] === 0) return false;
	memcg.stock[task.cpu]!--;
	return true;
}

/** One atomic on each level's `usage`, leaf to root. */
function* pageCounterCharge(k: Kernel, task: Task, memcg: MemCgroup, nr: number, fn: string): Step {
	for (const counter of memcg.counters) yield* atomicLongAddReturn(k, task, counter, nr, fn);
}
