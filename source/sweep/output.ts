/**
 * A sweep's result in each output format. `sweep` and `merge` both print through here, so a
 * merged set of shards prints byte for byte what the unsharded sweep prints.
 */
import {formatSweepTable, sweepSeries, sweepTable} from './aggregate.ts';
import {sweepCsv} from './csv.ts';
import type {Metric} from './metric.ts';
import type {SweepHeader} from './plan.ts';
import type {SweepRow} from './row.ts';
import {sweepSvg} from './svg.ts';
import {plainLine, terminalChart} from './terminal-chart.ts';
import {sweepTitle} from './title.ts';
import {sweepVegaLite} from './vega-lite.ts';

export const sweepFormats = ['text', 'json', 'ndjson', 'csv', 'vega-lite'] as const;
export type SweepFormat = (typeof sweepFormats)[number];

/** Plot rows of the text chart when there is no terminal to size it by. */
export const plainChartSize = {width: 100, height: 16};

export interface SweepResult {
	readonly header: SweepHeader;
	/** In job order. */
	readonly rows: readonly SweepRow[];
}

export function formatSweep(result: SweepResult, format: SweepFormat, metric: Metric): string {
	const {header, rows} = result;
	switch (format) {
		case 'json':
			return JSON.stringify({...header, rows}) + '\n';
		case 'ndjson':
			return [header, ...rows].map(line => JSON.stringify(line) + '\n').join('');
		case 'csv':
			return sweepCsv(rows);
		case 'vega-lite':
			return sweepVegaLite(header, rows, metric);
		case 'text':
			return sweepText(result, metric, plainChartSize).join('\n') + '\n';
	}
}

/** Title, chart and table as plain lines. */
export function sweepText(result: SweepResult, metric: Metric, size: {width: number; height: number}): string[] {
	const series = sweepSeries(result.header, result.rows, metric);
	return [sweepTitle(result.header), '', ...terminalChart(result.header.cpus, series, metric, size).map(plainLine), '', ...formatSweepTable(sweepTable(result.header, series, metric))];
}

export function sweepSvgOf(result: SweepResult, metric: Metric): string {
	return sweepSvg(result.header, sweepSeries(result.header, result.rows, metric), metric);
}
