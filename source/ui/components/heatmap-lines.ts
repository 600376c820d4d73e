/**
 * The lock heatmap's lines: one row per hot lock, one column per CPU (or per group of
 * CPUs when they do not fit) or per time window, shaded by the wait that ended there. The
 * scale is fixed, in absolute nanoseconds of wait per cell (decades: under 1µs, 10µs,
 * 100µs, and more), and stated in the legend, so the same wait has the same shade in every
 * frame and under every scheme (`s`). Each row is one string; runs of equal shade share one
 * colour code.
 */
import type {LockHeat} from '../../stream/index.ts';
import {fit, fitEnd, joinFitting} from '../text/fit.ts';
import {compactNs} from '../text/format.ts';
import {paint} from '../text/paint.ts';
import {paneTitle} from './pane-title.ts';

/** Shades for no wait, then for each bucket of `heatScaleNs`. */
export const shades = ['·', '░', '▒', '▓', '█'] as const;

/** Where each shade above `░` starts: a log scale of wait per cell, in ns. */
export const heatScaleNs = [1_000, 10_000, 100_000] as const;

export interface HeatmapInput {
	/** The hottest locks of the last window, hottest first. */
	readonly locks: readonly LockHeat[];
	readonly cpus: number;
	/** Columns are CPUs or time windows. */
	readonly axis: 'cpu' | 'time';
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	/** Selected row. */
	readonly selected: number;
	readonly windowNs: number;
}

/** Cell geometry: `width` columns per cell, `group` CPUs (or windows) per cell, `cells` cells. */
export interface HeatGeometry {
	readonly labelWidth: number;
	readonly cellWidth: number;
	readonly group: number;
	readonly cells: number;
}

const valueWidth = 6;

/** How `count` columns of data fit beside the labels in `width`. */
export function heatGeometry(locks: readonly LockHeat[], count: number, width: number): HeatGeometry {
	const labelWidth = Math.min(24, Math.max(10, ...locks.map(lock => lock.id.length)));
	const area = Math.max(1, width - labelWidth - valueWidth - 2);
	if (count * 2 <= area) return {labelWidth, cellWidth: Math.min(4, Math.floor(area / count)), group: 1, cells: count};
	const group = Math.ceil(count / area);
	return {labelWidth, cellWidth: 1, group, cells: Math.ceil(count / group)};
}

/** The shade level (0-4) of `waitNs` on the fixed scale: 0 for none, then one per decade. */
export function shadeLevel(waitNs: number): number {
	if (waitNs <= 0) return 0;
	let level = 1;
	for (const start of heatScaleNs) if (waitNs >= start) level++;
	return level;
}

/** The scale as the legend states it: `·0 ░<1µs ▒<10µs ▓<100µs █≥100µs`. */
function scaleLegend(): {readonly text: string; readonly width: number} {
	const micro = (ns: number) => `${ns / 1000}µs`;
	const labels = ['0', ...heatScaleNs.map(ns => `<${micro(ns)}`), `≥${micro(heatScaleNs.at(-1)!)}`];
	const parts = shades.map((shade, level) => shade + labels[level]!);
	return {text: shades.map((shade, level) => paint.heat[level]!(shade) + labels[level]!).join(' '), width: parts.join(' ').length};
}

export function heatmapLines(input: HeatmapInput): string[] {
	const {locks, width, axis} = input;
	const columns = axis === 'cpu' ? input.cpus : Math.max(1, ...locks.map(lock => lock.waitNsHistory.length));
	const geometry = heatGeometry(locks, columns, width);
	const what = axis === 'cpu' ? 'locks × CPUs' : 'locks × time';
	const info = joinFitting([what, `wait in the last ${compactNs(input.windowNs)} window`, `h: ${axis === 'cpu' ? 'time' : 'CPUs'}`], width - 'Locks'.length - 4, ' · ').text;
	const title = paneTitle('Locks', info, width, input.focused);
	if (locks.length === 0) return [title, paint.dim(fit(' no lock was waited for in the last window', width).trimEnd())];
	const rows = locks.slice(0, Math.max(1, input.height - 3));
	const cells = rows.map(lock => groupCells(axis === 'cpu' ? lock.waitNsByCpu : lock.waitNsHistory, geometry.group, geometry.cells));
	const lines = [title, axisLine(input, geometry, columns)];
	rows.forEach((lock, i) => {
		const selected = input.focused && i === input.selected;
		const label = fit(`${selected ? '>' : ''}${lock.id}`, geometry.labelWidth);
		lines.push(`${selected ? paint.inverse(label) : label} ${shadeRow(cells[i]!, geometry.cellWidth)} ${fitEnd(compactNs(lock.waitNs), valueWidth)}`);
	});
	lines.push(legend(input, geometry, rows));
	return lines;
}

/** Sums `values` in groups of `group` into `cells` cells. */
function groupCells(values: readonly number[], group: number, cells: number): number[] {
	const out = new Array<number>(cells).fill(0);
	for (let i = 0; i < values.length && i < cells * group; i++) out[Math.floor(i / group)]! += values[i]!;
	return out;
}

function shadeRow(values: readonly number[], cellWidth: number): string {
	let line = '';
	let run = '';
	let runLevel = -1;
	for (const value of values) {
		const level = shadeLevel(value);
		if (level !== runLevel && run !== '') {
			line += paint.heat[runLevel]!(run);
			run = '';
		}

		runLevel = level;
		run += level === 0 ? shades[0].padEnd(cellWidth) : shades[level]!.repeat(cellWidth);
	}

	return run === '' ? line : line + paint.heat[runLevel]!(run);
}

function axisLine(input: HeatmapInput, geometry: HeatGeometry, columns: number): string {
	const {labelWidth, cellWidth, group, cells} = geometry;
	const area = cells * cellWidth;
	const chars = new Array<string>(area).fill(' ');
	const place = (at: number, text: string) => {
		for (let i = 0; i < text.length && at + i < area; i++) chars[at + i] = text[i]!;
	};

	if (input.axis === 'cpu') {
		const widest = String(columns - 1).length + 1;
		const every = [1, 2, 4, 8, 16, 32, 64, 128].find(n => n * cellWidth >= widest) ?? 256;
		for (let cell = 0; cell < cells; cell += every) place(cell * cellWidth, String(cell * group));
	} else {
		place(0, `-${columns}`);
		place(Math.max(0, area - 3), 'now');
	}

	const label = input.axis === 'cpu' ? (group > 1 ? `CPU ×${group}` : 'CPU') : 'window';
	return paint.dim(`${fit(label, labelWidth)} ${chars.join('')} ${fitEnd('wait', valueWidth)}`);
}

function legend(input: HeatmapInput, geometry: HeatGeometry, rows: readonly LockHeat[]): string {
	const scale = scaleLegend();
	const per = input.axis === 'cpu' ? (geometry.group > 1 ? `per ${geometry.group} CPUs` : 'per CPU') : 'per window, all CPUs';
	const lock = input.focused ? rows[Math.min(input.selected, rows.length - 1)] : undefined;
	// Whole figures only: parts that do not fit are left out.
	const parts = lock ? [`${lock.id}: wait ${compactNs(lock.waitNs)},`, `${lock.acquisitions} acquired,`, `${lock.contended} contended`] : [`wait ${per} in ${compactNs(input.windowNs)}`];
	const text = joinFitting(parts, input.width - scale.width - 1).text;
	return `${scale.text}${text === '' ? '' : ' ' + paint.dim(text.replace(/,$/, ''))}`;
}
