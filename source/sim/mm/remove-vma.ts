/** `remove_vma`: `->close`, `fput` (now or deferred), then free the structure as the scheme allows. */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {Vma} from './vma.ts';

export function* removeVma(k: Kernel, task: Task, vma: Vma): Step {
	if (vma.file !== null) yield* k.scheme.fput(k, task, vma);
	vma.removedAt = k.now;
	yield* k.scheme.freeVma(k, task, vma);
}
