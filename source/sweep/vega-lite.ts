/**
 * The sweep's chart as a Vega-Lite v5 spec with the runs inline: per scheme a min-max band
 * over seeds, the median line and its points, on a log-2 x axis of the CPU counts. Paste it
 * into any Vega viewer (the online editor, `vl2svg`, a notebook).
 * https://vega.github.io/vega-lite/docs/
 */
import {metricLabel, metricValue, type Metric} from './metric.ts';
import type {SweepHeader} from './plan.ts';
import type {SweepRow} from './row.ts';
import {sweepTitle} from './title.ts';

export function sweepVegaLite(header: SweepHeader, rows: readonly SweepRow[], metric: Metric): string {
	const values = rows.map(r => ({scheme: r.scheme, cpus: r.cpus, seed: r.seed, value: metricValue(metric, r)})).filter(v => v.value !== null);
	const x = {field: 'cpus', type: 'quantitative', title: 'CPUs (log₂ scale)', scale: {type: 'log', base: 2}, axis: {values: header.cpus, format: 'd'}};
	const color = {field: 'scheme', type: 'nominal', title: 'scheme', sort: header.schemes};
	const spec = {
		$schema: 'https://vega.github.io/schema/vega-lite/v5.json',
		title: sweepTitle(header),
		width: 640,
		height: 360,
		data: {values},
		transform: [{aggregate: [{op: 'median', field: 'value', as: 'median'}, {op: 'min', field: 'value', as: 'min'}, {op: 'max', field: 'value', as: 'max'}], groupby: ['scheme', 'cpus']}],
		encoding: {x, color},
		layer: [
			{mark: {type: 'area', opacity: 0.2}, encoding: {y: {field: 'min', type: 'quantitative', title: metricLabel(metric)}, y2: {field: 'max'}}},
			{mark: {type: 'line', point: true}, encoding: {y: {field: 'median', type: 'quantitative', title: metricLabel(metric)}, tooltip: [{field: 'scheme'}, {field: 'cpus'}, {field: 'median'}, {field: 'min'}, {field: 'max'}]}},
		],
	};
	return JSON.stringify(spec, null, 2) + '\n';
}
