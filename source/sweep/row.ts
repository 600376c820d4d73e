/**
 * One result row of a sweep: the full job description and every figure of the run's
 * `RunSummary`, as `spf-top --headless --json` prints them. The same rows feed the table,
 * the chart, CSV, NDJSON and JSON.
 */
import type {RunSummary} from '../stream/index.ts';
import type {SweepHeader, SweepJob} from './plan.ts';

export interface SweepJobDescription {
	/** Place in the whole sweep's job order. */
	readonly job: number;
	readonly scenario: string;
	readonly scenarioHash: string;
	readonly scheme: string;
	readonly breakVariant: string | null;
	readonly cpus: number;
	readonly sockets: number;
	readonly seed: number;
	readonly durationNs: number;
	readonly tool: string;
}

export type SweepRow = SweepJobDescription & RunSummary;

/** The fields a row adds to `--headless --json`'s object. */
export const jobOnlyFields = ['job', 'scenarioHash', 'durationNs', 'tool'] as const;

export function sweepRow(header: SweepHeader, job: SweepJob, summary: RunSummary): SweepRow {
	// The summary's own cpus is the job's; the description keeps its place in the key order.
	const {cpus: _cpus, ...figures} = summary;
	return {
		job: job.index,
		scenario: header.scenario,
		scenarioHash: header.scenarioHash,
		scheme: job.scheme,
		breakVariant: header.breakVariant,
		cpus: job.cpus,
		sockets: job.machineSockets,
		seed: job.seed,
		durationNs: header.durationNs,
		tool: header.tool,
		...figures,
	};
}
