/**
 * `mprotect_fixup` for one whole VMA: change `vm_flags` and `vm_page_prot`, rewrite its
 * PTEs under each PTL (`change_protection`), flush TLBs; all under `mmap_sem` for write.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downWrite} from '../locks/rwsem.ts';
import type {Mm} from './mm.ts';
import {mmapWriteUnlock} from './mmap-lock.ts';
import {vmGetPageProt} from './pte.ts';
import {flushTlbMm} from './tlb.ts';
import type {Vma} from './vma.ts';
import {writerBegin, writerChanging, writerEnd} from './writer.ts';
import {changePteRange} from './zap.ts';

export function* doMprotect(k: Kernel, task: Task, mm: Mm, vma: Vma, flags: number): Step {
	const span = writerBegin(k, task, mm, 'mprotect', vma.id, vma.start, vma.end, 'do_mprotect_pkey');
	yield k.cost(k.params.syscallNs);
	yield* downWrite(k, task, mm.mmapSem, 'mmap_write_lock_killable');
	if (!vma.detached) {
		writerChanging(mm, span, task, vma.start, vma.end);
		yield* k.scheme.vmaStartWrite(k, task, vma);
		vma.flags = flags;
		vma.pageProt = vmGetPageProt(flags);
		yield* changePteRange(k, task, mm, vma.start, vma.end, flags, 'change_protection');
		yield* flushTlbMm(k, task, mm, 'flush_tlb_range');
		yield* k.scheme.vmaEndWrite(k, task, vma);
	}
	yield* mmapWriteUnlock(k, task, mm);
	writerEnd(k, task, mm, span, vma, 'do_mprotect_pkey');
}
