/**
 * Seeking a recording: where a seek key goes, and the unpaced fold from time 0 that brings
 * the dashboard's state to the target (the state is a fold, so a seek replays up to it).
 */
import type {Observable, SchedulerLike} from 'rxjs';
import type {SimEvent} from '../../sim/events.ts';
import {simulationBatches} from '../../stream/index.ts';
import type {ReplayPosition} from './frame.ts';
import type {ReplayedSource} from './run-source.ts';

/** Where a seek key goes: ±10% of the recording, its start or its end. */
export type SeekKey = 'back' | 'forward' | 'start' | 'end';

/** Slice and budget of the unpaced fold a seek replays up to its target. */
const seekBudgetMs = 30;
const seekBatch = 1000;

/** The time a seek key moves to from `fromNs`, before clamping. */
export function seekKeyTarget(where: SeekKey, fromNs: number, durationNs: number): number {
	const step = Math.max(1, Math.round(durationNs / 10));
	if (where === 'start') return 0;
	if (where === 'end') return durationNs;
	return fromNs + (where === 'forward' ? step : -step);
}

/** `targetNs` as a time of the recording: whole ns from 0 to its end. */
export function clampSeek(targetNs: number, durationNs: number): number {
	return Math.min(durationNs, Math.max(0, Math.round(targetNs)));
}

/**
 * The batches from time 0 up to `targetNs` (the replay must be at 0), unpaced, in ticks of at
 * most `seekBudgetMs` so keys keep answering; none for a target of 0.
 */
export function fastForward(replay: ReplayedSource, targetNs: number, scheduler: SchedulerLike): Observable<SimEvent[]>[] {
	if (targetNs === 0) return [];
	return [simulationBatches(replay, {sliceNs: targetNs, tickMs: 0, untilNs: targetNs, budgetMs: seekBudgetMs, maxEventsPerBatch: seekBatch, scheduler})];
}

/** The header's replay position: where the snapshot is, and the seek still on its way. */
export function replayPosition(file: string, timeNs: number, durationNs: number, seeking: number | null): ReplayPosition {
	const positionNs = Math.min(durationNs, timeNs);
	return {file, positionNs, durationNs, seekingTo: seeking, ended: seeking === null && positionNs >= durationNs};
}
