/**
 * A trace file to a scenario and the real figures, in one streaming pass: every event goes
 * to the model (what the scenario replays) and, inside the window, to the figures.
 */
import {basename} from 'node:path';
import {addMapsRegions} from './maps-regions.ts';
import {kernel, writeScenario} from './write-scenario.ts';
import {readPerfScript, type ReadStats} from './read-perf-script.ts';
import {RealFigures, type RealSummary} from './real-figures.ts';
import {TraceModel, type ModelOptions} from './trace-model.ts';

/** Replay steps kept by default: a few seconds of a busy program, a scenario well under 1 MiB. */
export const defaultMaxEvents = 100_000;

export interface Imported {
	readonly text: string;
	readonly cpus: number;
	readonly figures: RealSummary;
	readonly stats: ReadStats;
	/** The recording kernel's release, as the trace's header says. */
	readonly kernel: string;
}

/** A trace's path without `.gz`, `.txt` and `.trace`: `xz.trace.txt.gz` → `xz`. */
export function traceStem(file: string): string {
	return file.replace(/\.gz$/, '').replace(/\.txt$/, '').replace(/\.trace$/, '');
}

export async function importTrace(file: string, options: ModelOptions & {readonly cpus?: number; readonly name?: string}): Promise<Imported> {
	const model = new TraceModel(options);
	const figures = new RealFigures();
	const stats = await readPerfScript(file, event => {
		if (model.add(event)) figures.add(event);
	});
	const name = options.name ?? basename(traceStem(file));
	const fromMaps = addMapsRegions(model, stats.maps);
	const {text, cpus} = writeScenario(model, {name, traceFile: basename(file), meta: stats.meta, stats, cpus: options.cpus, fromMaps});
	return {text, cpus, figures: figures.summary(), stats, kernel: kernel(stats.meta)};
}
