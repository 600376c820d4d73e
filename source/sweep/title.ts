/** The line above a sweep's chart, shared by the terminal, the SVG and Vega-Lite. */
import {formatNs} from '../format/numbers.ts';
import type {SweepHeader} from './plan.ts';

export function sweepTitle(header: SweepHeader): string {
	const seeds = header.seeds.length === 1 ? `seed ${header.seeds[0]}` : `${header.seeds.length} seeds`;
	const shard = header.shard === null ? '' : ` · shard ${header.shard.index}/${header.shard.count}`;
	return `spf-top sweep · ${header.scenario}${header.breakVariant === null ? '' : ` (broken: ${header.breakVariant})`} · ${formatNs(header.durationNs)} simulated · ${seeds}${shard}`;
}
