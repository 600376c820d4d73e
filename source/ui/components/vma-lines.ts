/**
 * The VMA list: live VMAs by process and address (as `/proc/PID/maps` lists them), then the
 * unmapped ones still waiting to be freed (`freeing`: a grace period, a last reference),
 * then the recently freed ones, dimmed, folded into one `N freed` row unless `e` lists
 * them; one is selected (for `u`, `p`, `f`) and the window scrolls to keep it in view.
 *
 * `seq` is the VMA's write sequence as SPF's `vm_sequence` would count it, derived from the
 * writer operations seen on it (two per completed operation, odd while one runs); `refs`
 * is the faults in flight on it now (what a VMA refcount pins).
 */
import type {VmaRow} from '../../stream/index.ts';
import type {VmaKey} from '../hooks/ui-state.ts';
import type {ColumnSpec} from '../text/columns.ts';
import {headerRow, planColumns, tableRow} from '../text/columns.ts';
import {clip} from '../text/fit.ts';
import {compactNs, hex, size} from '../text/format.ts';
import {paint} from '../text/paint.ts';
import {paneTitle} from './pane-title.ts';

type VmaKeyName = 'sel' | 'mm' | 'id' | 'start' | 'size' | 'kind' | 'prot' | 'seq' | 'refs' | 'faults' | 'state';

const vmaColumns: ReadonlyArray<ColumnSpec<VmaKeyName>> = [
	{key: 'sel', header: '', width: 1},
	{key: 'mm', header: 'MM', width: 4, right: true, drop: 2},
	{key: 'id', header: 'VMA', width: 4, right: true},
	{key: 'start', header: 'START', width: 12, right: true, drop: 5},
	{key: 'size', header: 'SIZE', width: 4, right: true},
	{key: 'kind', header: 'KIND', width: 6},
	{key: 'prot', header: 'PROT', width: 4},
	{key: 'seq', header: 'SEQ', width: 3, right: true, drop: 3},
	{key: 'refs', header: 'REFS', width: 4, right: true, drop: 4},
	{key: 'faults', header: 'FAULTS', width: 6, right: true},
	{key: 'state', header: 'STATE', width: 10, grow: 20, drop: 1},
];

/** The same VMA? */
export function sameVma(a: VmaKey | null, b: VmaKey | null): boolean {
	return a !== null && b !== null && a.mm === b.mm && a.vma === b.vma;
}

/** `rw-p anon` → protection `rw-` and kind `anon p` (anon or file, private or shared). */
export function splitFlags(flags: string): {readonly prot: string; readonly kind: string} {
	const [mode = '----', kind = ''] = flags.split(' ');
	return {prot: mode.slice(0, 3), kind: `${kind} ${mode[3] === 's' ? 's' : 'p'}`};
}

/**
 * What is happening to a VMA: `live`, a writer running on it, unmapped and waiting to be
 * freed (`freeing 1.2ms`, since the unmap), or freed (`freed/rcu`: after a grace period).
 */
export function vmaState(row: VmaRow, nowNs: number): string {
	if (row.live) return row.writer ? `${row.writer}…` : 'live';
	if (row.unmappedAtNs !== null && row.freedAtNs === null) return `freeing ${compactNs(Math.max(0, nowNs - row.unmappedAtNs))}`;
	if (row.deferredBy === null || row.deferredBy === 'none') return 'freed';
	return `freed/${row.deferredBy === 'refcount' ? 'ref' : row.deferredBy}`;
}

/** Index of the selected VMA in `rows`, or -1. */
export function selectedIndex(rows: readonly VmaRow[], selected: VmaKey | null): number {
	if (selected === null) return -1;
	return rows.findIndex(row => row.mm === selected.mm && row.vma === selected.vma);
}

/** Freed for good (not live, not waiting for a grace period). */
export function isFreed(row: VmaRow): boolean {
	return row.freedAtNs !== null;
}

/** The rows the list draws one line each: freed VMAs only when `showFreed` (else one `N freed` row stands for them). */
export function shownVmas(rows: readonly VmaRow[], showFreed: boolean): readonly VmaRow[] {
	return showFreed ? rows : rows.filter(row => !isFreed(row));
}

export interface VmaLinesInput {
	readonly rows: readonly VmaRow[];
	readonly selected: VmaKey | null;
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	/** List the freed VMAs (`e`), instead of one `N freed` row. */
	readonly showFreed?: boolean;
	/** Simulated time now, for how long a VMA has been waiting to be freed. */
	readonly nowNs?: number;
	/** Several processes run: the MM column names each VMA's. */
	readonly multiProcess?: boolean;
}

export function vmaLines(input: VmaLinesInput): string[] {
	const {rows, width, height, showFreed = false, nowNs = 0} = input;
	const live = rows.filter(row => row.live).length;
	const freed = rows.filter(isFreed).length;
	const freeing = rows.length - live - freed;
	const counts = `${live} live${freeing > 0 ? `, ${freeing} freeing` : ''}, ${freed} freed`;
	const title = paneTitle('VMAs', `${counts} · u munmap p mprotect f storm${freed > 0 ? ` · e ${showFreed ? 'folds' : 'lists'} freed` : ''}`, width, input.focused);
	const multipleMms = input.multiProcess ?? rows.some(row => row.mm !== rows[0]!.mm);
	const columns = planColumns(
		vmaColumns.filter(column => column.key !== 'mm' || multipleMms),
		width,
	);
	const lines = [title, paint.dim(headerRow(columns))];
	const room = Math.max(0, height - 2);
	const shown = shownVmas(rows, showFreed);
	const folded = showFreed || freed === 0 ? 0 : 1;
	const at = selectedIndex(shown, input.selected);
	// Keep the selection in the window, with a row of context above it when there is room.
	const first = Math.max(0, Math.min(at - (room > 2 ? 1 : 0), shown.length + folded - room));
	for (const row of shown.slice(first, first + room)) {
		const {prot, kind} = splitFlags(row.flags);
		const selected = sameVma(row, input.selected);
		const text = tableRow(columns, {
			sel: selected ? '▶' : '',
			mm: `mm${row.mm}`,
			id: `#${row.vma}`,
			start: hex(row.start),
			size: size(row.end - row.start),
			kind,
			prot,
			seq: String(row.writes * 2 + (row.writer ? 1 : 0)),
			refs: String(row.inFlight),
			faults: String(row.faults),
			state: vmaState(row, nowNs),
		});
		lines.push(selected ? paint.inverse(text) : row.live ? (row.writer ? paint.cyan(text) : text) : isFreed(row) ? paint.dim(text) : paint.yellow(text));
	}

	if (folded > 0 && lines.length < height) lines.push(paint.dim(clip(`   ${freed} freed (e lists them)`, width)));
	if (rows.length === 0) lines.push(paint.dim(' no VMA yet'));
	return lines;
}
