/**
 * The recording flags (`--record`, `--replay`, `--strict`, `--format`, `-o`) and the
 * `verify` / `export` commands: which go together, checked before anything runs.
 */
import {exportFormats, type ExportFormat} from '../record/export-formats.ts';
import {recordingCommands, type RecordingOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import type {RawFlags} from './flags.ts';

const machineFlags = ['scheme', 'break', 'cpus', 'machine', 'sockets', 'threads-per-core', 'seed', 'duration'] as const;

export function buildRecordingOptions(command: string, positional: readonly string[], raw: RawFlags): RecordingOptions {
	const takesFile = (recordingCommands as readonly string[]).includes(command);
	if (takesFile && positional.length !== 1) {
		throw new UsageError(`spf-top ${command} takes one recording file, got ${positional.length === 0 ? 'none' : `${positional.length}: ${positional.join(' ')}`}`);
	}
	const record = file('--record', raw.record);
	const replay = file('--replay', raw.replay);
	if (record !== undefined && replay !== undefined) throw new UsageError('--record and --replay cannot be used together (to copy a recording, copy the file)');
	if ((record !== undefined || replay !== undefined) && command !== 'run') {
		throw new UsageError(`${record === undefined ? '--replay' : '--record'} applies to a run, not to spf-top ${command}`);
	}
	if (replay !== undefined || takesFile) {
		const given: string[] = [...machineFlags.filter(flag => raw[flag] !== undefined), ...(raw['no-memcg'] ? ['no-memcg'] : [])];
		const what = replay === undefined ? `spf-top ${command}` : '--replay';
		if (given.length > 0) throw new UsageError(`${what} takes the scenario and machine from the recording; drop --${given.join(', --')}`);
		if (replay !== undefined && positional.length > 0) throw new UsageError(`--replay takes the scenario from the recording; drop "${positional[0]}"`);
	}
	if (raw.live && record === undefined) throw new UsageError('--live applies to --record (the dashboard is already live without it)');
	if (raw.live && raw.headless) throw new UsageError('--live and --headless cannot be used together (--record alone is headless)');
	if (raw.strict && replay === undefined && !takesFile) throw new UsageError('--strict applies to reading a recording (--replay, verify, export)');
	// sweep and merge take --format and -o too; sweep-options.ts checks them there.
	const sweeping = command === 'sweep' || command === 'merge';
	if ((raw.format !== undefined || raw.output !== undefined) && command !== 'export' && !sweeping && command !== 'import' && command !== 'trace' && !(command === 'recover' && raw.format === undefined)) {
		throw new UsageError(`${raw.format === undefined ? '-o/--output' : '--format'} applies to spf-top export, sweep, merge, import and trace`);
	}
	const format = sweeping ? 'chrome-trace' : (raw.format ?? 'chrome-trace');
	if (!(exportFormats as readonly string[]).includes(format)) throw new UsageError(`--format "${format}" is not known (allowed: ${exportFormats.join(', ')})`);
	return {
		record,
		live: raw.live,
		replay,
		strict: raw.strict,
		file: takesFile ? positional[0] : undefined,
		format: format as ExportFormat,
		output: sweeping ? undefined : file('--output', raw.output),
	};
}

function file(flag: string, value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	if (value.trim() === '') throw new UsageError(`${flag} needs a file name, got ""`);
	return value;
}
