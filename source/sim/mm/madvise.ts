/**
 * `madvise(MADV_DONTNEED)` of [start, end): zap each VMA's part of the range under `mmap_sem`
 * for read (`zap_page_range_single`). The VMAs stay as they are: DONTNEED changes no
 * `vm_flags`, so unlike the advice that does (`madvise_update_vma`) it never splits one.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downRead, upRead} from '../locks/rwsem.ts';
import {MmuGather, tlbFinishMmu} from '../mem/mmu-gather.ts';
import type {Mm} from './mm.ts';
import type {Vma} from './vma.ts';
import {firstVmaIn, writerBegin, writerEnd} from './writer.ts';
import {zapPteRange} from './zap.ts';

export function* doMadviseDontneed(k: Kernel, task: Task, mm: Mm, start: number, end: number): Step {
	const span = writerBegin(k, task, mm, 'madvise', firstVmaIn(mm, start, end)?.id ?? -1, start, end, 'do_madvise');
	yield k.cost(k.params.syscallNs);
	yield* downRead(k, task, mm.mmapSem, 'do_madvise');
	let last: Vma | null = null;
	for (let vma = firstVmaIn(mm, start, end); vma !== null; vma = firstVmaIn(mm, vma.end, end)) {
		last = vma;
		// unmap_page_range: SPF makes vm_sequence odd around it (vm_write_begin/end).
		yield* k.scheme.vmWriteBegin(k, task, vma);
		const tlb = new MmuGather(); // tlb_gather_mmu
		yield* zapPteRange(k, task, mm, tlb, Math.max(start, vma.start), Math.min(end, vma.end), 'zap_page_range_single');
		yield* k.scheme.vmWriteEnd(k, task, vma);
		yield* tlbFinishMmu(k, task, mm, tlb);
	}
	yield* upRead(k, task, mm.mmapSem, 'do_madvise');
	writerEnd(k, task, mm, span, last, 'do_madvise');
}
