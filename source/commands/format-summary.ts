/** The headless summary as a short, aligned text block. */
import {formatNs, percent, rate, thousands} from '../format/numbers.ts';
import {topologyLabel} from '../format/topology-label.ts';
import {printable} from '../record/printable.ts';
import type {PreparedRun} from '../run/prepare-run.ts';
import type {RunSummary} from '../stream/index.ts';

export function formatSummary(run: PreparedRun, s: RunSummary): string {
	const m = run.machine;
	const lines = [
		`spf-top · ${printable(run.scenario.name)} · scheme ${m.scheme}${m.breakVariant ? ` (broken: ${m.breakVariant})` : ''} · ${topologyLabel(m)} · seed ${m.seed}`,
		row('simulated', `${formatNs(s.simNs)} · ${thousands(s.events)} events`),
		row('faults', `${thousands(s.faults)} · ${rate(s.faultsPerSec, ' ')}/s · ok ${s.byOutcome.ok} · sigsegv ${s.byOutcome.sigsegv} · retry ${s.byOutcome.retry}`),
		row('paths', `classic ${s.byPath.classic} · speculative ${s.byPath.speculative} · fallback ${s.byPath.fallback}${s.speculativeShare === null ? '' : ` (${percent(s.speculativeShare, 1)} speculative)`}`),
		row('latency', `p50 ${formatNs(s.latencyNs.p50)} · p99 ${formatNs(s.latencyNs.p99)} · max ${formatNs(s.latencyNs.max)}`),
		row('lock wait', s.locks.length === 0 ? 'none' : s.locks.slice(0, 6).map(l => `${l.lockClass} ${percent(l.waitShare, 1)}`).join(' · ')),
		row('aborts', s.aborts.total === 0 ? '0' : `${s.aborts.total} (${Object.entries(s.aborts.byReason).map(([r, n]) => `${r} ${n}`).join(' · ')})`),
		row('writers', Object.entries(s.writers).map(([op, n]) => `${op} ${n}`).join(' · ')),
		row('frees', `vma ${s.vmaFrees.total} (${s.vmaFrees.deferred} deferred${s.vmaFrees.meanDeferralNs === null ? '' : `, mean ${formatNs(s.vmaFrees.meanDeferralNs)}`}) · grace periods rcu ${s.rcuGracePeriods.rcu} srcu ${s.rcuGracePeriods.srcu} · tlb shootdowns ${s.tlbShootdowns}`),
		row('violations', String(s.violations.count)),
	];
	for (const v of s.violations.first.slice(0, 5)) lines.push(`  ${formatNs(v.t)} ${v.kind} cpus ${v.cpus.join(',')} in ${printable(v.fn)}: ${printable(v.detail)}`);
	return lines.join('\n');
}

function row(label: string, text: string): string {
	return `${label.padEnd(11)} ${text}`;
}
