import type {OperatorFunction, SchedulerLike} from 'rxjs';
import {asyncScheduler, bufferTime, filter, map, pipe} from 'rxjs';

/**
 * The dashboard's frame period in ms: 30 fps. Ink's own cap is raised to 60 fps for the
 * dashboard (`dashboardMaxFps`): at Ink's default of 30, frames arriving at this same period
 * were measured to render at half the rate.
 */
export const defaultFrameMs = 33;

/**
 * Joins the batches that arrive within each frame into one array; frames without batches
 * emit nothing.
 *
 * @param frameMs Frame period in ms; `defaultFrameMs` (33) when omitted.
 * @param scheduler Runs the frame timer; `asyncScheduler` when omitted.
 */
export function batchPerFrame<T>(frameMs: number = defaultFrameMs, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<readonly T[], T[]> {
	return pipe(
		bufferTime<readonly T[]>(frameMs, scheduler),
		// bufferTime emits an empty buffer for every idle frame.
		filter(batches => batches.length > 0),
		map(batches => batches.flat()),
	);
}
