/**
 * The header: what runs (scheme, scenario, seed, CPUs), how far and how fast, then the
 * machine's totals over the last window and the latest notice; a race flag once the run
 * has a violation.
 */
import {percent, rate} from '../../format/numbers.ts';
import type {ViolationView} from '../session/first-violation.ts';
import type {Frame} from '../session/frame.ts';
import {clip} from '../text/fit.ts';
import {formatSimTime, speedLabel} from '../text/format.ts';
import {paint} from '../text/paint.ts';

/**
 * Header line 1 (after the spinner's 4 columns): PAUSED, the race flag and REC when they
 * apply, then what runs, or the latest notice in place of the scenario details while it is
 * up; line 2: time, speed and the machine's totals. Each at most `width` columns.
 */
export function headerLines(frame: Frame, width: number): [string, string] {
	const banner = frame.paused ? ' PAUSED ' : '';
	const rec = frame.recording === null ? '' : recordingLabel(frame.recording);
	const flag = frame.violation === null ? '' : raceFlag(frame.violation, width - (banner ? banner.length + 1 : 0) - (rec ? rec.length + 1 : 0));
	const room = width - (banner ? banner.length + 1 : 0) - (rec ? rec.length + 1 : 0) - (flag ? flag.length + 1 : 0);
	const scheme = `${frame.scheme.id}${frame.breakVariant ? ` (broken: ${frame.breakVariant})` : ''}`;
	const replay = frame.replay === null ? '' : `${replayLabel(frame.replay)} · `;
	const head = `spf-top · ${replay}${scheme}: ${frame.scheme.title}`;
	const tail = frame.notice ? ` · ${frame.notice}` : ` · ${frame.scenario} · seed ${frame.seed} · ${frame.topology}`;
	const lead = `spf-top · ${replay}${scheme}`;
	const painted = frame.notice ? paint.bold(clip(lead, room)) + paint.magenta(clip(tail, Math.max(0, room - lead.length))) : paint.bold(clip(head + tail, room));
	const marker = rec === '' ? '' : (frame.recording!.stopped ? paint.dim(rec) : paint.boldRed(rec)) + ' ';
	const line1 = (banner ? paint.bold(paint.inverse(paint.yellow(banner))) + ' ' : '') + (flag ? paint.boldRed(paint.inverse(flag)) + ' ' : '') + marker + painted;

	const {target, achieved} = frame.speed;
	// Say so when the simulator cannot keep up with the speed asked for.
	const reached = achieved !== null && achieved < target * 0.8 ? ` (reaching ${speedLabel(achieved)})` : '';
	const {totals} = frame.snapshot;
	const stats = `t ${formatSimTime(frame.snapshot.timeNs)} · ${speedLabel(target)}${reached} · faults ${rate(totals.faultsPerSec)}/s · speculative ${percent(totals.speculativeShare)} · aborts ${rate(totals.abortsPerSec)}/s · `;
	const violations = `violations ${totals.violations}`;
	const line2 = stats.length + violations.length <= width ? stats + (totals.violations > 0 ? paint.boldRed(violations) : violations) : clip(stats + violations, width);
	return [line1, line2];
}

/**
 * ` ! RACE: pte-exceeds-vma on cpu0+cpu1 · press ! ` once the run has a violation (the CPUs
 * of its diagram), shorter where `room` is tight: it leaves at least 16 columns for what
 * runs (the flag matters more than the scheme's title, but `spf-top · scheme` stays).
 */
export function raceFlag(view: ViolationView, room: number): string {
	const {kind} = view.violation;
	const forms = [` ! RACE: ${kind} on ${view.cpus.map(cpu => `cpu${cpu}`).join('+')} · press ! `, ` ! RACE: ${kind} · press ! `, ' ! RACE · press ! ', ' ! '];
	return forms.find(form => room - form.length - 1 >= 16) ?? forms.at(-1)!;
}

/** `REC ● run.ndjson  1.2 MB` while it grows; `REC stopped run.ndjson  1.2 MB` once `s` ended it. */
export function recordingLabel(recording: NonNullable<Frame['recording']>): string {
	const name = recording.file.split('/').pop() ?? recording.file;
	return `REC ${recording.stopped ? 'stopped' : '●'} ${name}  ${bytesLabel(recording.bytes)}`;
}

/** `512 B`, `12.3 kB`, `1.2 MB`, `1.05 GB` (powers of 1000). */
export function bytesLabel(bytes: number): string {
	if (bytes < 1000) return `${bytes} B`;
	const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kB'] : bytes < 1e9 ? [bytes / 1e6, 'MB'] : [bytes / 1e9, 'GB'];
	return `${value.toFixed(value < 10 && unit === 'GB' ? 2 : 1)} ${unit}`;
}

/** `REPLAY run.ndjson · 4.000 ms / 20.000 ms`, and where a seek is going or that the end is reached. */
export function replayLabel(replay: NonNullable<Frame['replay']>): string {
	const name = replay.file.split('/').pop() ?? replay.file;
	const where = `${formatSimTime(replay.positionNs)} / ${formatSimTime(replay.durationNs)}`;
	const state = replay.seekingTo !== null ? ` · seeking to ${formatSimTime(replay.seekingTo)}` : replay.ended ? ' · END of recording' : '';
	return `REPLAY ${name} · ${where}${state}`;
}
