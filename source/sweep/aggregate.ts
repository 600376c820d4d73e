/**
 * The rows folded over seeds: per scheme and CPU count the median, min and max of the
 * metric, and the table of medians with each scheme's ratio to the first one.
 */
import {formatMetric, metricLabel, metricValue, type Metric} from './metric.ts';
import type {SweepHeader} from './plan.ts';
import type {SweepRow} from './row.ts';

/** One point of a curve: the metric over the seeds run at this CPU count. */
export interface Point {
	readonly cpus: number;
	readonly median: number;
	readonly min: number;
	readonly max: number;
	/** Runs behind the point (those with a value). */
	readonly runs: number;
}

/** One scheme's curve, points in the order of the sweep's CPU counts. */
export interface Series {
	readonly scheme: string;
	readonly points: readonly Point[];
}

export function sweepSeries(header: SweepHeader, rows: readonly SweepRow[], metric: Metric): Series[] {
	return header.schemes.map(scheme => ({
		scheme,
		points: header.cpus.flatMap(cpus => {
			const values = rows.filter(r => r.scheme === scheme && r.cpus === cpus).map(r => metricValue(metric, r)).filter((v): v is number => v !== null);
			return values.length === 0 ? [] : [{cpus, median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length}];
		}),
	}));
}

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The table under the chart: a row per CPU count, a column per scheme, `median ratio×`. */
export function sweepTable(header: SweepHeader, series: readonly Series[], metric: Metric): {readonly caption: string; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[]} {
	const first = series[0];
	const rows = header.cpus.map(cpus => {
		const base = first?.points.find(p => p.cpus === cpus)?.median;
		return [
			String(cpus),
			...series.map((s, i) => {
				const point = s.points.find(p => p.cpus === cpus);
				if (point === undefined) return '-';
				const value = formatMetric(metric, point.median);
				if (i === 0) return value;
				return `${value} ${base === undefined || base === 0 ? '-' : `${(point.median / base).toFixed(2)}×`}`;
			}),
		];
	});
	const caption = first === undefined ? '' : `median over seeds of ${metricLabel(metric)} · × is the ratio to ${first.scheme}`;
	return {caption, columns: ['CPUs', ...series.map(s => s.scheme)], rows};
}

/** The caption, then the table as aligned plain text: the CPU column left, the numbers right-aligned. */
export function formatSweepTable(table: ReturnType<typeof sweepTable>): string[] {
	const all = [table.columns, ...table.rows];
	const widths = table.columns.map((_, i) => Math.max(...all.map(r => r[i]!.length)));
	return [table.caption, ...all.map(r => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd())];
}
