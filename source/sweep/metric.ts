/**
 * What a sweep's chart and table show: one number per run, read from its row. The rows
 * keep every figure; the metric only picks one.
 */
import {formatNs, percent, rate} from '../format/numbers.ts';
import type {SweepRow} from './row.ts';

export type Metric = {readonly kind: 'faults-per-sec'} | {readonly kind: 'p99'} | {readonly kind: 'speculative'} | {readonly kind: 'wait'; readonly lock: string};

export const metricNames = ['faults-per-sec', 'p99', 'speculative', 'wait:<lock>'] as const;

/** `faults-per-sec`, `p99`, `speculative` or `wait:mmap_sem`; null when it is none of them. */
export function parseMetric(text: string): Metric | null {
	if (text === 'faults-per-sec' || text === 'p99' || text === 'speculative') return {kind: text};
	const lock = /^wait:([\w.-]+)$/.exec(text)?.[1];
	return lock === undefined ? null : {kind: 'wait', lock};
}

export function metricName(metric: Metric): string {
	return metric.kind === 'wait' ? `wait:${metric.lock}` : metric.kind;
}

/** The axis title: what the number is, with its unit. */
export function metricLabel(metric: Metric): string {
	switch (metric.kind) {
		case 'faults-per-sec':
			return 'faults per simulated second';
		case 'p99':
			return 'p99 fault latency';
		case 'speculative':
			return 'share of faults speculative';
		case 'wait':
			return `${metric.lock} wait, share of CPU time`;
	}
}

/** The run's value; null where it has none (no faults, or the lock never waited). */
export function metricValue(metric: Metric, row: SweepRow): number | null {
	switch (metric.kind) {
		case 'faults-per-sec':
			return row.faultsPerSec;
		case 'p99':
			return row.latencyNs.p99;
		case 'speculative':
			return row.speculativeShare;
		case 'wait':
			return row.locks.find(l => l.lockClass === metric.lock)?.waitShare ?? 0;
	}
}

/** A value as the table and the axis print it: `1.89 M`, `33.9 µs`, `48.8%`. */
export function formatMetric(metric: Metric, value: number): string {
	switch (metric.kind) {
		case 'faults-per-sec':
			return rate(value, ' ');
		case 'p99':
			return formatNs(value);
		case 'speculative':
		case 'wait':
			return percent(value, 1);
	}
}
