/**
 * The CPU pane's lines for each view (`cpuView`): what each CPU is doing now, in colour and
 * in words, with its rates over the last window and a sparkline of recent faults/s.
 */
import {percent, rate} from '../../format/numbers.ts';
import type {CpuActivity, CpuSnapshot} from '../../stream/index.ts';
import {hiddenColumns, planColumns, headerRow, tableRow} from '../text/columns.ts';
import type {Column, ColumnSpec} from '../text/columns.ts';
import {clip, fit, fitEnd, joinFitting} from '../text/fit.ts';
import {compactNs} from '../text/format.ts';
import type {Paint} from '../text/paint.ts';
import {paint} from '../text/paint.ts';
import {bar, sparkline} from '../text/sparkline.ts';
import type {CpuView} from './cpu-layout.ts';
import {gridCellWidth, gridLabelWidth} from './cpu-layout.ts';
import {paneTitle} from './pane-title.ts';

/** A CPU's state as a letter (grid), words (panes and lines) and a colour. */
export function describeActivity(activity: CpuActivity): {readonly letter: string; readonly words: string; readonly paint: Paint} {
	switch (activity.state) {
		case 'idle':
			return {letter: '·', words: 'idle', paint: paint.gray};
		case 'user':
			return {letter: 'u', words: 'user', paint: paint.green};
		case 'fault':
			return {letter: 'f', words: `fault ${activity.fn}`, paint: paint.cyan};
		case 'syscall':
			return {letter: 'w', words: `${activity.op} ${activity.fn}`, paint: paint.blue};
		case 'spin':
			return {letter: 's', words: `spin ${activity.lock}`, paint: paint.yellow};
		case 'sleep':
			return {letter: 'z', words: `sleep ${activity.lock}`, paint: paint.magenta};
	}
}

/** Aborts by reason, most first: `vma_changed 3 access 1`. */
export function abortsText(aborts: Readonly<Record<string, number>>): string {
	return abortEntries(aborts).join(' ') || '0';
}

function abortEntries(aborts: Readonly<Record<string, number>>): string[] {
	return Object.entries(aborts)
		.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
		.map(([reason, n]) => `${reason} ${n}`);
}

/**
 * Aborts in at most `width` columns, whole reasons only: the reasons that fit, then
 * `+N` for the aborts of the rest (`vma_changed 3 +2`); the total when none fits.
 */
export function abortsFit(aborts: Readonly<Record<string, number>>, width: number): string {
	const all = abortsText(aborts);
	if (all.length <= width) return all;
	const counts = Object.values(aborts);
	const total = counts.reduce((sum, n) => sum + n, 0);
	const entries = abortEntries(aborts);
	for (let shown = entries.length - 1; shown > 0; shown--) {
		const rest = counts.sort((a, b) => b - a).slice(shown).reduce((sum, n) => sum + n, 0);
		const text = `${entries.slice(0, shown).join(' ')} +${rest}`;
		if (text.length <= width) return text;
	}

	return String(total);
}

export interface CpuLinesInput {
	readonly cpus: readonly CpuSnapshot[];
	/** From `cpuView`: panes, lines or grid. */
	readonly view: CpuView;
	readonly width: number;
	readonly focused: boolean;
	readonly selected: number;
	/** Length of one rate window: each sparkline column is one. */
	readonly windowNs: number;
}

/** More than one process runs on the CPUs: each CPU says whose thread it runs. */
export function multiProcess(cpus: readonly CpuSnapshot[]): boolean {
	return cpus.some(cpu => cpu.mm !== null && cpu.mm > 0);
}

/** `mm3`, or `mm?` before the CPU's first fault. */
function mmLabel(cpu: CpuSnapshot): string {
	return `mm${cpu.mm ?? '?'}`;
}

export function cpuLines(input: CpuLinesInput): string[] {
	const {view} = input;
	const max = sparkMax(input.cpus);
	const columns = view.mode === 'lines' ? planColumns(lineColumnsFor(input.cpus), input.width) : [];
	const hidden = view.mode === 'lines' ? hiddenColumns(lineColumnsFor(input.cpus), columns) : [];
	const mode = view.mode === 'grid' ? gridInfo(input) : view.mode === 'panes' ? 'one pane each' : 'one line each';
	// What the sparklines are, so a bar reads as a number: per window, scaled to the busiest CPU.
	const history = view.mode === 'panes' || columns.some(column => column.key === 'history') ? `▁▄█ flt/s per ${compactNs(input.windowNs)}, █ ${rate(max)}` : '';
	// Parts that do not fit are left out whole, so no figure in the title is cut.
	const info = [`${input.cpus.length}`, mode, hidden.length > 0 ? `hidden: ${hidden.join(', ')}` : '', history].filter(Boolean);
	const title = paneTitle('CPUs', joinFitting(info, input.width - 'CPUs'.length - 4, ' · ').text, input.width, input.focused);
	switch (view.mode) {
		case 'panes':
			return [title, ...paneRows(input, view.perRow, view.paneWidth, max)];
		case 'lines':
			return [title, ...lineRows(input, columns, max)];
		case 'grid':
			return [title, ...gridRows(input, view.perRow, view.firstRow, view.rows, max)];
	}
}

function gridInfo(input: CpuLinesInput): string {
	const {view} = input;
	if (view.mode !== 'grid' || view.rows === view.totalRows) return 'grid';
	const first = view.firstRow * view.perRow;
	return `grid · CPUs ${first}-${Math.min(input.cpus.length, (view.firstRow + view.rows) * view.perRow) - 1} shown (↑↓ scroll)`;
}

/** The largest value of any CPU's sparkline, so sparklines compare across CPUs. */
function sparkMax(cpus: readonly CpuSnapshot[]): number {
	let max = 0;
	for (const cpu of cpus) for (const value of cpu.sparkline) if (value > max) max = value;
	return max;
}

function paneRows(input: CpuLinesInput, perRow: number, paneWidth: number, max: number): string[] {
	const {cpus} = input;
	const processes = multiProcess(cpus);
	const lines: string[] = [];
	for (let first = 0; first < cpus.length; first += perRow) {
		const group = cpus.slice(first, first + perRow);
		const panes = group.map(cpu => onePane(cpu, paneWidth, input.focused && cpu.cpu === input.selected, max, processes));
		// The last pane of a row is not padded: blank cells cost Ink nothing, characters do.
		for (let line = 0; line < panes[0]!.length; line++) lines.push(panes.map(pane => pane[line]!).join(' ').trimEnd());
	}

	return lines;
}

/**
 * One CPU's pane. Every figure has a fixed widest form (`1.28M`, `100%`, `1.2ms`), and each
 * line holds its figures at their widest in the narrowest pane (`minCpuPaneWidth`), so no
 * figure is ever cut; only the state's words and the abort reasons give way, marked.
 */
function onePane(cpu: CpuSnapshot, width: number, selected: boolean, max: number, processes: boolean): string[] {
	const state = describeActivity(cpu.activity);
	const name = `${selected ? '>' : ' '}cpu${cpu.cpu}`;
	const label = fit(processes ? `${name} ${mmLabel(cpu)}` : name, processes ? 12 : 7);
	const spec = ` spec ${percent(cpu.speculativeShare)}`;
	return [
		(selected ? paint.inverse(label) : paint.bold(label)) + state.paint(fit(state.words, width - label.length)),
		fit(` ${rate(cpu.faultsPerSec)} flt/s wait ${percent(cpu.lockWaitShare)}`, width),
		fit(` p50 ${compactNs(cpu.latencyP50Ns)}  p99 ${compactNs(cpu.latencyP99Ns)}`, width),
		fit(`${spec} aborts ${abortsFit(cpu.aborts, width - spec.length - 8)}`, width),
		' ' + paint.cyan(sparkline(cpu.sparkline, width - 1, max)),
	];
}

type LineKey = 'cpu' | 'mm' | 'state' | 'faults' | 'spec' | 'aborts' | 'p50' | 'p99' | 'wait' | 'history';

/** Numbers get their widest form's width (`rate` 5, `percent` 4, `compactNs` 6), so they are never cut. */
const lineColumns: ReadonlyArray<ColumnSpec<LineKey>> = [
	{key: 'cpu', header: ' CPU', width: 5, right: true},
	{key: 'state', header: 'STATE', width: 20, grow: 14},
	{key: 'faults', header: 'FLT/S', width: 6, right: true},
	{key: 'spec', header: 'SPEC', width: 4, right: true, drop: 2},
	{key: 'aborts', header: 'ABORTS', width: 14, drop: 3, grow: 10},
	{key: 'p50', header: 'P50', width: 6, right: true, drop: 4},
	{key: 'p99', header: 'P99', width: 6, right: true},
	{key: 'wait', header: 'WAIT', width: 4, right: true},
	{key: 'history', header: 'HISTORY', width: 8, grow: 22, drop: 1},
];

/** With several processes, the process column follows the CPU's. */
const mmColumn: ColumnSpec<LineKey> = {key: 'mm', header: 'MM', width: 4};

function lineColumnsFor(cpus: readonly CpuSnapshot[]): ReadonlyArray<ColumnSpec<LineKey>> {
	return multiProcess(cpus) ? [lineColumns[0]!, mmColumn, ...lineColumns.slice(1)] : lineColumns;
}

function lineRows(input: CpuLinesInput, columns: ReadonlyArray<Column<LineKey>>, max: number): string[] {
	const history = columns.find(column => column.key === 'history');
	const aborts = columns.find(column => column.key === 'aborts');
	const lines = [paint.dim(headerRow(columns))];
	for (const cpu of input.cpus) {
		const state = describeActivity(cpu.activity);
		const selected = input.focused && cpu.cpu === input.selected;
		lines.push(
			tableRow(
				columns,
				{
					cpu: `${selected ? '>' : ''}${cpu.cpu}`,
					mm: mmLabel(cpu),
					state: state.words,
					faults: rate(cpu.faultsPerSec),
					spec: percent(cpu.speculativeShare),
					aborts: aborts ? abortsFit(cpu.aborts, aborts.width) : '',
					p50: compactNs(cpu.latencyP50Ns),
					p99: compactNs(cpu.latencyP99Ns),
					wait: percent(cpu.lockWaitShare),
					history: history ? sparkline(cpu.sparkline, history.width, max) : '',
				},
				{cpu: selected ? paint.inverse : undefined, state: state.paint, history: paint.cyan},
			),
		);
	}

	return lines;
}

function gridRows(input: CpuLinesInput, perRow: number, firstRow: number, rows: number, sparkTop: number): string[] {
	const {cpus, width} = input;
	let max = 0;
	for (const cpu of cpus) max = Math.max(max, cpu.faultsPerSec ?? 0);
	const lines: string[] = [];
	for (let row = firstRow; row < firstRow + rows; row++) {
		const first = row * perRow;
		let line = paint.dim(fitEnd(String(first), gridLabelWidth - 1)) + ' ';
		for (const cpu of cpus.slice(first, first + perRow)) {
			const state = describeActivity(cpu.activity);
			const cell = state.letter + bar(cpu.faultsPerSec, max);
			line += (input.focused && cpu.cpu === input.selected ? paint.inverse(cell) : state.paint(cell)) + ' '.repeat(gridCellWidth - 2);
		}

		lines.push(line.trimEnd());
	}

	lines.push(paint.dim(clip(`f fault  s spin  z sleep  w mmap/munmap/mprotect  u user  · idle   ▁▂▃▄▅▆▇█ faults/s in the last ${compactNs(input.windowNs)}, █ ${rate(max)}/s`, width)));
	const selected = cpus[Math.min(input.selected, cpus.length - 1)];
	if (selected) lines.push(selectedLine(input, selected, sparkTop));
	return lines;
}

/** The selected CPU in full: its state first, then whole figures as they fit, its recent faults/s last. */
function selectedLine(input: CpuLinesInput, cpu: CpuSnapshot, sparkTop: number): string {
	const {width} = input;
	const state = describeActivity(cpu.activity);
	const head = `cpu${cpu.cpu} ${multiProcess(input.cpus) ? `${mmLabel(cpu)} ` : ''}`;
	const words = clip(state.words, Math.max(Math.min(state.words.length, 28), width - head.length));
	const figures = [`${rate(cpu.faultsPerSec)} flt/s`, `spec ${percent(cpu.speculativeShare)}`, `p50 ${compactNs(cpu.latencyP50Ns)} p99 ${compactNs(cpu.latencyP99Ns)}`, `wait ${percent(cpu.lockWaitShare)}`, `aborts ${abortsText(cpu.aborts)}`];
	const rest = joinFitting(figures, width - head.length - words.length - 3, ' · ').text;
	const text = rest === '' ? '' : ` · ${rest}`;
	const room = Math.min(width - head.length - words.length - text.length - 3, cpu.sparkline.length);
	const history = room >= 4 ? ' · ' + paint.cyan(sparkline(cpu.sparkline, room, sparkTop)) : '';
	return paint.bold(head) + state.paint(words) + text + history;
}
