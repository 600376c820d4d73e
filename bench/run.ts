/**
 * `npm run bench`: every benchmark, each printing its own table; `--json` prints one JSON
 * object instead; `--quick` measures once instead of taking medians. Figures are measured
 * in this run, so ratios compare like with like.
 */
import {resolve} from 'node:path';
import {allocationBench, formatAllocations} from './allocations.ts';
import {commandsBench, compareArgs, sweepArgs} from './commands.ts';
import {engineBench, formatEngine} from './engine.ts';
import {firstFrameBench, formatFirstFrame} from './first-frame.ts';
import {formatLive, liveBench} from './live.ts';
import {formatRecord, recordBench} from './record.ts';
import {formatRender, renderBench} from './render.tsx';
import {formatSpread} from './stats.ts';
import {formatStartup, startupBench} from './startup.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
// `--only engine,commands`: just those parts (a loaded machine cannot afford all of them).
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1]!.split(',')) : null;
const part = (name: string): boolean => only === null || only.has(name);
const results: Record<string, unknown> = {};
const print = (text: string): void => {
	if (!json) console.log(text + '\n');
};

if (part('engine')) {
	const engine = engineBench(quick);
	results['engine'] = engine;
	print(formatEngine(engine));
}

if (part('allocations')) {
	const allocations = await allocationBench(quick);
	results['allocations'] = allocations;
	print(formatAllocations(allocations));
}

if (part('commands')) {
	const commands = commandsBench(resolve('dist/cli.js'), quick ? 1 : 3);
	results['commands'] = commands;
	print(`wall time (median): spf-top ${compareArgs.join(' ')} ${(commands.compare.median / 1000).toFixed(2)} s ${formatSpread(commands.compare)} · spf-top ${sweepArgs.join(' ')} ${(commands.sweep.median / 1000).toFixed(2)} s ${formatSpread(commands.sweep)}`);
}

if (part('record')) {
	const record = await recordBench(quick ? 1 : 3);
	results['record'] = record;
	print(formatRecord(record));
}

if (part('render')) {
	const render = await renderBench(quick ? {frames: 20} : {});
	results['render'] = render;
	print(formatRender(render));
}

if (part('live')) {
	const live = await liveBench(quick, process.argv.includes('--no-record') ? false : true);
	results['live'] = live;
	print(formatLive(live, quick));
}

if (part('startup')) {
	const startup = startupBench(quick ? 3 : 7);
	results['startup'] = startup;
	print(formatStartup(startup));
}

if (part('firstFrame')) {
	const firstFrame = await firstFrameBench(quick ? 2 : 5);
	results['firstFrame'] = firstFrame;
	print(formatFirstFrame(firstFrame));
}

if (json) console.log(JSON.stringify(results, null, 2));
