/** `madvise(MADV_DONTNEED)`: zap a range's PTEs under `mmap_sem` for read; the VMA stays. */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downRead, upRead} from '../locks/rwsem.ts';
import {MmuGather, tlbFinishMmu} from '../mem/mmu-gather.ts';
import type {Mm} from './mm.ts';
import type {Vma} from './vma.ts';
import {writerBegin, writerEnd} from './writer.ts';
import {zapPteRange} from './zap.ts';

export function* doMadviseDontneed(k: Kernel, task: Task, mm: Mm, vma: Vma, start: number, end: number): Step {
	const span = writerBegin(k, task, mm, 'madvise', vma.id, start, end, 'do_madvise');
	yield k.cost(k.params.syscallNs);
	yield* downRead(k, task, mm.mmapSem, 'do_madvise');
	if (!vma.detached) {
		// unmap_page_range: SPF makes vm_sequence odd around it (vm_write_begin/end).
		yield* k.scheme.vmWriteBegin(k, task, vma);
		const tlb = new MmuGather(); // tlb_gather_mmu
		yield* zapPteRange(k, task, mm, tlb, start, end, 'zap_page_range_single');
		yield* k.scheme.vmWriteEnd(k, task, vma);
		yield* tlbFinishMmu(k, task, mm, tlb);
	}
	yield* upRead(k, task, mm.mmapSem, 'do_madvise');
	writerEnd(k, task, mm, span, vma, 'do_madvise');
}
