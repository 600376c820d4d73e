/**
 * `spf-top explain SCENARIO [--schedule S]`: replays one schedule (the command `explore`
 * prints) to the checker's first violation and draws it as an interleaving; `--json` gives
 * the same steps as data. Exit 1 when the run shows no violation.
 */
import type {RunOptions} from '../cli/options.ts';
import type {Io} from '../cli/run.ts';
import {formatInterleaving, interleaving} from '../explore/interleaving.ts';
import {runSchedule} from '../explore/run-schedule.ts';
import type {SimEvent} from '../sim/events.ts';
import {formatSchedule} from '../sim/schedule.ts';
import {prepareRun} from './prepare-run.ts';

export async function runExplain(options: RunOptions, io: Io): Promise<number> {
	const {scenario, machine, durationNs} = prepareRun(options);
	const schedule = options.schedule ?? [];
	const events: SimEvent[] = [];
	const outcome = await runSchedule({scenario: options.scenario, scheme: machine.scheme, breakVariant: machine.breakVariant ?? undefined, cpus: machine.cpus, sockets: options.sockets, seed: machine.seed, durationNs, schedule}, undefined, batch => events.push(...batch));
	const run = `${scenario.name} under ${machine.scheme}${machine.breakVariant === null ? '' : ` --break ${machine.breakVariant}`}, ${machine.cpus} CPUs, seed ${machine.seed}, schedule ${schedule.length === 0 ? '(none)' : formatSchedule(schedule)}`;
	if (outcome.violation === null) {
		io.stderr.write(`spf-top explain: no violation in ${run} over ${durationNs / 1e6} ms: nothing to explain\n`);
		return 1;
	}
	const diagram = interleaving(events, outcome.violation);
	io.stdout.write(options.json ? JSON.stringify({scenario: scenario.name, scheme: machine.scheme, breakVariant: machine.breakVariant, cpus: machine.cpus, seed: machine.seed, schedule: formatSchedule(schedule), violation: outcome.violation, interleaving: diagram}) + '\n' : `${run}:\n\n${formatInterleaving(diagram)}\n`);
	return 0;
}
