/**
 * Selections stick to their object, not to a row: each frame, the dashboard asks here
 * whether the selected lock or VMA is still where the state says, and gets the action that
 * keeps it (its new row) or moves it to a neighbour when the object went, with a note for
 * the footer. A selection only ever lands on a live VMA by itself.
 */
import type {LockHeat, Snapshot, VmaRow} from '../../stream/index.ts';
import type {UiAction, UiState} from './ui-state.ts';

/** The row of the selected lock: its id's row, else the row the state holds (clamped). */
export function lockRow(locks: readonly LockHeat[], ui: UiState): number {
	const at = ui.lockId === null ? -1 : locks.findIndex(lock => lock.id === ui.lockId);
	return at !== -1 ? at : Math.min(ui.lock, Math.max(0, locks.length - 1));
}

/** What keeps the lock selection on its lock, or moves it to the lock now in its row; null: nothing to do. */
export function followLock(locks: readonly LockHeat[], ui: UiState): UiAction | null {
	if (locks.length === 0) return null;
	const row = lockRow(locks, ui);
	const lock = locks[row]!;
	if (row === ui.lock && lock.id === ui.lockId) return null;
	const gone = ui.lockId !== null && lock.id !== ui.lockId;
	return {type: 'follow-lock', lock: row, id: lock.id, ...(gone ? {note: `${ui.lockId} left the hottest ${locks.length} · selected ${lock.id}`} : {})};
}

/** The selected VMA's row, if it is listed. */
function findVma(rows: readonly VmaRow[], key: {readonly mm: number; readonly vma: number} | null): VmaRow | undefined {
	return key === null ? undefined : rows.find(row => row.mm === key.mm && row.vma === key.vma);
}

/**
 * The live VMA next to where `start` was in `mm`: the first one at or after it, else the
 * last before it, else the first live VMA of any process.
 */
export function neighbourVma(rows: readonly VmaRow[], mm: number, start: number): VmaRow | undefined {
	const live = rows.filter(row => row.live);
	const same = live.filter(row => row.mm === mm);
	return same.find(row => row.start >= start) ?? same.at(-1) ?? live[0];
}

/** The VMA selected when nothing is: the oldest live one (the scenario's own mappings, not a short-lived one). */
export function defaultVma(rows: readonly VmaRow[]): VmaRow | undefined {
	let oldest: VmaRow | undefined;
	for (const row of rows) if (row.live && (oldest === undefined || row.mm < oldest.mm || (row.mm === oldest.mm && row.vma < oldest.vma))) oldest = row;
	return oldest;
}

/**
 * What keeps the VMA selection right for this frame: `shown` are the rows the list draws
 * (freed ones folded away unless listed). After `m`, the VMA the injection allocated; a
 * selected VMA that was live and is not any more (unmapped), or that left the list, gives
 * way to its live neighbour, with a note; null: nothing to do.
 */
export function followVma(snapshot: Pick<Snapshot, 'injectedVma'>, shown: readonly VmaRow[], ui: UiState): UiAction | null {
	const seen = (row: VmaRow) => ({start: row.start, live: row.live});
	const {injectedVma} = snapshot;
	if (ui.awaitMmap !== null && injectedVma.count > ui.awaitMmap) {
		const mapped = findVma(shown, injectedVma.vma);
		if (mapped?.live) return {type: 'follow-vma', vma: {mm: mapped.mm, vma: mapped.vma}, seen: seen(mapped), mmapDone: true};
	}

	const selected = findVma(shown, ui.vma);
	if (selected !== undefined && (selected.live || ui.vmaSeen?.live !== true)) {
		// Still there, live, or chosen by a key while not live: keep it, and note how it is.
		if (ui.vmaSeen?.live === selected.live && ui.vmaSeen.start === selected.start) return null;
		return {type: 'follow-vma', vma: ui.vma!, seen: seen(selected)};
	}

	const start = selected?.start ?? ui.vmaSeen?.start;
	const next = ui.vma === null || start === undefined ? defaultVma(shown) : neighbourVma(shown, ui.vma.mm, start);
	if (next === undefined) return null;
	const why = ui.vma === null || ui.vmaSeen === null ? undefined : selected === undefined && !ui.vmaSeen.live ? 'left the list' : 'was unmapped';
	return {type: 'follow-vma', vma: {mm: next.mm, vma: next.vma}, seen: seen(next), ...(why ? {note: `vma#${ui.vma!.vma} ${why} · selected vma#${next.vma}`} : {})};
}
