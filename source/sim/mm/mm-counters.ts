/**
 * The mm's counters the fault path writes, each an atomic on a line of the `mm_struct`
 * that every thread of the mm shares:
 *
 * - `mm->pgtables_bytes`: `mm_inc_nr_ptes` / `mm_inc_nr_pmds` when a page table is
 *   installed (`pmd_install`, `__pmd_alloc`, under `mm->page_table_lock`).
 * - `mm->rss_stat`: the rss counters as kernels 2.6.34-6.1 keep them (SPLIT_RSS_COUNTING):
 *   `inc_mm_counter_fast` adds to the task's own `task->rss_stat`, and
 *   `check_sync_rss_stat` folds those into the mm's atomics (`sync_mm_rss`) once the task
 *   has taken more than TASK_RSS_EVENTS_THRESH faults since the last fold. Every scheme
 *   simulated here but per-vma dates from that era; 6.2 replaced this with a
 *   `percpu_counter`, whose batched folds are likewise a periodic shared atomic, so one
 *   model serves all seven. `zap_pte_range` adds its counts straight to the mm
 *   (`add_mm_rss_vec`), once per PTE table.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from './mm.ts';

export const MM_FILEPAGES = 1;
export const MM_ANONPAGES = 2;

/** `task->rss_stat`: the counts not yet folded into the mm (a bit per counter) and the faults since. */
export interface TaskRss {
	pending: number;
	events: number;
}

function taskRss(mm: Mm, task: Task): TaskRss {
	let rss = mm.taskRss.get(task);
	if (rss === undefined) mm.taskRss.set(task, (rss = {pending: 0, events: 0}));
	return rss;
}

/** `inc_mm_counter_fast` / `dec_mm_counter_fast`: task-local, no shared line. */
export function addMmCounterFast(mm: Mm, task: Task, member: number): void {
	taskRss(mm, task).pending |= member;
}

/** `check_sync_rss_stat(current)`, once per fault: `sync_mm_rss` past the threshold. */
export function* checkSyncRssStat(k: Kernel, task: Task, mm: Mm): Step {
	const rss = taskRss(mm, task);
	if (rss.events++ <= k.params.rssSyncEvents) return;
	rss.events = 0;
	const pending = rss.pending;
	rss.pending = 0;
	// One atomic_long_add per counter the task changed.
	if (pending & MM_FILEPAGES) yield* mmCounterAtomic(k, task, mm, 'sync_mm_rss');
	if (pending & MM_ANONPAGES) yield* mmCounterAtomic(k, task, mm, 'sync_mm_rss');
}

/** `add_mm_rss_vec` after zapping one PTE table's pages. */
export function addMmRssVec(k: Kernel, task: Task, mm: Mm): Step {
	return mmCounterAtomic(k, task, mm, 'add_mm_rss_vec');
}

/** `mm_inc_nr_ptes` / `mm_inc_nr_pmds`: one atomic on `mm->pgtables_bytes`. */
export function* mmIncPgtablesBytes(k: Kernel, task: Task, mm: Mm, fn: string): Step {
	const ns = k.lines.rmw(mm.pgtablesBytes, task.cpu, k.now);
	yield ns;
	k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: mm.pgtablesBytes.name, mode: 'atomic', waitNs: ns});
}

function* mmCounterAtomic(k: Kernel, task: Task, mm: Mm, fn: string): Step {
	const ns = k.lines.rmw(mm.rssStat, task.cpu, k.now);
	yield ns;
	k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn, lock: mm.rssStat.name, mode: 'atomic', waitNs: ns});
}
