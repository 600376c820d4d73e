import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {until} from '../until.ts';
import {cli} from './spawn.ts';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const enterAlternateScreen = '\u001B[?1049h';

test('the dashboard paints "starting…" before the heavy imports, and erases it', {skip: !hasTmux && 'no tmux'}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-starting-'));
	const [go, log] = [join(dir, 'go'), join(dir, 'out')];
	writeFileSync(log, '');
	const name = `spf-starting-${process.pid}`;
	// The program starts only once its output is captured (pipe-pane starts asynchronously).
	const command = `while [ ! -e ${go} ]; do sleep 0.02; done; env -u CI NODE_ENV=production ${process.execPath} ${cli} --cpus 4; echo "EXIT=$?"; sleep 600`;
	execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '120', '-y', '40', command]);
	try {
		execFileSync('tmux', ['pipe-pane', '-o', '-t', name, `cat >> ${log}`]);
		await until('pipe-pane to start', () => (spawnSync('tmux', ['display-message', '-p', '-t', name, '#{pane_pipe}'], {encoding: 'utf8'}).stdout.trim() === '1' ? true : undefined));
		writeFileSync(go, '');
		const output = await until('the first dashboard frame', () => {
			const text = readFileSync(log, 'utf8');
			return text.includes(enterAlternateScreen) && text.includes('Events') ? text : undefined;
		});
		const starting = output.indexOf('spf-top · starting…');
		assert.ok(starting !== -1, 'the starting line was written');
		assert.ok(starting < output.indexOf(enterAlternateScreen), 'before the dashboard took the screen');
		execFileSync('tmux', ['send-keys', '-t', name, 'q']);
		const screen = await until('the exit status', () => {
			const text = execFileSync('tmux', ['capture-pane', '-p', '-t', name], {encoding: 'utf8'});
			return /EXIT=\d+/.test(text) ? text : undefined;
		});
		assert.match(screen, /EXIT=0/);
		assert.doesNotMatch(screen, /starting…/, 'the shell gets its screen back without the starting line');
	} finally {
		spawnSync('tmux', ['kill-session', '-t', name]);
		rmSync(dir, {recursive: true, force: true});
	}
});

test('headless runs and piped output get no starting line', () => {
	const r = spawnSync(process.execPath, [cli, '--headless', '--duration', '1ms'], {encoding: 'utf8'});
	assert.equal(r.status, 0, r.stderr);
	assert.doesNotMatch(r.stdout + r.stderr, /starting…/);
});
