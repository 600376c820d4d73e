/**
 * `spf-top explain SCENARIO [--schedule S]`: replays one schedule (the command `explore`
 * prints) to the checker's first violation and draws it as an interleaving; given a
 * recording (FILE.ndjson[.gz]) instead, draws the recording's first violation, without the
 * traced steps a re-run adds (a recorded run does not trace them). `--json`
 * gives the same steps as data. Exit 1 when there is no violation to draw.
 */
import type {RunOptions} from '../run/run-options.ts';
import type {Io} from '../run/io.ts';
import {formatInterleaving, interleaving} from '../explore/interleaving.ts';
import {runSchedule} from '../explore/run-schedule.ts';
import {UsageError} from '../run/usage-error.ts';
import {openRecording} from '../record/index.ts';
import type {MachineConfig} from '../sim/config.ts';
import type {SimEvent, ViolationEvent} from '../sim/events.ts';
import {formatSchedule} from '../sim/schedule.ts';
import {prepareRun} from '../run/prepare-run.ts';

export async function runExplain(options: RunOptions, io: Io): Promise<number> {
	if (options.scenario !== undefined && /\.ndjson(\.gz)?$/.test(options.scenario)) return explainRecording(options, options.scenario, io);
	const {scenario, machine, durationNs} = prepareRun(options);
	const schedule = options.schedule ?? [];
	const events: SimEvent[] = [];
	const outcome = await runSchedule({scenario: options.scenario, scheme: machine.scheme, breakVariant: machine.breakVariant ?? undefined, cpus: machine.cpus, sockets: options.sockets, seed: machine.seed, durationNs, schedule, steps: true}, undefined, batch => events.push(...batch));
	const run = `${describeRun(scenario.name, machine)}, schedule ${schedule.length === 0 ? '(none)' : formatSchedule(schedule)}`;
	if (outcome.violation === null) {
		io.stderr.write(`spf-top explain: no violation in ${run} over ${durationNs / 1e6} ms: nothing to explain\n`);
		return 1;
	}
	return draw(options, io, run, events, outcome.violation, {scenario: scenario.name, scheme: machine.scheme, breakVariant: machine.breakVariant, cpus: machine.cpus, seed: machine.seed, schedule: formatSchedule(schedule)});
}

/** A recording (`--record`, or the live dashboard's) explained as it was run: its first violation. */
async function explainRecording(options: RunOptions, file: string, io: Io): Promise<number> {
	if (options.schedule !== undefined) throw new UsageError('--schedule does not apply to a recording: it is explained as it was run');
	const recording = await openRecording(file);
	const events: SimEvent[] = [];
	let violation: ViolationEvent | undefined;
	for await (const batch of recording.batches()) {
		const at = batch.findIndex(e => e.type === 'violation');
		events.push(...(at === -1 ? batch : batch.slice(0, at + 1)));
		if (at !== -1) {
			violation = batch[at] as ViolationEvent;
			break;
		}
	}
	const {scenario, machine} = recording.header;
	const run = `${file}: ${describeRun(scenario.name, machine)}`;
	if (violation === undefined) {
		io.stderr.write(`spf-top explain: no violation in ${run}: nothing to explain\n`);
		return 1;
	}
	if (!events.some(e => e.type === 'step')) io.stderr.write(`spf-top explain: ${file} holds no traced steps (find_vma, set_pte_at, free_pgtables): explain the run itself to see them\n`);
	return draw(options, io, run, events, violation, {recording: file, scenario: scenario.name, scheme: machine.scheme, breakVariant: machine.breakVariant, cpus: machine.cpus, seed: machine.seed});
}

function draw(options: RunOptions, io: Io, run: string, events: readonly SimEvent[], violation: ViolationEvent, about: object): number {
	const diagram = interleaving(events, violation);
	io.stdout.write(options.json ? JSON.stringify({...about, violation, interleaving: diagram}) + '\n' : `${run}:\n\n${formatInterleaving(diagram)}\n`);
	return 0;
}

function describeRun(scenario: string, machine: MachineConfig): string {
	return `${scenario} under ${machine.scheme}${machine.breakVariant === null ? '' : ` --break ${machine.breakVariant}`}, ${machine.cpus} CPUs, seed ${machine.seed}`;
}
