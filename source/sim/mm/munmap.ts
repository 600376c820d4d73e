/**
 * `do_vmi_munmap` of [start, end): under the write lock, split the first and last VMA where
 * the range cuts them (`vms_gather_munmap_vmas` → `__split_vma`), write-lock and detach every
 * VMA inside, downgrade to read, zap their PTEs under each PTL, shoot down TLBs, free page
 * tables no VMA shares any more, then `remove_vma` each (the scheme decides when memory is freed).
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downgradeWrite, downWrite, upRead} from '../locks/rwsem.ts';
import {MmuGather, tlbFinishMmu} from '../mem/mmu-gather.ts';
import {freePgtables} from './free-pgtables.ts';
import type {Mm} from './mm.ts';
import {mmapWriteUnlock} from './mmap-lock.ts';
import {removeVma} from './remove-vma.ts';
import {splitVma} from './vma-adjust.ts';
import type {Vma} from './vma.ts';
import {firstVmaIn, writerBegin, writerChanging, writerEnd} from './writer.ts';
import {zapPteRange} from './zap.ts';

export function* doMunmap(k: Kernel, task: Task, mm: Mm, start: number, end: number): Step {
	const span = writerBegin(k, task, mm, 'munmap', firstVmaIn(mm, start, end)?.id ?? -1, start, end, '__do_munmap');
	yield k.cost(k.params.syscallNs);
	yield* downWrite(k, task, mm.mmapSem, 'mmap_write_lock_killable');
	const first = firstVmaIn(mm, start, end);
	if (first === null) {
		// Nothing mapped there (unmapped by an injection, say): munmap of an empty range succeeds.
		yield* mmapWriteUnlock(k, task, mm);
		writerEnd(k, task, mm, span, null, '__do_munmap');
		return;
	}
	writerChanging(mm, span, task, start, end);
	if (first.start < start) yield* splitVma(k, task, mm, first, start, true);
	const detached: Vma[] = [];
	for (let vma = firstVmaIn(mm, start, end); vma !== null; vma = firstVmaIn(mm, start, end)) {
		if (vma.end > end) yield* splitVma(k, task, mm, vma, end, false);
		yield* k.scheme.vmaStartWrite(k, task, vma);
		yield* k.scheme.vmaUnlink(k, task, mm, vma);
		detached.push(vma);
	}
	yield* k.scheme.vmaEndWriteAll(k, task, mm);
	yield* downgradeWrite(k, task, mm.mmapSem, '__do_munmap');
	// unmap_region
	const tlb = new MmuGather(); // tlb_gather_mmu
	yield* zapPteRange(k, task, mm, tlb, start, end, 'unmap_page_range');
	yield* tlbFinishMmu(k, task, mm, tlb);
	yield* freePgtables(k, task, mm, start, end);
	for (const vma of detached) yield* removeVma(k, task, vma);
	yield* upRead(k, task, mm.mmapSem, 'mmap_read_unlock');
	writerEnd(k, task, mm, span, null, '__do_munmap');
}
