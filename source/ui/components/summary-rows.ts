/**
 * The summary table's data: totals per lock class for the current run, or one row per
 * scheme run so far (same scenario and seed; `s` runs the next; a scheme run again replaces
 * its row). Columns that would make the table wider than its pane are left out, last
 * first, and named; rows that would not fit are cut, and counted.
 */
import {percent, rate} from '../../format/numbers.ts';
import type {Frame, SchemeTotals} from '../session/frame.ts';
import {compactNs, formatSimTime} from '../text/format.ts';

export type SummaryRow = Record<string, string>;

export interface SummaryTableData {
	readonly title: string;
	readonly columns: readonly string[];
	readonly rows: readonly SummaryRow[];
	/** Rows left out for lack of room. */
	readonly hidden: number;
	/** Columns left out for lack of room. */
	readonly hiddenColumns: readonly string[];
}

/**
 * One entry per scheme, its latest run, in the order the schemes were first run: `s`
 * cycles through the schemes, so after a full cycle the table is as long as the list.
 */
export function latestPerScheme(totals: readonly SchemeTotals[]): SchemeTotals[] {
	const latest = new Map<string, SchemeTotals>();
	for (const entry of totals) {
		const seen = latest.get(entry.scheme);
		// Setting a key again keeps its first place: rows stay in the order schemes first ran.
		if (seen === undefined || entry.run >= seen.run) latest.set(entry.scheme, entry);
	}

	return [...latest.values()];
}

/** Width of an ink-table: each column padded by 1 on both sides, plus a border between and around. */
export function tableWidth(columns: readonly string[], rows: readonly SummaryRow[]): number {
	let width = 1;
	for (const column of columns) width += 3 + Math.max(column.length, ...rows.map(row => (row[column] ?? '').length));
	return width;
}

/** Data rows that fit in `height` lines (title, then 3 border lines and 2 lines per row). */
export function summaryRowsThatFit(height: number): number {
	return Math.max(0, Math.floor((height - 4) / 2));
}

export function summaryTable(frame: Frame, kind: 'locks' | 'schemes', width: number, height: number): SummaryTableData {
	const all = kind === 'locks' ? lockRows(frame) : schemeRows(frame);
	const fit = summaryRowsThatFit(height);
	const rows = all.slice(0, fit);
	const every = kind === 'locks' ? ['lock', 'wait', 'cpu time', 'acquired', 'contended'] : ['scheme', 'simulated', 'faults/s', 'spec', 'aborts', 'p99', 'violations'];
	let columns = every;
	while (columns.length > 1 && tableWidth(columns, rows) > width) columns = columns.slice(0, -1);
	const title = kind === 'locks' ? `per lock class, this run (${formatSimTime(frame.summary.simNs)})` : `per scheme, latest run, seed ${frame.seed}`;
	return {title, columns, rows, hidden: all.length - rows.length, hiddenColumns: every.slice(columns.length)};
}

function lockRows(frame: Frame): SummaryRow[] {
	return frame.summary.locks.map(lock => ({
		lock: lock.lockClass,
		wait: compactNs(lock.waitNs),
		'cpu time': percent(lock.waitShare),
		acquired: String(lock.acquisitions),
		contended: String(lock.contended),
	}));
}

function schemeRows(frame: Frame): SummaryRow[] {
	return latestPerScheme(frame.schemeTotals).map(({scheme, run, summary}) => ({
		scheme: `${run === frame.run ? '▶' : ' '}${scheme}`,
		simulated: formatSimTime(summary.simNs),
		'faults/s': rate(summary.faultsPerSec),
		spec: percent(summary.speculativeShare),
		aborts: String(summary.aborts.total),
		p99: compactNs(summary.latencyNs.p99),
		violations: String(summary.violations.count),
	}));
}
