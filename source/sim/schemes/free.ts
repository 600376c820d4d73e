/**
 * Frees that wait for something: a VMA held by a reference count or a grace period, a
 * PTE table that speculative walkers may still be reading. Each free is one event saying
 * what deferred it and for how long (`deferredNs` counts from `remove_vma` or from the
 * unlink in `free_pgtables`).
 */
import {BLOCK, type Step, type Task} from '../engine.ts';
import type {FreeDeferral} from '../events.ts';
import type {Kernel} from '../kernel.ts';
import {atomicDecReturn, type RefCount} from '../locks/refcount.ts';
import type {RcuDomain} from '../locks/rcu.ts';
import type {Mm} from '../mm/mm.ts';
import type {PteTable} from '../mm/pgtable.ts';
import type {Vma} from '../mm/vma.ts';

/**
 * The `vm_area_struct` memory goes back to the allocator now; `by` says what held it until
 * now (`none`: `vm_area_free` at `remove_vma` itself). Every VMA free comes here.
 */
export function vmaFreed(k: Kernel, cpu: number, vma: Vma, by: FreeDeferral, fn: string): void {
	vma.freed = true;
	k.emit({type: 'vma-free', t: k.now, cpu, fn, mm: vma.mm.id, vma: vma.id, deferredBy: by, deferredNs: k.now - vma.removedAt});
}

/** `pte_free`: the PTE table's memory goes back now; `deferredBy` says what held it since `unlinkedAt`. */
export function freePteTableNow(k: Kernel, cpu: number, mm: Mm, table: PteTable, unlinkedAt: number, deferredBy: FreeDeferral = 'none'): void {
	table.freed = true;
	k.emit({type: 'pgtable-free', t: k.now, cpu, fn: 'pte_free', mm: mm.id, addr: table.base, deferredBy, deferredNs: k.now - unlinkedAt});
}

/**
 * Drops one VMA reference (`put_vma`, `vma_put`); the last one frees the VMA. `by` names
 * what deferred the free when this put is the last: `none` at `remove_vma` itself,
 * `refcount` when a fault held the VMA past it.
 */
export function* putVmaRef(k: Kernel, task: Task, vma: Vma, ref: RefCount, by: FreeDeferral, fn: string): Step {
	if ((yield* atomicDecReturn(k, task, ref)) === 0) vmaFreed(k, task.cpu, vma, by, fn);
}

/**
 * Queues a put of the VMA's base reference after a grace period (`call_rcu` /
 * `call_srcu`). The callback runs on `cpu` in softirq context: the atomic's cost is
 * time stolen from whatever that CPU runs next.
 */
export function putVmaRefAfterGracePeriod(k: Kernel, cpu: number, vma: Vma, ref: RefCount, domain: RcuDomain, fn: string): void {
	domain.call(cpu, () => {
		k.engine.stolenNs[cpu]! += k.lines.rmw(ref.line, cpu, k.now);
		if (--ref.count === 0) vmaFreed(k, cpu, vma, domain.flavour, fn);
	});
}

/**
 * `tlb_finish_mmu` frees the page tables `free_pgtables` unlinked only after the flush
 * IPI has been taken by every CPU running the mm. A CPU with interrupts off (a
 * speculative walker inside `pin_page_tables` or `local_irq_disable`) takes it when it
 * enables them: the unmapper waits for those CPUs, then frees the table itself.
 */
export function* freePteTableAfterIpi(k: Kernel, task: Task, mm: Mm, table: PteTable): Step {
	const unlinkedAt = k.now;
	let pending = 0;
	let waiting = false;
	for (const cpu of mm.cpus) {
		const state = k.cpus[cpu]!;
		if (cpu === task.cpu || !state.irqsOff) continue;
		pending++;
		state.ipiWaiters.push(() => {
			if (--pending === 0 && waiting) k.engine.wake(task);
		});
	}
	if (pending > 0) {
		waiting = true;
		yield BLOCK;
	}
	freePteTableNow(k, task.cpu, mm, table, unlinkedAt);
}

/** Frees a PTE table after an RCU grace period (`tlb_remove_table` with RCU table freeing). */
export function freePteTableAfterRcu(k: Kernel, task: Task, mm: Mm, table: PteTable): void {
	const unlinkedAt = k.now;
	const cpu = task.cpu;
	k.rcu.call(cpu, () => freePteTableNow(k, cpu, mm, table, unlinkedAt, 'rcu'));
}
