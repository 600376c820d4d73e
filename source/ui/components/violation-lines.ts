/**
 * The `!` overlay: the run's first violation as the interleaving `spf-top explain` prints,
 * fitted to the screen. The diagram keeps its time column in place and pans its CPU columns
 * (←→) when wider than the screen; taller than the screen, it scrolls (↑↓ PgUp PgDn) and
 * its last line says how much more there is.
 */
import type {ViolationExtent} from '../hooks/keymap.ts';
import type {ViolationScroll} from '../hooks/ui-state.ts';
import type {ViolationView} from '../session/first-violation.ts';
import {clip} from '../text/fit.ts';
import {formatSimTime} from '../text/format.ts';
import {paint} from '../text/paint.ts';
import {wrap} from './help-lines.ts';
import {paneTitle} from './pane-title.ts';

/** The columns before the first CPU column (the `>>` mark and the time), which never pan. */
function timeColumns(view: ViolationView): number {
	return Math.max(0, view.table[0]?.search(/\S/) ?? 0);
}

/**
 * Every line of the overlay below its title, the diagram panned `column` columns right;
 * `recording`: the file this run is being recorded to, which `spf-top explain` draws again.
 */
function body(view: ViolationView, width: number, column: number, recording: string | null): string[] {
	const {violation: v} = view;
	const indent = (text: string) => wrap(text, width - 1).map(line => ` ${line}`);
	const lines = indent(`${v.kind} at ${formatSimTime(v.t)}: ${v.detail}`).map(line => paint.boldRed(line));
	lines.push('');
	const fixed = timeColumns(view);
	view.table.forEach((line, i) => {
		const rest = line.slice(fixed + column);
		let shown = clip(rest, width - fixed);
		if (column > 0 && shown.length > 0) shown = `…${shown.slice(1)}`;
		const text = line.slice(0, fixed) + shown;
		lines.push(i === 0 ? paint.bold(text) : line.startsWith('>>') ? paint.boldRed(text) : text);
	});
	lines.push('', ...indent(view.sentence));
	if (recording !== null) lines.push(...indent(`spf-top explain ${recording} draws it again from the recording.`).map(line => paint.dim(line)));
	// Tracing would double the live run's events (and its recording's): explain's re-run does it.
	lines.push(...indent('A live run traces no find_vma, set_pte_at or free_pgtables steps: spf-top explain of the same scenario, scheme and seed draws them.').map(line => paint.dim(line)));
	if (view.heldFromNs !== null) lines.push(...indent(`Steps before ${formatSimTime(view.heldFromNs)} may be missing: the dashboard holds only the latest events; spf-top explain draws the whole run.`).map(line => paint.dim(line)));
	return lines;
}

/** How far the overlay scrolls down and pans right at `width` × `height`, and the steps. */
export function violationExtent(view: ViolationView | null, width: number, height: number, recording: string | null = null): ViolationExtent {
	if (view === null) return {rows: 0, columns: 0, page: 1, pan: 1};
	const fixed = timeColumns(view);
	const widest = Math.max(0, ...view.table.map(line => line.length - fixed));
	const lines = body(view, width, 0, recording).length;
	const shown = lines + 1 <= height ? lines : Math.max(1, height - 2);
	return {rows: lines - shown, columns: Math.max(0, widest - (width - fixed)), page: shown, pan: Math.max(8, Math.floor((width - fixed) / 2))};
}

/** The overlay at `width` × `height`: a title, then the diagram from `scroll`; at most `height` lines. */
export function violationLines(view: ViolationView | null, width: number, height: number, scroll: ViolationScroll, recording: string | null = null): string[] {
	if (view === null) return [paneTitle('Race', 'any key closes this', width, true), paint.dim(clip(' No violation in this run so far.', width))].slice(0, height);
	const extent = violationExtent(view, width, height, recording);
	// The keys first: at 80 columns the description is what gets cut.
	const scrolls = extent.rows > 0 ? '↑↓ PgUp PgDn scroll · ' : '';
	const pans = extent.columns > 0 ? '←→ pan · ' : '';
	const title = paneTitle('Race', `first violation · ${scrolls}${pans}any other key closes · one column per CPU, time down`, width, true);
	const row = Math.min(scroll.row, extent.rows);
	const lines = body(view, width, Math.min(scroll.column, extent.columns), recording);
	if (extent.rows === 0) return [title, ...lines].slice(0, height);
	const shown = lines.slice(row, row + extent.page);
	const below = lines.length - row - shown.length;
	const more = below > 0 ? `… ${below} more line${below === 1 ? '' : 's'} (↓ PgDn)` : 'end of the diagram';
	return [title, ...shown, paint.dim(clip(` ${more}${row > 0 ? ` · ${row} above (↑ PgUp)` : ''}`, width))].slice(0, height);
}
