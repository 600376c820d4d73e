// The dashboard stopped by a signal in a real terminal (tmux): it gives the screen back, then
// dies by that signal (so a shell loop stops); with --live --record the file is finished
// first. A small Node wrapper in the pane reports how the program ended (a shell's $? cannot
// tell death by SIGHUP from exit code 129) and its pid, so the signal goes to it alone.
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {hasTmux} from '../e2e/tmux.ts';
import {until} from '../until.ts';
import {tempDir} from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = `${root}dist/cli.js`;
const temp = tempDir();
const sessions: string[] = [];
after(() => {
	for (const name of sessions) spawnSync('tmux', ['kill-session', '-t', name]);
	temp.remove();
});

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [`${root}source/build.mjs`], {stdio: 'inherit'});
});

const wrapper = `
const {spawn} = require('node:child_process');
const {writeFileSync} = require('node:fs');
const [pidFile, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, args, {stdio: 'inherit'});
writeFileSync(pidFile, String(child.pid));
// The wrapper outlives the terminal's signals: only the child gets them.
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
child.on('exit', (code, signal) => {
	console.log('ENDED code=' + code + ' signal=' + signal);
	// Keep the screen for the test; the session's end (SIGHUP) now ends the wrapper too.
	for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(s);
	setTimeout(() => {}, 600000);
});
`;

describe('the dashboard stopped by a signal', {concurrency: 1, skip: hasTmux ? false : 'tmux is not installed'}, () => {
	for (const [signal, record] of [['SIGHUP', false], ['SIGTERM', false], ['SIGHUP', true]] as const) {
		test(`${signal}${record ? ' with --live --record' : ''}: the screen is given back, the process dies by ${signal}${record ? ', and the file verifies' : ''}`, async () => {
			const name = `spf-rec-${process.pid}-${sessions.length}`;
			sessions.push(name);
			const script = temp.path('wrapper.cjs');
			writeFileSync(script, wrapper);
			const pidFile = temp.path(`${name}.pid`);
			const file = temp.path(`${name}.ndjson`);
			const args = [cli, 'default', '--cpus', '2', ...(record ? ['--live', '--record', file] : [])];
			const command = `cd ${temp.dir} && env -u CI NODE_ENV=production ${process.execPath} ${script} ${pidFile} ${args.join(' ')}`;
			execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '120', '-y', '40', command]);
			const screen = (): string => execFileSync('tmux', ['capture-pane', '-p', '-t', name], {encoding: 'utf8'});
			// Ready: a first frame of the dashboard.
			await until('a first frame', () => (screen().includes('Events') ? true : null), undefined, screen);
			const pid = Number(readFileSync(pidFile, 'utf8'));
			process.kill(pid, signal);
			const ended = await until('the end', () => /ENDED code=.* signal=.*/.exec(screen())?.[0], undefined, screen);
			assert.equal(ended, `ENDED code=null signal=${signal}`);
			// The shell's screen is back: the dashboard's frame is gone.
			assert.ok(!screen().includes('Events'), screen());
			if (record) {
				const verified = spawnSync(process.execPath, [cli, 'verify', file], {encoding: 'utf8'});
				assert.equal(verified.status, 0, verified.stdout + verified.stderr);
			}
		});
	}
});
