/**
 * The `compare` table in a terminal: `@alcalzone/ink-table` rendered once with Ink, then
 * unmounted, so the frame stays on screen like ordinary output. When every column does not
 * fit the terminal, the wide text columns (aborts, lock wait) move to a second table beside
 * the scheme, so the lock waits stay at 120 columns; what still does not fit is left out,
 * least important first, and named under the tables.
 */
import {Table} from '@alcalzone/ink-table';
import {Box, render, Text} from 'ink';
import {compareRows, compareTitle, type CompareReport} from './compare.ts';

/** Columns given up when the terminal is too narrow, first to last. */
const optional = ['lock wait', 'aborts', 'deferred frees', 'p99', 'vs mmap-sem'];

/** Width of an ink-table with these columns: each cell padded by one space, plus the borders. */
export function tableWidth(columns: readonly string[], rows: readonly Record<string, string>[]): number {
	return 1 + columns.reduce((sum, c) => sum + Math.max(c.length, ...rows.map(r => r[c]!.length)) + 3, 0);
}

/** The columns that fit in `width`, and those left out (in the order of `dropOrder`). */
export function fitColumns(columns: readonly string[], rows: readonly Record<string, string>[], width: number, dropOrder: readonly string[] = optional): {readonly shown: string[]; readonly hidden: string[]} {
	const shown = [...columns];
	const hidden: string[] = [];
	for (const column of dropOrder) {
		if (tableWidth(shown, rows) <= width) break;
		const at = shown.indexOf(column);
		if (at < 0) continue;
		shown.splice(at, 1);
		hidden.push(column);
	}
	return {shown, hidden};
}

/** The wide text columns, which get a table of their own when the whole table does not fit. */
const detailColumns = ['aborts', 'lock wait'];

export interface CompareTables {
	/** Columns of the first table. */
	readonly main: readonly string[];
	/** Columns of the second table (`scheme` and the detail), or null when there is one table. */
	readonly detail: readonly string[] | null;
	readonly hidden: readonly string[];
}

/** One table when everything fits `width`; else the numbers, then the aborts and lock waits per scheme. */
export function splitTables(columns: readonly string[], rows: readonly Record<string, string>[], width: number): CompareTables {
	const whole = fitColumns(columns, rows, width);
	if (whole.hidden.length === 0) return {main: whole.shown, detail: null, hidden: []};
	const main = fitColumns(columns.filter(c => !detailColumns.includes(c)), rows, width);
	// The lock waits are what a comparison is read for: the aborts give way first.
	const detail = fitColumns(['scheme', ...detailColumns], rows, width, detailColumns);
	return {main: main.shown, detail: detail.shown.length > 1 ? detail.shown : null, hidden: [...detail.hidden, ...main.hidden]};
}

function detailTitle(detail: readonly string[]): string {
	const wait = 'lock wait: each lock class\'s share of all CPU time';
	if (!detail.includes('lock wait')) return 'aborts by reason';
	return detail.includes('aborts') ? `aborts by reason; ${wait}` : wait;
}

export interface CompareTableProps {
	readonly report: CompareReport;
	/**
	 * Terminal width in columns.
	 *
	 * @default 100
	 */
	readonly width?: number;
}

export function CompareTable({report, width = 100}: CompareTableProps) {
	const {columns, rows} = compareRows(report);
	const {main, detail, hidden} = splitTables(columns, rows, width);
	return (
		<Box flexDirection="column">
			<Text bold>{compareTitle(report)}</Text>
			<Table data={rows as Record<string, string>[]} columns={[...main]} />
			{detail && <Text bold>{detailTitle(detail)}</Text>}
			{detail && <Table data={rows as Record<string, string>[]} columns={[...detail]} />}
			{hidden.length > 0 && <Text dimColor>{`left out at this width: ${hidden.join(', ')} (widen the terminal, pipe it, or use --json)`}</Text>}
		</Box>
	);
}

/** Renders the table to `stdout` (a TTY) and returns once it is written. */
export async function renderCompareTable(report: CompareReport, stdout: NodeJS.WriteStream): Promise<void> {
	const instance = render(<CompareTable report={report} width={stdout.columns || 100} />, {stdout, patchConsole: false, exitOnCtrlC: false});
	await new Promise(resolve => setImmediate(resolve));
	instance.unmount();
	await instance.waitUntilExit();
}
