/**
 * The CPU pane's lines for each view (`cpuView`): what each CPU is doing now, in colour and
 * in words, with its rates over the last window and a sparkline of recent faults/s.
 */
import type {CpuActivity, CpuSnapshot} from '../../stream/index.ts';
import {planColumns, headerRow, tableRow} from '../text/columns.ts';
import type {ColumnSpec} from '../text/columns.ts';
import {clip, fit, fitEnd} from '../text/fit.ts';
import {compactNs, percent, rate, share} from '../text/format.ts';
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
	const entries = Object.entries(aborts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
	return entries.length === 0 ? '0' : entries.map(([reason, n]) => `${reason} ${n}`).join(' ');
}

export interface CpuLinesInput {
	readonly cpus: readonly CpuSnapshot[];
	/** From `cpuView`: panes, lines or grid. */
	readonly view: CpuView;
	readonly width: number;
	readonly focused: boolean;
	readonly selected: number;
}

export function cpuLines(input: CpuLinesInput): string[] {
	const {view} = input;
	const title = paneTitle('CPUs', `${input.cpus.length} · ${view.mode === 'grid' ? gridInfo(input) : view.mode === 'panes' ? 'one pane each' : 'one line each'}`, input.width, input.focused);
	switch (view.mode) {
		case 'panes':
			return [title, ...paneRows(input, view.perRow, view.paneWidth)];
		case 'lines':
			return [title, ...lineRows(input)];
		case 'grid':
			return [title, ...gridRows(input, view.perRow, view.firstRow, view.rows)];
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

function paneRows(input: CpuLinesInput, perRow: number, paneWidth: number): string[] {
	const {cpus} = input;
	const max = sparkMax(cpus);
	const lines: string[] = [];
	for (let first = 0; first < cpus.length; first += perRow) {
		const group = cpus.slice(first, first + perRow);
		const panes = group.map(cpu => onePane(cpu, paneWidth, input.focused && cpu.cpu === input.selected, max));
		// The last pane of a row is not padded: blank cells cost Ink nothing, characters do.
		for (let line = 0; line < panes[0]!.length; line++) lines.push(panes.map(pane => pane[line]!).join(' ').trimEnd());
	}

	return lines;
}

function onePane(cpu: CpuSnapshot, width: number, selected: boolean, max: number): string[] {
	const state = describeActivity(cpu.activity);
	const label = fit(`${selected ? '>' : ' '}cpu${cpu.cpu}`, 7);
	return [
		(selected ? paint.inverse(label) : paint.bold(label)) + state.paint(fit(state.words, width - 7)),
		fit(` ${rate(cpu.faultsPerSec)} flt/s spec ${percent(cpu.speculativePct)} wait ${share(cpu.lockWaitShare)}`, width),
		fit(` p50 ${compactNs(cpu.latencyP50Ns)}  p99 ${compactNs(cpu.latencyP99Ns)}`, width),
		fit(` aborts ${abortsText(cpu.aborts)}`, width),
		' ' + paint.cyan(sparkline(cpu.sparkline, width - 1, max)),
	];
}

type LineKey = 'cpu' | 'state' | 'faults' | 'spec' | 'aborts' | 'p50' | 'p99' | 'wait' | 'history';

const lineColumns: ReadonlyArray<ColumnSpec<LineKey>> = [
	{key: 'cpu', header: ' CPU', width: 5, right: true},
	{key: 'state', header: 'STATE', width: 20, grow: 14},
	{key: 'faults', header: 'FLT/S', width: 6, right: true},
	{key: 'spec', header: 'SPEC', width: 4, right: true},
	{key: 'aborts', header: 'ABORTS', width: 14, drop: 2, grow: 10},
	{key: 'p50', header: 'P50', width: 6, right: true, drop: 3},
	{key: 'p99', header: 'P99', width: 6, right: true},
	{key: 'wait', header: 'WAIT', width: 4, right: true},
	{key: 'history', header: 'FLT/S HISTORY', width: 8, grow: 22, drop: 1},
];

function lineRows(input: CpuLinesInput): string[] {
	const columns = planColumns(lineColumns, input.width);
	const history = columns.find(column => column.key === 'history');
	const max = sparkMax(input.cpus);
	const lines = [paint.dim(headerRow(columns))];
	for (const cpu of input.cpus) {
		const state = describeActivity(cpu.activity);
		const selected = input.focused && cpu.cpu === input.selected;
		lines.push(
			tableRow(
				columns,
				{
					cpu: `${selected ? '>' : ''}${cpu.cpu}`,
					state: state.words,
					faults: rate(cpu.faultsPerSec),
					spec: percent(cpu.speculativePct),
					aborts: abortsText(cpu.aborts),
					p50: compactNs(cpu.latencyP50Ns),
					p99: compactNs(cpu.latencyP99Ns),
					wait: share(cpu.lockWaitShare),
					history: history ? sparkline(cpu.sparkline, history.width, max) : '',
				},
				{cpu: selected ? paint.inverse : undefined, state: state.paint, history: paint.cyan},
			),
		);
	}

	return lines;
}

function gridRows(input: CpuLinesInput, perRow: number, firstRow: number, rows: number): string[] {
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

	lines.push(paint.dim(clip(`f fault  s spin  z sleep  w mmap/munmap/mprotect  u user  · idle   ▁▂▃▄▅▆▇█ faults/s, █ ${rate(max)}/s`, width)));
	const selected = cpus[Math.min(input.selected, cpus.length - 1)];
	if (selected) {
		// The selected CPU in full, its recent faults/s last when there is room.
		const state = describeActivity(selected.activity);
		const rest = ` · ${rate(selected.faultsPerSec)} flt/s · spec ${percent(selected.speculativePct)} · p50 ${compactNs(selected.latencyP50Ns)} p99 ${compactNs(selected.latencyP99Ns)} · wait ${share(selected.lockWaitShare)} · aborts ${abortsText(selected.aborts)}`;
		const head = `cpu${selected.cpu} `;
		// The state first: the numbers give way when the line is narrow.
		const words = clip(state.words, Math.max(Math.min(state.words.length, 28), width - head.length - rest.length));
		const text = clip(rest, width - head.length - words.length);
		const room = Math.min(width - head.length - words.length - text.length - 3, selected.sparkline.length);
		const history = room >= 4 ? ' · ' + paint.cyan(sparkline(selected.sparkline, room, sparkMax(cpus))) : '';
		lines.push(paint.bold(head) + state.paint(words) + text + history);
	}

	return lines;
}
