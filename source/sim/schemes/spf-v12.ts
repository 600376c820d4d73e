/**
 * `spf-v12`: the speculative page fault series v12 (2019, seed 000).
 *
 * As v11, but the VMA tree is read under RCU (`find_vma_rcu`, validated by the mm's
 * `mm_seq` sequence count that tree writers bump) instead of `mm_rb_lock`: the lookup
 * itself writes no shared line. The fault still takes a `vm_ref_count` reference, an
 * atomic on the VMA's line. `remove_vma` closes the file synchronously and drops the base
 * reference only after an RCU grace period, so a VMA found under RCU cannot be freed
 * before the reference is taken. The fault path itself is in `spf.ts`.
 */
import type {Step, Task} from '../engine.ts';
import type {Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {rcuReadLock, rcuReadUnlock} from '../locks/rcu.ts';
import {atomicInc} from '../locks/refcount.ts';
import {rawReadSeqcount, readSeqcountRetry, SeqCount, writeSeqcountBegin, writeSeqcountEnd} from '../locks/seqcount.ts';
import type {Mm} from '../mm/mm.ts';
import type {Vma} from '../mm/vma.ts';
import {putVmaRefAfterGracePeriod} from './free.ts';
import {classicHooks, type Scheme} from './scheme.ts';
import {pinVma, spfHooks, vmWriteEnd} from './spf.ts';

export const spfV12: Scheme = {
	...classicHooks,
	...spfHooks(getVma),
	id: 'spf-v12',
	title: 'SPF v12: find_vma_rcu + vm_ref_count + vm_sequence',
	breaks: ['skip-seq-recheck', 'no-vma-pin', 'no-vmf-snapshot'],
	raceFree: true,
	initMm(k, mm) {
		mm.mmSeq = new SeqCount(k, `${mm.lockPrefix}mm_seq`);
	},
	*vmaLink(k, task, mm, vma) {
		yield* writeSeqlockTree(k, task, mm, () => classicHooks.vmaLink(k, task, mm, vma));
	},
	*vmaUnlink(k, task, mm, vma) {
		yield* writeSeqlockTree(k, task, mm, () => classicHooks.vmaUnlink(k, task, mm, vma));
		yield* vmWriteEnd(k, task, vma);
	},
	*freeVma(k, task, vma) {
		// The file was put synchronously by remove_vma; the base reference goes after a grace period.
		putVmaRefAfterGracePeriod(k, task.cpu, vma, vma.refcnt!, k.rcu, 'vm_rcu_put');
	},
};

/**
 * `get_vma`: `rcu_read_lock`, `find_vma_rcu` (walk the tree, retry if `mm_seq` moved),
 * `atomic_inc(&vma->vm_ref_count)`, `rcu_read_unlock`.
 */
function* getVma(k: Kernel, vmf: Vmf): Step<Vma | null> {
	const {task, mm} = vmf;
	const seqcount = mm.mmSeq!;
	rcuReadLock(k, task);
	let vma: Vma | null;
	for (;;) {
		const seq = yield* rawReadSeqcount(k, task, seqcount);
		if (seq & 1) {
			yield k.params.cpuRelaxNs;
			continue;
		}
		yield k.lines.load(mm.treeLine, task.cpu, k.now);
		yield k.cost(mm.treeDepth() * k.params.vmaTreeLevelNs);
		vma = mm.findVma(vmf.addr);
		if (!(yield* readSeqcountRetry(k, task, seqcount, seq))) break;
	}
	if (vma !== null) {
		k.checker.useVma(vma, task.cpu, 'get_vma');
		if (pinVma(k)) yield* atomicInc(k, task, vma.refcnt!);
	}
	rcuReadUnlock(k, task);
	return vma;
}

/** `write_seqlock(&mm->mm_seq)` around a tree insert or erase (`mmap_sem` held for write). */
function* writeSeqlockTree(k: Kernel, task: Task, mm: Mm, change: () => Step): Step {
	const seqcount = mm.mmSeq!;
	yield* writeSeqcountBegin(k, task, seqcount);
	yield* change();
	yield* writeSeqcountEnd(k, task, seqcount);
}
