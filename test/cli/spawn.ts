// Runs the real bundle as a user would (`npm test` builds dist/cli.js first).
import {spawnSync} from 'node:child_process';

export const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

export function spfTop(...args: string[]): {code: number | null; stdout: string; stderr: string} {
	const r = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 120_000});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}
