import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {test} from 'node:test';

// chalk (and Ink through it) reads the colour level once, when it is imported: --no-color
// works only if the CLI's first import sets it, before anything imports chalk.
// The probe lives under node_modules/.cache so that it resolves the package's own chalk.
const dir = fileURLToPath(new URL(`../../node_modules/.cache/spf-no-color-${process.pid}/`, import.meta.url));
mkdirSync(dir, {recursive: true});
const probe = `${dir}probe.mjs`;
writeFileSync(probe, `await import(${JSON.stringify(new URL('../../source/cli/no-color.ts', import.meta.url).href)});\nconst {default: chalk} = await import('chalk');\nprocess.stdout.write(JSON.stringify({level: chalk.level, NO_COLOR: process.env.NO_COLOR ?? null}));\n`);

function levelWith(args: string[], env: Record<string, string> = {}): {level: number; NO_COLOR: string | null} {
	const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR'));
	const r = spawnSync(process.execPath, ['--import', 'tsx', probe, ...args], {encoding: 'utf8', env: {...base, FORCE_COLOR: '3', ...env}, cwd: new URL('../..', import.meta.url).pathname});
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}

test('--no-color turns colour off before chalk is imported, as NO_COLOR=1 does', () => {
	assert.ok(levelWith([]).level > 0, 'FORCE_COLOR alone colours');
	assert.deepEqual(levelWith(['--headless', '--no-color']), {level: 0, NO_COLOR: '1'});
	assert.equal(levelWith([], {NO_COLOR: '1'}).level, 0);
	assert.ok(levelWith(['--', '--no-color']).level > 0, 'after -- it is a positional');
});
