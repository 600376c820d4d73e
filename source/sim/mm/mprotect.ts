/**
 * `do_mprotect_pkey` of [start, end), under `mmap_sem` for write: for each VMA in the range
 * whose flags change, `mprotect_fixup` splits off the parts outside the range
 * (`vma_modify_flags` → `__split_vma`; merging the result with a neighbour, as
 * `vma_merge_existing_range` would, is not modelled), changes `vm_flags` and `vm_page_prot`,
 * rewrites its PTEs under each PTL (`change_protection`) and flushes TLBs.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downWrite} from '../locks/rwsem.ts';
import type {Mm} from './mm.ts';
import {mmapWriteUnlock} from './mmap-lock.ts';
import {vmGetPageProt} from './pte.ts';
import {flushTlbMm} from './tlb.ts';
import {splitVma} from './vma-adjust.ts';
import type {Vma} from './vma.ts';
import {firstVmaIn, writerBegin, writerChanging, writerEnd} from './writer.ts';
import {changePteRange} from './zap.ts';

export function* doMprotect(k: Kernel, task: Task, mm: Mm, start: number, end: number, flags: number): Step {
	const span = writerBegin(k, task, mm, 'mprotect', firstVmaIn(mm, start, end)?.id ?? -1, start, end, 'do_mprotect_pkey');
	yield k.cost(k.params.syscallNs);
	yield* downWrite(k, task, mm.mmapSem, 'mmap_write_lock_killable');
	let last: Vma | null = null;
	if (firstVmaIn(mm, start, end) !== null) writerChanging(mm, span, task, start, end);
	for (let vma = firstVmaIn(mm, start, end); vma !== null; vma = firstVmaIn(mm, vma.end, end)) {
		last = vma;
		if (vma.flags === flags) continue;
		if (vma.start < start) yield* splitVma(k, task, mm, vma, start, true);
		if (vma.end > end) yield* splitVma(k, task, mm, vma, end, false);
		yield* mprotectFixup(k, task, mm, vma, flags);
	}
	yield* mmapWriteUnlock(k, task, mm);
	writerEnd(k, task, mm, span, last, 'do_mprotect_pkey');
}

/** `mprotect_fixup` once the VMA is exactly the range: write-lock, new flags, `change_protection`. */
function* mprotectFixup(k: Kernel, task: Task, mm: Mm, vma: Vma, flags: number): Step {
	yield* k.scheme.vmaStartWrite(k, task, vma);
	vma.flags = flags;
	vma.pageProt = vmGetPageProt(flags);
	yield* changePteRange(k, task, mm, vma.start, vma.end, flags, 'change_protection');
	yield* flushTlbMm(k, task, mm, 'flush_tlb_range');
	yield* k.scheme.vmaEndWrite(k, task, vma);
}
