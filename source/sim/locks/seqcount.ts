/**
 * `seqcount_t` (`vma->vm_sequence`): writers make it odd while they change the protected
 * data; readers only load it, which is cheap until a writer has just stored to the line.
 */
import type {CacheLine} from '../cacheline.ts';
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';

export class SeqCount {
	readonly line: CacheLine;
	sequence = 0;

	constructor(k: Kernel, readonly id: string) {
		this.line = k.line(id);
	}
}

/** `raw_read_seqcount`: the value as loaded, odd while a writer is inside. */
export function* rawReadSeqcount(k: Kernel, task: Task, s: SeqCount): Step<number> {
	yield k.lines.load(s.line, task.cpu, k.now);
	return s.sequence;
}

/** `read_seqcount_retry`: true when the count moved since `start` was read. */
export function* readSeqcountRetry(k: Kernel, task: Task, s: SeqCount, start: number): Step<boolean> {
	yield k.lines.load(s.line, task.cpu, k.now);
	return s.sequence !== start;
}

/** `write_seqcount_begin` (the count becomes odd). */
export function* writeSeqcountBegin(k: Kernel, task: Task, s: SeqCount): Step {
	yield k.lines.store(s.line, task.cpu, k.now);
	s.sequence++;
}

/** `write_seqcount_end` (the count becomes even again). */
export function* writeSeqcountEnd(k: Kernel, task: Task, s: SeqCount): Step {
	yield k.lines.store(s.line, task.cpu, k.now);
	s.sequence++;
}
