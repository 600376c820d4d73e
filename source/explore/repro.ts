/**
 * A found race as something anyone can re-run: the scenario file written out next to the
 * command that reproduces the race with `spf-top --headless` (every choice on the command
 * line, nothing left to defaults that might change), and with `--save` a scenario whose
 * `expect:` block pins the race for `spf-top check`.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {formatNs} from '../format/numbers.ts';
import type {MachineConfig} from '../sim/config.ts';
import {exactDuration, formatSchedule} from '../sim/schedule.ts';
import type {Case} from './shrink.ts';

/** The arguments that pin the run: scheme, variant, CPUs, seed, duration, schedule. */
export function raceArguments(race: Case, machine: MachineConfig): string[] {
	const args = ['--scheme', machine.scheme];
	if (machine.breakVariant !== null) args.push('--break', machine.breakVariant);
	args.push('--cpus', String(race.cpus), '--seed', String(machine.seed), '--duration', exactDuration(race.durationNs));
	if (race.schedule.length > 0) args.push('--schedule', formatSchedule(race.schedule));
	return args;
}

/** `spf-top FILE --headless ...` (or `spf-top explain FILE ...`), quoted for a POSIX shell. */
export function reproCommand(command: 'run' | 'explain', file: string, args: readonly string[]): string {
	return ['spf-top', ...(command === 'run' ? [file, '--headless'] : ['explain', file]), ...args].map(shellWord).join(' ');
}

/** Writes the scenario's text (the shrunk one) to a file in the temporary directory; returns the path. */
export function writeScenarioCopy(text: string, scenarioName: string, machine: MachineConfig): string {
	const file = join(tmpdir(), `spf-top-race-${scenarioName}-${machine.scheme}${machine.breakVariant === null ? '' : `-${machine.breakVariant}`}.yaml`);
	writeFileSync(file, text);
	return file;
}

/** The text a race is replayed from: the shrunk scenario, headed by where it came from, or the file as it is. */
export function raceScenarioText(race: Case, sourceFile: string): string {
	if (race.text === undefined) return readFileSync(sourceFile, 'utf8');
	return `# Shrunk by spf-top explore from ${sourceFile}: the same kind of violation with less in it.\n${race.text}`;
}

/**
 * `explore --save FILE`: the scenario at the race's CPU count, duration and seed, its
 * `expect:` block replaced by one `caught:` entry with the schedule, so `spf-top check FILE`
 * fails the day the race stops reproducing. Returns the absolute path.
 */
export function writePinnedScenario(scenarioText: string, race: Case, machine: MachineConfig, target: string): string {
	let text = scenarioText.replace(/^expect:.*\n(?:(?:[ \t].*|#.*)?\n)*/m, '');
	text = setTopLevel(text, 'cpus', String(race.cpus));
	text = setTopLevel(text, 'duration', exactDuration(race.durationNs));
	text = setTopLevel(text, 'seed', String(machine.seed));
	const entry = [`scheme: ${machine.scheme}`, ...(machine.breakVariant === null ? [] : [`break: ${machine.breakVariant}`]), ...(race.schedule.length === 0 ? [] : [`schedule: '${formatSchedule(race.schedule)}'`])];
	const header = `# Pinned by spf-top explore: ${raceSentence(race)}\n`;
	const file = resolve(target);
	writeFileSync(file, `${header}${text.trimEnd()}\n\nexpect:\n  caught:\n    - {${entry.join(', ')}}\n`);
	return file;
}

/** Sets a top-level `key: value` line, adding it after `duration:` (or at the end) when absent. */
function setTopLevel(text: string, key: string, value: string): string {
	const line = new RegExp(`^${key}:.*$`, 'm');
	if (line.test(text)) return text.replace(line, `${key}: ${value}`);
	const after = /^duration:.*$/m.exec(text);
	if (after === null) return `${text.trimEnd()}\n${key}: ${value}\n`;
	const at = after.index + after[0].length;
	return `${text.slice(0, at)}\n${key}: ${value}${text.slice(at)}`;
}

/** The sentence a report and a saved file give the race. */
export function raceSentence(race: Case): string {
	const v = race.violation;
	return `${v.kind} at ${formatNs(v.t)} on CPU ${v.cpu} in ${v.fn}: ${v.detail}`;
}

function shellWord(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
