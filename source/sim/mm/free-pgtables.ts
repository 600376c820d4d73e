/**
 * `free_pgtables`: unlink the PTE tables of an unmapped range that no remaining VMA
 * shares, and free them (now, or after a grace period for schemes that walk page tables
 * without `mmap_sem`). Runs with `mmap_sem` held (for read after the munmap downgrade)
 * and without `mm->page_table_lock`: a walker that allocates tables without `mmap_sem`
 * can install one here after the unlink, and it leaks.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from './mm.ts';
import {pmdKey} from './pgtable.ts';

export function* freePgtables(k: Kernel, task: Task, mm: Mm, start: number, end: number): Step {
	for (const table of mm.pteTablesIn(start, end)) {
		if (mm.intersects(table.base, table.end)) continue;
		yield k.cost(k.params.pgtableLevelNs * 2);
		mm.pteTables.delete(pmdKey(table.base));
		k.checker.pteTableUnlinked(table, task.cpu);
		yield* k.scheme.freePteTable(k, task, mm, table);
	}
}
