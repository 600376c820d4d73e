/**
 * Issue 10's counting tool: samples hostile CLI cases by seed (test/fuzz/cases.ts), runs each
 * against dist/cli.js under a time and memory bound, and prints per category how many came
 * out clean and how many printed a stack trace, exited with the wrong code, hung, lost data
 * or went over 1 GB. Each case counts once, under the first failure it shows in that order:
 * >1GB, hang, data lost, stack, wrong exit.
 *
 *   npm run fuzz -- --cases 800 --seed 1 [--jobs 2] [--timeout 20s] [--markdown FILE]
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {arbitraries, categories, makeFixtures, type Category, type FuzzCase} from '../test/fuzz/cases.ts';
import {failures, runCase, type Outcome, type Result} from '../test/fuzz/run-case.ts';

function option(name: string, fallback: string): string {
	const at = process.argv.indexOf(`--${name}`);
	return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}

const cases = Number(option('cases', '800'));
const seed = Number(option('seed', '1'));
const jobs = Number(option('jobs', '2'));
const timeout = option('timeout', '20s');
const timeoutMs = Number(/^(\d+)s$/.exec(timeout)?.[1] ?? Number.NaN) * 1000;
const markdown = option('markdown', '');
if (![cases, seed, jobs, timeoutMs].every(Number.isInteger) || cases < 1 || jobs < 1) {
	console.error('usage: fuzz --cases N --seed S [--jobs J] [--timeout 20s] [--markdown FILE]');
	process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), 'spf-fuzz-'));
const fixtures = makeFixtures(join(root, 'fixtures'));
const perCategory = Math.ceil(cases / categories.length);
const all: FuzzCase[] = categories.flatMap((category, i) => fc.sample(arbitraries[category], {seed: seed + i, numRuns: perCategory}));

const results: {fuzzCase: FuzzCase; args: readonly string[]; shell: boolean; result: Result}[] = [];
let next = 0;
const started = Date.now();
async function worker(): Promise<void> {
	while (next < all.length) {
		const index = next++;
		const fuzzCase = all[index]!;
		const dir = join(root, `case-${index}`);
		mkdirSync(dir);
		const prepared = fuzzCase.prepare(dir, fixtures);
		const result = await runCase(prepared, dir, {timeoutMs});
		results.push({fuzzCase, args: prepared.args, shell: prepared.shell ?? false, result});
		if (result.outcome === 'clean') rmSync(dir, {recursive: true, force: true});
		process.stderr.write(`\r${results.length}/${all.length} cases, ${((Date.now() - started) / 1000).toFixed(0)} s `);
	}
}
await Promise.all(Array.from({length: jobs}, worker));
process.stderr.write('\n');

const columns: readonly Outcome[] = ['clean', ...failures];
const header = ['category', 'tried', ...columns];
const rows = [...categories, 'total' as const].map(category => {
	const mine = results.filter(r => category === 'total' || r.fuzzCase.category === (category as Category));
	return [category, String(mine.length), ...columns.map(outcome => String(mine.filter(r => r.result.outcome === outcome).length))];
});
const table = [header, header.map(() => '---'), ...rows].map(row => `| ${row.join(' | ')} |`).join('\n');
const failed = results
	.filter(r => r.result.outcome !== 'clean')
	.sort((a, b) => a.fuzzCase.category.localeCompare(b.fuzzCase.category) || a.fuzzCase.label.localeCompare(b.fuzzCase.label));
const shown = (args: readonly string[]): string => args.map(arg => (/^[\w./:=,+-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
const list = failed.map(({fuzzCase, args, shell, result}) => `- **${result.outcome}** ${fuzzCase.category}: ${fuzzCase.label}\n  \`${shell ? 'sh' : 'spf-top'} ${shown(args).replaceAll(root, '$T')}\`: ${result.detail.replaceAll(root, '$T')}`).join('\n');
const seconds = ((Date.now() - started) / 1000).toFixed(0);
const report = `${table}\n\n${results.length} cases, seed ${seed}, ${jobs} at a time, bound ${timeout} and 1 GiB RSS, ${seconds} s.\n`;
console.log(report);
if (markdown) {
	writeFileSync(markdown, `# Fuzz counts\n\n\`npm run fuzz -- --cases ${cases} --seed ${seed} --jobs ${jobs}\`\n\n${report}\nEach case counts once, under the first of >1GB, hang, data lost, stack, wrong exit it shows.\n\n## Failing cases\n\n${list}\n`);
}
rmSync(root, {recursive: true, force: true});
