/**
 * `npm run bench`: every benchmark, each printing its own table; `--json` prints one JSON
 * object instead; `--quick` measures once instead of taking medians. Figures are measured
 * in this run, so ratios compare like with like.
 */
import {resolve} from 'node:path';
import {commandsBench, compareArgs, sweepArgs} from './commands.ts';
import {engineBench, formatEngine} from './engine.ts';
import {firstFrameBench, formatFirstFrame} from './first-frame.ts';
import {formatLive, liveBench} from './live.ts';
import {formatRecord, recordBench} from './record.ts';
import {formatRender, renderBench} from './render.tsx';
import {formatSpread} from './stats.ts';
import {startupBench} from './startup.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = {};
const print = (text: string): void => {
	if (!json) console.log(text + '\n');
};

const engine = engineBench(quick);
results['engine'] = engine;
print(formatEngine(engine));

const commands = commandsBench(resolve('dist/cli.js'), quick ? 1 : 3);
results['commands'] = commands;
print(`wall time (median): spf-top ${compareArgs.join(' ')} ${(commands.compare.median / 1000).toFixed(2)} s ${formatSpread(commands.compare)} · spf-top ${sweepArgs.join(' ')} ${(commands.sweep.median / 1000).toFixed(2)} s ${formatSpread(commands.sweep)}`);

const record = await recordBench(quick ? 1 : 3);
results['record'] = record;
print(formatRecord(record));

const render = await renderBench(quick ? {frames: 20} : {});
results['render'] = render;
print(formatRender(render));

const live = await liveBench(quick, process.argv.includes('--no-record') ? false : true);
results['live'] = live;
print(formatLive(live, quick));

const startup = startupBench(quick ? 3 : 7);
results['startup'] = startup;
print(`start-up (median): node -e 0 ${startup.node.median.toFixed(0)} ms ${formatSpread(startup.node)} · spf-top --version ${startup.version.median.toFixed(0)} ms ${formatSpread(startup.version)} · --headless --duration 1ms ${startup.headless.median.toFixed(0)} ms ${formatSpread(startup.headless)}`);

const firstFrame = await firstFrameBench(quick ? 2 : 5);
results['firstFrame'] = firstFrame;
print(formatFirstFrame(firstFrame));

if (json) console.log(JSON.stringify(results, null, 2));
