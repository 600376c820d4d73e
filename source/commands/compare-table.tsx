/**
 * The `compare` table in a terminal: `@alcalzone/ink-table` rendered once with Ink, then
 * unmounted, so the frame stays on screen like ordinary output. Columns that do not fit
 * the terminal are left out, least important first, and named under the table.
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

/** The columns that fit in `width`, and those left out. */
export function fitColumns(columns: readonly string[], rows: readonly Record<string, string>[], width: number): {readonly shown: string[]; readonly hidden: string[]} {
	const shown = [...columns];
	const hidden: string[] = [];
	for (const column of optional) {
		if (tableWidth(shown, rows) <= width) break;
		const at = shown.indexOf(column);
		if (at < 0) continue;
		shown.splice(at, 1);
		hidden.push(column);
	}
	return {shown, hidden};
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
	const {shown, hidden} = fitColumns(columns, rows, width);
	return (
		<Box flexDirection="column">
			<Text bold>{compareTitle(report)}</Text>
			<Table data={rows as Record<string, string>[]} columns={shown} />
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
