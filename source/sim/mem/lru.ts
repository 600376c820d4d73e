/**
 * The LRU lists of one node (`struct lruvec`, mm/swap.c). A new folio goes into this CPU's
 * `cpu_fbatches.lru_add` batch (`folio_add_lru`); when the batch is full,
 * `folio_batch_move_lru` moves it onto the lists under `lruvec->lru_lock` at once. Freeing
 * takes the same lock to delete folios from the lists (`folios_put_refs`, one lock hold per
 * folio batch). All processes share one memcg here, so there is one lruvec per node.
 * Freed folios are taken to be on the lists already: a fault's batch is short, a munmap long.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {SpinLock, spinLock, spinUnlock} from '../locks/spinlock.ts';

export class Lruvec {
	readonly lock: SpinLock;
	/** Folios in every CPU's `lru_add` batch for this node. */
	readonly lruAdd: Uint8Array;

	constructor(k: Kernel, readonly node: number) {
		this.lock = new SpinLock(k, `node${node}:lru_lock`, false);
		this.lruAdd = new Uint8Array(k.cpus.length);
	}
}

/** `folio_add_lru`: into this CPU's batch; a full batch goes onto the lists. */
export function* folioAddLru(k: Kernel, task: Task, lruvec: Lruvec): Step {
	const n = ++lruvec.lruAdd[task.cpu]!;
	if (n < Math.min(255, Math.max(1, k.params.folioBatchSize))) return;
	lruvec.lruAdd[task.cpu] = 0;
	yield* lruLocked(k, task, lruvec, n, 'folio_batch_move_lru');
}

/** `lruvec_del_folio` for `nr` folios being freed, under one hold of `lru_lock`. */
export function* lruvecDelFolios(k: Kernel, task: Task, lruvec: Lruvec, nr: number): Step {
	yield* lruLocked(k, task, lruvec, nr, 'folios_put_refs');
}

function* lruLocked(k: Kernel, task: Task, lruvec: Lruvec, nr: number, fn: string): Step {
	yield* spinLock(k, task, lruvec.lock, fn);
	yield k.cost(nr * k.params.lruPageNs);
	yield* spinUnlock(k, task, lruvec.lock, fn);
}
