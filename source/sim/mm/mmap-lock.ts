/** `mm/mmap_lock.c`: releasing `mmap_lock` for write. */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {upWrite} from '../locks/rwsem.ts';
import type {Mm} from './mm.ts';

/** `mmap_write_unlock`: end the scheme's VMA write sections (`vma_end_write_all`), then `up_write`. */
export function* mmapWriteUnlock(k: Kernel, task: Task, mm: Mm): Step {
	yield* k.scheme.vmaEndWriteAll(k, task, mm);
	yield* upWrite(k, task, mm.mmapSem, 'mmap_write_unlock');
}
