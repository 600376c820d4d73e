/**
 * The sweep's x-y chart as terminal text: one curve per scheme (its own marker and colour),
 * a vertical bar from the min to the max over seeds at each point, a labelled y axis, a
 * log-2 x axis labelled with the CPU counts, and a legend. Written here rather than taken
 * from a package: asciichart plots a series against its index (no x values, no log axis,
 * no legend) and simple-ascii-chart has no bands or error bars; neither draws a log-2 axis.
 * Each line comes back as runs of text tagged with a series index, so the caller colours
 * them (chalk in Ink) or joins them plainly (pipes, files).
 */
import type {Series} from './aggregate.ts';
import {formatMetric, metricLabel, type Metric} from './metric.ts';
import {chartAxes, xFraction, yFraction} from './scale.ts';

/** Markers, one per scheme, in the order of `--schemes`; all one column wide. */
export const markers = ['●', '■', '▲', '◆', '★', '✚', '○', '□', '△', '◇'] as const;

/** A cell where the points of several schemes fall. */
const sharedMarker = '◎';

/** A piece of a line; `series` says whose colour it takes (none: the axes). */
export interface Run {
	readonly text: string;
	readonly series: number | null;
}

export type ChartLine = readonly Run[];

export interface ChartSize {
	/** Columns for the whole chart, axis labels included. */
	readonly width: number;
	/** Rows of the plot area (axes, labels and legend come on top of these). */
	readonly height: number;
}

interface Cell {
	ch: string;
	series: number | null;
}

export function terminalChart(cpus: readonly number[], series: readonly Series[], metric: Metric, size: ChartSize): ChartLine[] {
	const axes = chartAxes(cpus, series);
	const yLabels = axes.yTicks.map(v => formatMetric(metric, v));
	const labelWidth = Math.max(...yLabels.map(l => l.length));
	const plotWidth = Math.max(10, size.width - labelWidth - 2);
	const plotHeight = Math.max(4, size.height);
	const grid: Cell[][] = Array.from({length: plotHeight}, () => Array.from({length: plotWidth}, () => ({ch: ' ', series: null})));
	const column = (c: number): number => Math.round(xFraction(axes, c) * (plotWidth - 1));
	const row = (v: number): number => plotHeight - 1 - Math.round(yFraction(axes, v) * (plotHeight - 1));
	const put = (r: number, c: number, ch: string, s: number, over: boolean): void => {
		const cell = grid[r]?.[c];
		if (cell === undefined || (!over && cell.ch !== ' ')) return;
		cell.ch = ch;
		cell.series = s;
	};
	// Lines first, then the min-max bars, then the markers on top of both.
	series.forEach((s, i) => {
		for (let k = 1; k < s.points.length; k++) {
			const a = s.points[k - 1]!;
			const b = s.points[k]!;
			const [c0, c1] = [column(a.cpus), column(b.cpus)];
			for (let c = c0 + 1; c < c1; c++) {
				const t = (c - c0) / (c1 - c0);
				put(row(a.median + (b.median - a.median) * t), c, '·', i, false);
			}
		}
	});
	series.forEach((s, i) => {
		for (const p of s.points) for (let r = row(p.max); r <= row(p.min); r++) put(r, column(p.cpus), '│', i, true);
	});
	// Points of two schemes in one cell would hide one of them: mark the cell as shared.
	const markerSet = new Set<string>(markers);
	let shared = false;
	series.forEach((s, i) => {
		for (const p of s.points) {
			const [r, c] = [row(p.median), column(p.cpus)];
			const cell = grid[r]?.[c];
			if (cell !== undefined && (markerSet.has(cell.ch) || cell.ch === sharedMarker) && cell.series !== i) {
				cell.ch = sharedMarker;
				cell.series = null;
				shared = true;
			} else {
				put(r, c, markers[i % markers.length]!, i, true);
			}
		}
	});

	const tickRows = new Map(axes.yTicks.map((v, k) => [row(v), yLabels[k]!]));
	const lines: ChartLine[] = [[{text: metricLabel(metric), series: null}]];
	grid.forEach((cells, r) => {
		const label = tickRows.get(r);
		lines.push([{text: `${(label ?? '').padStart(labelWidth)} ${label === undefined ? '│' : '┤'}`, series: null}, ...runs(cells)]);
	});
	const axis = Array.from({length: plotWidth}, () => '─');
	const labels = Array.from({length: plotWidth + labelWidth + 2}, () => ' ');
	let free = 0;
	for (const c of cpus) {
		const at = column(c);
		axis[at] = '┬';
		const text = String(c);
		const start = Math.min(labelWidth + 2 + at - Math.floor((text.length - 1) / 2), labels.length - text.length);
		if (start < free) continue; // would touch the previous label
		for (let k = 0; k < text.length; k++) labels[start + k] = text[k]!;
		free = start + text.length + 1;
	}
	lines.push([{text: `${' '.repeat(labelWidth)} └${axis.join('')}`, series: null}]);
	lines.push([{text: labels.join('').trimEnd(), series: null}]);
	const xTitle = 'CPUs (log₂ scale)';
	lines.push([{text: `${' '.repeat(labelWidth + 2 + Math.max(0, Math.floor((plotWidth - xTitle.length) / 2)))}${xTitle}`, series: null}]);
	lines.push(...legend(series, shared, size.width));
	return lines;
}

/** `● mmap-sem  ■ spf-v12 …  │ min–max over seeds`, wrapped to `width`. */
function legend(series: readonly Series[], shared: boolean, width: number): ChartLine[] {
	const items: Run[][] = series.map((s, i) => [
		{text: markers[i % markers.length]!, series: i},
		{text: ` ${s.scheme}`, series: null},
	]);
	if (shared) items.push([{text: `${sharedMarker} several schemes`, series: null}]);
	items.push([{text: '│ min–max over seeds', series: null}]);
	const lines: Run[][] = [[]];
	let used = 0;
	for (const item of items) {
		const length = item.reduce((n, r) => n + r.text.length, 0);
		if (used > 0 && used + 2 + length > width) {
			lines.push([]);
			used = 0;
		}
		if (used > 0) lines.at(-1)!.push({text: '  ', series: null});
		lines.at(-1)!.push(...item);
		used += (used > 0 ? 2 : 0) + length;
	}
	return lines;
}

/** Merges neighbouring cells of the same series into runs. */
function runs(cells: readonly Cell[]): Run[] {
	const out: {text: string; series: number | null}[] = [];
	for (const cell of cells) {
		const last = out.at(-1);
		const series = cell.ch === ' ' ? null : cell.series;
		if (last !== undefined && last.series === series) last.text += cell.ch;
		else out.push({text: cell.ch, series});
	}
	return out;
}

/** A line without colour. */
export function plainLine(line: ChartLine): string {
	return line.map(r => r.text).join('').trimEnd();
}
