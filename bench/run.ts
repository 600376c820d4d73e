/**
 * `npm run bench`: every benchmark, each printing its own table. `--json` prints one JSON
 * object instead. Figures are medians measured in this run, so ratios compare like with like.
 */
import {engineBench, formatEngine} from './engine.ts';

const json = process.argv.includes('--json');
const results: Record<string, unknown> = {};

const engine = engineBench();
results['engine'] = engine;
if (!json) console.log(formatEngine(engine) + '\n');

if (json) console.log(JSON.stringify(results, null, 2));
