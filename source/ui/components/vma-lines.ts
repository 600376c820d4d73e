/**
 * The VMA list: live VMAs by process and address, then the recently freed ones; one is
 * selected (for `u`, `p`, `f`) and the window scrolls to keep it in view.
 *
 * `seq` is the VMA's write sequence as SPF's `vm_sequence` would count it, derived from the
 * writer operations seen on it (two per completed operation, odd while one runs); `refs`
 * is the faults in flight on it now (what a VMA refcount pins).
 */
import type {VmaRow} from '../../stream/index.ts';
import type {VmaKey} from '../hooks/ui-state.ts';
import type {ColumnSpec} from '../text/columns.ts';
import {headerRow, planColumns, tableRow} from '../text/columns.ts';
import {hex, size} from '../text/format.ts';
import {paint} from '../text/paint.ts';
import {paneTitle} from './pane-title.ts';

type VmaKeyName = 'sel' | 'mm' | 'id' | 'start' | 'size' | 'kind' | 'prot' | 'seq' | 'refs' | 'faults' | 'state';

const vmaColumns: ReadonlyArray<ColumnSpec<VmaKeyName>> = [
	{key: 'sel', header: '', width: 1},
	{key: 'mm', header: 'MM', width: 3, right: true, drop: 6},
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

/** What is happening to a VMA: `live`, a writer running on it, or freed (`freed/rcu`: after a grace period). */
export function vmaState(row: VmaRow): string {
	if (row.live) return row.writer ? `${row.writer}…` : 'live';
	if (row.deferredBy === null || row.deferredBy === 'none') return 'freed';
	return `freed/${row.deferredBy === 'refcount' ? 'ref' : row.deferredBy}`;
}

/** The first row of `rows` at or after `index`-th place, for a selection whose VMA vanished. */
export function selectedIndex(rows: readonly VmaRow[], selected: VmaKey | null): number {
	if (selected === null) return -1;
	return rows.findIndex(row => row.mm === selected.mm && row.vma === selected.vma);
}

export interface VmaLinesInput {
	readonly rows: readonly VmaRow[];
	readonly selected: VmaKey | null;
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
}

export function vmaLines(input: VmaLinesInput): string[] {
	const {rows, width, height} = input;
	const live = rows.filter(row => row.live).length;
	const title = paneTitle('VMAs', `${live} live, ${rows.length - live} freed · u munmap p mprotect f storm`, width, input.focused);
	const multipleMms = rows.some(row => row.mm !== rows[0]!.mm);
	const columns = planColumns(
		vmaColumns.filter(column => column.key !== 'mm' || multipleMms),
		width,
	);
	const lines = [title, paint.dim(headerRow(columns))];
	const room = Math.max(0, height - 2);
	const at = selectedIndex(rows, input.selected);
	// Keep the selection in the window, with a row of context above it when there is room.
	const first = Math.max(0, Math.min(at - (room > 2 ? 1 : 0), rows.length - room));
	for (const row of rows.slice(first, first + room)) {
		const {prot, kind} = splitFlags(row.flags);
		const selected = sameVma(row, input.selected);
		const text = tableRow(columns, {
			sel: selected ? '▶' : '',
			mm: String(row.mm),
			id: `#${row.vma}`,
			start: hex(row.start),
			size: size(row.end - row.start),
			kind,
			prot,
			seq: String(row.writes * 2 + (row.writer ? 1 : 0)),
			refs: String(row.inFlight),
			faults: String(row.faults),
			state: vmaState(row),
		});
		lines.push(selected ? paint.inverse(text) : row.live ? (row.writer ? paint.cyan(text) : text) : paint.dim(text));
	}

	if (rows.length === 0) lines.push(paint.dim(' no VMA yet'));
	return lines;
}
